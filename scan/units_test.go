package scan

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/identity"
)

func TestRepoRoot(t *testing.T) {
	roots := map[string]bool{"a": true, "a/b/c": true, "x": true}
	for _, tc := range []struct{ rel, want string }{
		{".gitlab-ci.yml", "."},
		{"a/.github/workflows/ci.yml", "a"},
		{"a/b/main.tf", "a"},
		{"a/b/c/main.tf", "a/b/c"},
		{"a/b/c/d/e/main.tf", "a/b/c"},
		{"ab/main.tf", "."},
		{"/elsewhere/x.tf", "."},
	} {
		if got := repoRoot(roots, tc.rel); got != tc.want {
			t.Errorf("repoRoot(%q) = %q, want %q", tc.rel, got, tc.want)
		}
	}
}

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(dst, rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// scanCount scans dir and counts the findings of one rule.
func scanCount(t *testing.T, s *Scanner, dir, rule string) int {
	t.Helper()
	res, _ := scanDir(t, s, dir)
	return countRule(res, rule)
}

// TestUnitsAreRepositories: a tree of several repositories links each
// repository's jobs only to its own roles, and reads each repository's
// GitLab includes from its own root.
func TestUnitsAreRepositories(t *testing.T) {
	s := newScanner(t)
	chain := filepath.Join(fixturesDir, "repos", "identity-chain")

	// One repository: the job and the role it assumes are one chain.
	one := t.TempDir()
	copyTree(t, chain, filepath.Join(one, "app"))
	writeFile(t, filepath.Join(one, "app", ".git", "HEAD"), "ref: refs/heads/main\n")
	if n := scanCount(t, s, one, "cross-attack-path"); n != 1 {
		t.Fatalf("one repository: %d cross-attack-path findings, want 1", n)
	}

	// The same files as two repositories: the workflows' repository
	// defines no role, and the other's role is not the one they assume.
	two := t.TempDir()
	copyTree(t, filepath.Join(chain, ".github"), filepath.Join(two, "app", ".github"))
	copyTree(t, filepath.Join(chain, "infra"), filepath.Join(two, "infra"))
	writeFile(t, filepath.Join(two, "infra", ".git"), "gitdir: ../.git/modules/infra\n")
	if n := scanCount(t, s, two, "cross-attack-path"); n != 0 {
		t.Errorf("two repositories: %d cross-attack-path findings, want 0", n)
	}
	g, _, err := s.Load(context.Background(), two, []string{two})
	if err != nil {
		t.Fatalf("load two repositories into one graph: %v", err)
	}
	var ids int
	for _, d := range g.Documents {
		if d.Kind == identity.Kind {
			ids++
		}
	}
	if ids != 1 {
		t.Errorf("%d identity documents in the merged graph, want 1", ids)
	}

	// A nested repository reads "/ci/jobs.yml" from its own root.
	nested := t.TempDir()
	writeFile(t, filepath.Join(nested, "svc", ".github", "CODEOWNERS"), "* @org/team\n")
	writeFile(t, filepath.Join(nested, "svc", ".gitlab-ci.yml"), "include: /ci/jobs.yml\n")
	writeFile(t, filepath.Join(nested, "svc", "ci", "jobs.yml"),
		"deploy:\n  variables:\n    AWS_ACCESS_KEY_ID: AKIAZ7Q3L5N2XK4PQR6T\n  script: [aws s3 ls]\n")
	res, out := scanDir(t, s, nested)
	if strings.Contains(out, "include-error") {
		t.Errorf("nested repository's include not read from its root:\n%s", out)
	}
	found := false
	for _, f := range res.Findings {
		found = found || (f.RuleID == "gitlab-static-credential" && f.File == "svc/ci/jobs.yml" && f.Pos.Line == 3)
	}
	if !found {
		t.Errorf("no gitlab-static-credential at svc/ci/jobs.yml:3:\n%s", out)
	}
}

func TestPipelineRoots(t *testing.T) {
	tests := []struct {
		name  string
		roots []string // marked by .git or .github
		files []string
		want  []string
	}{
		{"projects side by side", nil,
			[]string{"a/.gitlab-ci.yml", "b/.gitlab-ci.yml", "b/ci/x.gitlab-ci.yml"}, []string{"a", "b"}},
		{"child pipelines of the scan root", nil,
			[]string{".gitlab-ci.yml", "svc/.gitlab-ci.yml"}, nil},
		{"child pipelines of a project", nil,
			[]string{"mono/.gitlab-ci.yml", "mono/svc/.gitlab-ci.yml", "mono/svc/deep/.gitlab-ci.yml"}, []string{"mono"}},
		{"inside a git repository", []string{"repo"},
			[]string{"repo/svc/.gitlab-ci.yml", "other/.gitlab-ci.yml"}, []string{"other", "repo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots := map[string]bool{}
			for _, r := range tt.roots {
				roots[r] = true
			}
			var dirs []string
			for _, f := range tt.files {
				if path.Base(f) == ".gitlab-ci.yml" {
					dirs = append(dirs, path.Dir(f))
				}
			}
			addPipelineRoots(roots, dirs)
			var got []string
			for r := range roots {
				got = append(got, r)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("roots = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNamedFilesAreOneRepository: files named one by one, as pre-commit
// passes the changed ones, belong to the scan root's repository: a child
// pipeline still reads its includes from the root.
func TestNamedFilesAreOneRepository(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".gitlab-ci.yml"), "include: /svc/.gitlab-ci.yml\n")
	writeFile(t, filepath.Join(dir, "svc", ".gitlab-ci.yml"), "include: /ci/templates.yml\nbuild: {extends: .build}\n")
	writeFile(t, filepath.Join(dir, "ci", "templates.yml"), ".build: {script: [make]}\n")
	named := filepath.Join(dir, "svc", ".gitlab-ci.yml")
	res, _, err := newScanner(t).Run(context.Background(), dir, []string{named})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("unexpected diagnostic: %v", d)
	}
}
