package scan

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

var update = flag.Bool("update", false, "rewrite the expected.txt golden files")

// fixturesDir is the repository's fixtures folder.
const fixturesDir = "../fixtures"

// newScanner compiles the embedded policies once per test.
func newScanner(t testing.TB) *Scanner {
	t.Helper()
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return New(eng, Options{})
}

// scanDir scans dir as a repository root and renders the result in the
// golden format: findings and diagnostics, one per line.
func scanDir(t *testing.T, s *Scanner, dir string) (*engine.Result, string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := s.Run(context.Background(), abs, []string{abs})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "%s:%d:%d: %s [%s]\n", f.File, f.Pos.Line, f.Pos.Col, f.Message, f.RuleID)
	}
	for _, d := range res.Diagnostics {
		fmt.Fprintln(&b, d.Error())
	}
	return res, b.String()
}

// fixtureRepos lists every directory holding an expected.txt or a
// fail/pass case: fixtures/<family>/<case>/<fail|pass>, fixtures/repos/<name>.
func fixtureRepos(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, pattern := range []string{"*/*/fail", "*/*/pass", "repos/*"} {
		m, err := filepath.Glob(filepath.Join(fixturesDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	return dirs
}

// TestFixtures scans each fixture repository and compares the findings
// with its expected.txt (rewrite with -update, then review the diff).
func TestFixtures(t *testing.T) {
	s := newScanner(t)
	for _, dir := range fixtureRepos(t) {
		name, _ := filepath.Rel(fixturesDir, dir)
		t.Run(name, func(t *testing.T) {
			res, got := scanDir(t, s, dir)
			golden := filepath.Join(dir, "expected.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("findings differ from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
			if res.Files == 0 {
				t.Errorf("fixture %s scanned no file", dir)
			}
			if filepath.Base(dir) == "pass" && got != "" {
				t.Errorf("a pass fixture must produce nothing, got:\n%s", got)
			}
		})
	}
}

// TestEveryRuleHasFixtures demands, for each rule in the catalog, a fail
// fixture where it fires and a pass fixture (which must be silent).
func TestEveryRuleHasFixtures(t *testing.T) {
	s := newScanner(t)
	for _, r := range s.engine.Rules() {
		if !r.Builtin {
			continue
		}
		family, _, _ := strings.Cut(r.Path, "/")
		base := filepath.Join(fixturesDir, family, r.ID)
		t.Run(r.ID, func(t *testing.T) {
			res, _ := scanDir(t, s, filepath.Join(base, "fail"))
			if countRule(res, r.ID) == 0 {
				t.Errorf("%s/fail: rule %s does not fire", base, r.ID)
			}
			if _, err := os.Stat(filepath.Join(base, "pass")); err != nil {
				t.Errorf("rule %s has no pass fixture: %v", r.ID, err)
			}
		})
	}
}

func countRule(res *engine.Result, id string) int {
	n := 0
	for _, f := range res.Findings {
		if f.RuleID == id {
			n++
		}
	}
	return n
}

// TestRealisticRepository checks the acceptance scenario: a repository of
// realistic workflows yields every category, and the workflows written the
// safe way (OIDC, safe pull_request_target, input through env:, pinned
// actions) yield nothing.
func TestRealisticRepository(t *testing.T) {
	res, _ := scanDir(t, newScanner(t), filepath.Join(fixturesDir, "repos", "realistic"))
	categories := map[string]bool{}
	for _, f := range res.Findings {
		categories[f.Category] = true
	}
	for _, c := range []string{"static-credential", "missing-oidc", "wildcard-permission",
		"fork-secret-exposure", "injection", "unpinned-action"} {
		if !categories[c] {
			t.Errorf("no %s finding in the realistic repository", c)
		}
	}
	safe := map[string]bool{
		".github/workflows/oidc-deploy.yml": true,
		".github/workflows/labeler.yml":     true,
		".github/workflows/greet.yml":       true,
	}
	for _, f := range res.Findings {
		if safe[f.File] {
			t.Errorf("safe workflow flagged: %s:%d: %s [%s]", f.File, f.Pos.Line, f.Message, f.RuleID)
		}
	}
	if len(res.Diagnostics) != 0 {
		t.Errorf("unexpected diagnostics: %v", res.Diagnostics)
	}
}
