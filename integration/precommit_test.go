// Package integration tests nhilint through the tools users run it with:
// the real pre-commit, and the GitHub Action's script.
package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// staticKeyWorkflow logs in to AWS with stored keys: nhilint must block it.
const staticKeyWorkflow = `name: deploy
on: push
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@ececac1a45f3b08a01d2dd070d28d111c5fe6722 # v4.1.0
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: us-east-1
      - run: aws s3 sync dist s3://bucket
`

// oidcWorkflow is the same deploy with OIDC federation: it must pass.
const oidcWorkflow = `name: deploy
on: push
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: aws-actions/configure-aws-credentials@ececac1a45f3b08a01d2dd070d28d111c5fe6722 # v4.1.0
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: us-east-1
      - run: aws s3 sync dist s3://bucket
`

// TestPreCommitTryRepo runs the nhilint hook of .pre-commit-hooks.yaml
// with the real pre-commit (which builds nhilint with language: golang)
// on a repository whose workflow uses static AWS keys, then on the same
// repository once the workflow uses OIDC. pre-commit try-repo uses the
// committed hook definition plus uncommitted changes to tracked files.
//
// It needs pre-commit and git on PATH; when they are missing it is
// skipped, unless NHILINT_PRECOMMIT=1 (set by `make test`) demands it.
func TestPreCommitTryRepo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nhilint through pre-commit")
	}
	for _, tool := range []string{"pre-commit", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("NHILINT_PRECOMMIT") == "1" {
				t.Fatalf("%s is required (NHILINT_PRECOMMIT=1): %v", tool, err)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	hookRepo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	home := t.TempDir() // pre-commit's cache: the built hook is reused by the second run
	workflow := filepath.Join(repo, ".github", "workflows", "deploy.yml")
	write(t, workflow, staticKeyWorkflow)
	git(t, repo, "init", "-q")
	git(t, repo, "add", "-A")

	out, err := tryRepo(repo, home, hookRepo)
	if code := exitCode(err); code != 1 {
		t.Fatalf("static keys: pre-commit exit %d, want 1 (hook failed):\n%s", code, out)
	}
	for _, want := range []string{"Failed", "gha-cloud-login-static-key", ".github/workflows/deploy.yml:12:11"} {
		if !strings.Contains(out, want) {
			t.Errorf("static keys: output lacks %q:\n%s", want, out)
		}
	}

	write(t, workflow, oidcWorkflow)
	git(t, repo, "add", "-A")
	out, err = tryRepo(repo, home, hookRepo)
	if code := exitCode(err); code != 0 || !strings.Contains(out, "Passed") {
		t.Fatalf("OIDC: pre-commit exit %d, want 0 and Passed:\n%s", code, out)
	}
}

// tryRepo runs `pre-commit try-repo HOOKREPO nhilint --all-files` in repo.
func tryRepo(repo, home, hookRepo string) (string, error) {
	cmd := exec.Command("pre-commit", "try-repo", hookRepo, "nhilint", "--all-files", "--color", "never")
	cmd.Dir = repo
	// pre-commit gives the hook its own GOPATH; sharing the module cache
	// saves downloading every dependency again for each shadow repository.
	cmd.Env = append(os.Environ(), "PRE_COMMIT_HOME="+home, "GOMODCACHE="+goEnv("GOMODCACHE"), "GOFLAGS=-modcacherw")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// goEnv is a `go env` value, "" when go cannot tell.
func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// exitCode is a finished command's exit code; -1 when it did not run.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}
