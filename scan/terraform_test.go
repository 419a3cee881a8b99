package scan

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
)

// TestTerraformWildcardLocations checks that a wildcard written through a
// variable default, a local, a heredoc, jsonencode, a policy document or a
// plan file is reported where the "*" is written.
func TestTerraformWildcardLocations(t *testing.T) {
	res, _ := scanDir(t, newScanner(t), fixturesDir+"/repos/terraform-iam")
	var got []string
	for _, f := range res.Findings {
		if f.RuleID == "iam-full-admin" {
			got = append(got, fmt.Sprintf("%s:%d:%d", f.File, f.Pos.Line, f.Pos.Col))
		}
	}
	sort.Strings(got)
	want := []string{
		"infra/main.tf:2:18",      // local.admin_action
		"infra/main.tf:30:39",     // heredoc
		"infra/main.tf:43:19",     // jsonencode
		"infra/main.tf:52:18",     // aws_iam_policy_document actions
		"infra/variables.tf:3:14", // variable default
		"plan/tfplan.json:17:23",  // the policy string of the plan
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("iam-full-admin findings at\n%q\nwant\n%q", got, want)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d.Error())
	}
}
