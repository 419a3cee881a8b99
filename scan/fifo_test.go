//go:build unix

package scan

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

// mkfifo makes rel (under dir) a named pipe. Opening one for reading
// blocks until a writer comes, so a scanner that opened it would hang.
func mkfifo(t *testing.T, dir, rel string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// fifoInputs are named pipes wherever the scanner might open a file:
// discovered, named on the command line, included, read by Terraform and
// searched for secrets. Regression: each of them hung the scan.
var fifoInputs = []badInput{
	{name: "pipe in the workflows folder", setup: func(t *testing.T, dir string) { mkfifo(t, dir, ".github/workflows/pipe.yml") },
		diag: ".github/workflows/pipe.yml", sev: graph.SevWarning},
	{name: "pipe named as a path", args: []string{".github/workflows/pipe.yml"},
		setup: func(t *testing.T, dir string) { mkfifo(t, dir, ".github/workflows/pipe.yml") },
		diag:  ".github/workflows/pipe.yml", sev: graph.SevError},
	{name: "GitLab CI named as a path is a pipe", args: []string{".gitlab-ci.yml"},
		setup: func(t *testing.T, dir string) { mkfifo(t, dir, ".gitlab-ci.yml") },
		diag:  ".gitlab-ci.yml", sev: graph.SevError},
	{name: "GitLab include is a pipe", files: map[string]string{".gitlab-ci.yml": "include: inc.yml\njob: {script: [a]}\n"},
		setup: func(t *testing.T, dir string) { mkfifo(t, dir, "inc.yml") },
		diag:  ".gitlab-ci.yml", line: 1, sev: graph.SevError},
	// file() of what cannot be read is an unknown value, as of a missing
	// file: no diagnostic is due, only no hang.
	{name: "Terraform file() of a pipe", files: map[string]string{"main.tf": "locals {\n  a = file(\"${path.module}/pipe\")\n}\n"},
		setup: func(t *testing.T, dir string) { mkfifo(t, dir, "pipe") }},
	{name: "pipe searched for secrets", opts: Options{Secrets: SecretsAll},
		setup: func(t *testing.T, dir string) { mkfifo(t, dir, "notes.txt") }},
}

func TestNamedPipes(t *testing.T) { runBadInputs(t, fifoInputs) }
