package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cleanWorkflow = `name: CI
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: make test
`

// userRule is a --policy rule: it flags every job named "forbidden".
const userRule = `# METADATA
# title: Forbidden job name
# description: Jobs must not be called forbidden.
# related_resources:
#   - https://example.com/policy
# custom:
#   id: org-forbidden-job
#   category: other
#   severity: medium
#   remediation: Rename the job.
package nhilint.rules.org.forbidden_job

findings contains {"node": job.id, "key": "job_id", "msg": "job is called forbidden"} if {
	some wf in input.gha_workflows
	some job in wf.jobs
	job.job_id == "forbidden"
}
`

func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	clean := writeRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow})
	badPolicy := writeRepo(t, map[string]string{"p.rego": strings.Replace(userRule, "#   severity: medium\n", "", 1)})
	realistic := filepath.Join("..", "..", "fixtures", "repos", "realistic")
	broken := filepath.Join("..", "..", "fixtures", "repos", "broken")
	tests := []struct {
		name string
		args []string
		want int
		out  string // substring of stdout+stderr
	}{
		{"no command", nil, exitUsage, "Usage:"},
		{"unknown command", []string{"lint"}, exitUsage, `unknown command "lint"`},
		{"version", []string{"version"}, exitClean, "nhilint "},
		{"clean repository", []string{"scan", clean}, exitClean, "no findings in 1 file"},
		{"findings", []string{"scan", realistic}, exitFindings, ".github/workflows/deploy.yml:"},
		{"below fail-on", []string{"scan", "--fail-on", "critical", clean}, exitClean, ""},
		{"bad fail-on", []string{"scan", "--fail-on", "severe", clean}, exitUsage, "--fail-on"},
		{"bad format", []string{"scan", "--format", "xml", clean}, exitUsage, "--format"},
		{"bad flag", []string{"scan", "--no-such-flag", clean}, exitUsage, "no-such-flag"},
		{"missing policy dir", []string{"scan", "--policy", filepath.Join(clean, "nope"), clean}, exitUsage, "nope"},
		{"incomplete user rule", []string{"scan", "--policy", badPolicy, clean}, exitUsage, "severity"},
		{"malformed workflow", []string{"scan", broken}, exitIncomplete, "broken.yml:"},
		{"rules", []string{"rules"}, exitClean, "CATEGORY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			if code != tt.want {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errOut)
			}
			if !strings.Contains(out+errOut, tt.out) {
				t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", tt.out, out, errOut)
			}
		})
	}
}

// TestMalformedFileStillReportsOthers: one bad file is a diagnostic naming
// file and line; the other file's findings are still reported.
func TestMalformedFileStillReportsOthers(t *testing.T) {
	code, out, _ := runCLI("scan", filepath.Join("..", "..", "fixtures", "repos", "broken"))
	if code != exitIncomplete {
		t.Fatalf("exit code = %d, want %d", code, exitIncomplete)
	}
	for _, want := range []string{".github/workflows/broken.yml:8:14: invalid YAML", "[parse-error]", ".github/workflows/release.yml:5:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestUserPolicy(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": strings.Replace(cleanWorkflow, "  test:", "  forbidden:", 1)})
	policy := writeRepo(t, map[string]string{"org/forbidden.rego": userRule})
	code, out, errOut := runCLI("scan", "--policy", policy, repo)
	if code != exitFindings || !strings.Contains(out, ".github/workflows/ci.yml:6:3: job is called forbidden [org-forbidden-job]") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

func TestSARIFOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.sarif")
	code, _, errOut := runCLI("scan", "--format", "sarif", "--output", out, filepath.Join("..", "..", "fixtures", "repos", "realistic"))
	if code != exitFindings {
		t.Fatalf("exit code = %d, stderr:\n%s", code, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) == 0 {
		t.Errorf("unexpected SARIF: version %q, %d runs", doc.Version, len(doc.Runs))
	}
}

// TestLimitFlags: every limit stops hostile input with a diagnostic that
// names the flag raising it (an error, exit 3, when a file could not be
// read; a warning when only the instances past the limit were left out),
// and the flag does raise it.
func TestLimitFlags(t *testing.T) {
	var tf strings.Builder
	tf.WriteString("resource \"aws_iam_user\" \"u\" {\n  count = 30\n  name  = \"u${count.index}\"\n}\n")
	var gl strings.Builder
	gl.WriteString("include:\n")
	for i := range 4 {
		fmt.Fprintf(&gl, "  - local: /ci/%d.yml\n", i)
	}
	files := map[string]string{
		".github/workflows/ci.yml": cleanWorkflow,
		"main.tf":                  tf.String(),
		".gitlab-ci.yml":           gl.String() + "job: {script: [x]}\n",
	}
	for i := range 4 {
		files[fmt.Sprintf("ci/%d.yml", i)] = fmt.Sprintf("j%d: {script: [x]}\n", i)
	}
	repo := writeRepo(t, files)
	tests := []struct {
		flag, low, high, message string
	}{
		{"--max-yaml-nodes", "5", "100000", "raise the limit with --max-yaml-nodes"},
		{"--max-includes", "2", "10", "raise the limit with --max-includes"},
		{"--max-instances", "10", "100", "raise the limit with --max-instances"},
		{"--max-file-size", "10", "100000", "raise it with --max-file-size"},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			code, out, errOut := runCLI("scan", tt.flag, tt.low, repo)
			if !strings.Contains(out+errOut, tt.message) {
				t.Errorf("%s %s: exit %d, no %q in:\n%s%s", tt.flag, tt.low, code, tt.message, out, errOut)
			}
			code, out, errOut = runCLI("scan", tt.flag, tt.high, repo)
			if code == exitIncomplete || strings.Contains(out+errOut, tt.message) {
				t.Errorf("%s %s: exit %d:\n%s%s", tt.flag, tt.high, code, out, errOut)
			}
		})
	}
}
