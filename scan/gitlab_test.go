package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

// TestGitLabRealisticRepository checks the GitLab acceptance scenario: a
// deploy job that extends a hidden template from an included file with
// static AWS keys gets the finding at the template's line, in the
// included file, with the job as related location; the job that uses
// id_tokens gets nothing; the repository parses without diagnostics.
func TestGitLabRealisticRepository(t *testing.T) {
	dir := filepath.Join(fixturesDir, "repos", "gitlab-realistic")
	res, _ := scanDir(t, newScanner(t), dir)
	if len(res.Diagnostics) != 0 {
		t.Errorf("unexpected diagnostics: %v", res.Diagnostics)
	}
	key := findRule(res, "gitlab-static-credential", "variables.AWS_ACCESS_KEY_ID")
	if key == nil {
		t.Fatal("no gitlab-static-credential finding on the template's AWS_ACCESS_KEY_ID")
	}
	if key.File != "ci/aws.yml" || key.Pos.Line != 8 {
		t.Errorf("finding at %s:%d, want the template line ci/aws.yml:8", key.File, key.Pos.Line)
	}
	job := lineOf(t, filepath.Join(dir, ".gitlab-ci.yml"), "deploy-staging:")
	if len(key.Related) != 1 || key.Related[0].File != ".gitlab-ci.yml" || key.Related[0].Pos.Line != job ||
		!strings.Contains(key.Related[0].Message, `job "deploy-staging"`) {
		t.Errorf("related %+v, want the deploy-staging job at .gitlab-ci.yml:%d", key.Related, job)
	}
	categories := map[string]bool{}
	for _, f := range res.Findings {
		categories[f.Category] = true
		if strings.Contains(f.NodeID, "deploy-production") || f.File == "ci/oidc.yml" {
			t.Errorf("OIDC job flagged: %s:%d: %s [%s]", f.File, f.Pos.Line, f.Message, f.RuleID)
		}
	}
	for _, c := range []string{"static-credential", "missing-oidc", "unpinned-action", "injection", "fork-secret-exposure"} {
		if !categories[c] {
			t.Errorf("no %s finding in the GitLab realistic repository", c)
		}
	}
}

// lineOf is the 1-based line of file that starts with prefix.
func lineOf(t *testing.T, file, prefix string) int {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("no line starting with %q in %s", prefix, file)
	return 0
}

// findRule returns the first finding of rule on key.
func findRule(res *engine.Result, rule, key string) *engine.Finding {
	for i, f := range res.Findings {
		if f.RuleID == rule && f.Key == key {
			return &res.Findings[i]
		}
	}
	return nil
}
