package scan

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

// TestIdentityChain checks the acceptance scenario of the identity graph
// (fixtures/repos/identity-chain): the pull_request_target job that runs
// the pull request head and assumes a role Terraform grants
// AdministratorAccess is one critical finding whose related locations and
// code flow reach the Terraform file; the role trusted as repo:org/app:*
// and used only from the production environment gets the exact sub.
func TestIdentityChain(t *testing.T) {
	res, _ := scanDir(t, newScanner(t), filepath.Join(fixturesDir, "repos", "identity-chain"))
	var paths []engine.Finding
	for _, f := range res.Findings {
		if f.RuleID == "cross-attack-path" {
			paths = append(paths, f)
		}
	}
	if len(paths) != 1 {
		t.Fatalf("want one cross-attack-path finding, got %d: %+v", len(paths), paths)
	}
	f := paths[0]
	if f.Severity != engine.Critical || f.File != ".github/workflows/preview.yml" || f.Pos.Line != 9 || f.Pos.Col != 3 {
		t.Errorf("finding at %s:%s severity %s, want the preview job at .github/workflows/preview.yml:9:3, critical", f.File, f.Pos, f.Severity)
	}
	wantRelated := map[string]bool{
		"infra/main.tf:33:16":                 false, // policy_arn = AdministratorAccess
		"infra/main.tf:11:22":                 false, // the trust's Federated principal
		".github/workflows/preview.yml:17:11": false, // role-to-assume
	}
	for _, r := range f.Related {
		wantRelated[r.File+":"+r.Pos.String()] = true
	}
	for loc, seen := range wantRelated {
		if !seen {
			t.Errorf("no related location at %s: %+v", loc, f.Related)
		}
	}
	var flow []string
	for _, s := range f.Flow {
		flow = append(flow, s.File+":"+s.Pos.String())
	}
	want := []string{
		".github/workflows/preview.yml:3:3", ".github/workflows/preview.yml:14:11",
		".github/workflows/preview.yml:17:11", "infra/main.tf:26:1", "infra/main.tf:33:16",
	}
	if strings.Join(flow, " ") != strings.Join(want, " ") {
		t.Errorf("flow = %v, want %v", flow, want)
	}
}

// TestIdentityChainSuggestsSub checks the trust-vs-use acceptance: the
// role trusted as repo:org/app:* and assumed only by the production
// deploy job gets the exact environment sub.
func TestIdentityChainSuggestsSub(t *testing.T) {
	res, _ := scanDir(t, newScanner(t), filepath.Join(fixturesDir, "repos", "identity-chain"))
	var got []engine.Finding
	for _, f := range res.Findings {
		if f.RuleID == "cross-trust-wider-than-use" {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one cross-trust-wider-than-use finding, got %+v", got)
	}
	f := got[0]
	if f.File != "infra/main.tf" || f.Pos.Line != 46 || f.Pos.Col != 70 {
		t.Errorf("finding at %s:%s, want the repo:org/app:* value at infra/main.tf:46:70", f.File, f.Pos)
	}
	if !strings.Contains(f.Message, `allow exactly "repo:org/app:environment:production" with StringEquals`) {
		t.Errorf("message does not suggest the environment sub: %s", f.Message)
	}
	if len(f.Related) != 1 || f.Related[0].File != ".github/workflows/deploy.yml" || f.Related[0].Pos.Line != 16 {
		t.Errorf("related = %+v, want the deploy job's role-to-assume", f.Related)
	}
}
