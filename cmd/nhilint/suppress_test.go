package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ignoredWorkflow has two unpinned actions, each silenced by an ignore
// comment: one on the line, one on the line above.
const ignoredWorkflow = `name: CI
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: someorg/tool@v1 # nhilint:ignore gha-unpinned-action vendored fork, reviewed
      # nhilint:ignore gha-unpinned-action pinned by the org ruleset
      - uses: other/tool@v2
`

func TestInlineIgnores(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": ignoredWorkflow})
	code, out, errOut := runCLI("scan", repo)
	if code != exitClean || !strings.Contains(out, "no findings") {
		t.Errorf("with ignores: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	code, out, _ = runCLI("scan", "--format", "json", repo)
	var rep struct {
		Findings   []json.RawMessage `json:"findings"`
		Suppressed []struct {
			Pos         struct{ Line int } `json:"pos"`
			Suppression struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppression"`
		} `json:"suppressed"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != exitClean || len(rep.Findings) != 0 || len(rep.Suppressed) != 2 {
		t.Fatalf("json: exit %d, %d findings, %d suppressed", code, len(rep.Findings), len(rep.Suppressed))
	}
	got := fmt.Sprintf("%d %s %s; %d %s", rep.Suppressed[0].Pos.Line, rep.Suppressed[0].Suppression.Kind,
		rep.Suppressed[0].Suppression.Justification, rep.Suppressed[1].Pos.Line, rep.Suppressed[1].Suppression.Justification)
	if want := "9 inSource vendored fork, reviewed; 11 pinned by the org ruleset"; got != want {
		t.Errorf("suppressed = %q, want %q", got, want)
	}

	code, out, _ = runCLI("scan", "--no-inline-ignores", repo)
	if code != exitFindings || strings.Count(out, "[gha-unpinned-action]") != 2 || strings.Contains(out, "ignore-") {
		t.Errorf("--no-inline-ignores: exit %d, stdout:\n%s", code, out)
	}
}

func TestInlineIgnoreProblems(t *testing.T) {
	wf := strings.Replace(ignoredWorkflow, "reviewed\n", "reviewed\n      - run: make # nhilint:ignore gha-unpinned-action stale\n", 1)
	wf = strings.Replace(wf, "gha-unpinned-action pinned by the org ruleset", "gha-unpinned-action", 1)
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": wf})
	code, out, _ := runCLI("scan", repo)
	for _, want := range []string{
		".github/workflows/ci.yml:10:19: nhilint:ignore gha-unpinned-action matches no finding on line 10",
		".github/workflows/ci.yml:11:7: nhilint:ignore gha-unpinned-action needs a reason after the rule id",
		".github/workflows/ci.yml:12:9: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != exitFindings {
		t.Errorf("exit %d, want %d: an invalid ignore silences nothing", code, exitFindings)
	}
}

// adoptionRepo has 10 workflows of 5 unpinned third-party actions each:
// 50 findings. shift inserts lines at the top of every workflow; extra is
// one more step appended to the first one.
func adoptionRepo(t *testing.T, dir string, shift int, extra string) {
	t.Helper()
	for w := range 10 {
		var b strings.Builder
		for range shift {
			b.WriteString("# a comment added later\n")
		}
		fmt.Fprintf(&b, "name: wf%d\non: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n", w)
		for s := range 5 {
			fmt.Fprintf(&b, "      - uses: org%d/action%d@v1\n", w, s)
		}
		if w == 0 {
			b.WriteString(extra)
		}
		p := filepath.Join(dir, ".github", "workflows", fmt.Sprintf("wf%d.yml", w))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBaselineAdoption(t *testing.T) {
	repo := t.TempDir()
	adoptionRepo(t, repo, 0, "")
	code, out, errOut := runCLI("scan", repo)
	if code != exitFindings || !strings.Contains(out, "50 findings") {
		t.Fatalf("before adoption: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	code, out, errOut = runCLI("baseline", repo)
	base := filepath.Join(repo, defaultBaseline)
	if code != exitClean || !strings.Contains(out, "with 50 findings") {
		t.Fatalf("baseline: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	sarifBase := filepath.Join(t.TempDir(), "base.sarif")
	if code, _, errOut = runCLI("scan", "--format", "sarif", "--output", sarifBase, repo); code != exitFindings {
		t.Fatalf("sarif baseline: exit %d, stderr:\n%s", code, errOut)
	}

	for _, b := range []string{base, sarifBase} {
		adoptionRepo(t, repo, 0, "")
		code, out, errOut = runCLI("scan", "--baseline", b, repo)
		if code != exitClean || !strings.Contains(out, "no findings in 10 files; 50 suppressed findings not shown") {
			t.Errorf("%s, unchanged: exit %d, stdout:\n%s\nstderr:\n%s", b, code, out, errOut)
		}

		adoptionRepo(t, repo, 3, "")
		code, out, _ = runCLI("scan", "--baseline", b, repo)
		if code != exitClean || !strings.Contains(out, "no findings") {
			t.Errorf("%s, lines shifted: exit %d, stdout:\n%s", b, code, out)
		}

		adoptionRepo(t, repo, 3, "      - uses: evil/new-action@main\n")
		code, out, _ = runCLI("scan", "--baseline", b, repo)
		want := ".github/workflows/wf0.yml:17:9: step \"evil/new-action@main\""
		if code != exitFindings || !strings.Contains(out, "1 finding ") || !strings.Contains(out, want) {
			t.Errorf("%s, one new step: exit %d, want 1 finding at %q; stdout:\n%s", b, code, want, out)
		}
	}
}

func TestBaselineErrors(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow, "bad.json": `{"x": 1}`, "notjson": "findings: []"})
	for _, b := range []string{"bad.json", "notjson", "missing.json"} {
		code, _, errOut := runCLI("scan", "--baseline", filepath.Join(repo, b), repo)
		if code != exitUsage || !strings.Contains(errOut, b) {
			t.Errorf("--baseline %s: exit %d, stderr:\n%s", b, code, errOut)
		}
	}
}

// exampleKey is an AWS key ID such as the rules' bad examples hold (AWS's
// documented AKIAIOSFODNN7EXAMPLE, which secret scanners allow, aside).
var exampleKey = regexp.MustCompile(`AKIA[0-9A-Z]{16}`)

// nhilint's own reports in the scanned tree are not scanned: the rules'
// examples they list hold fake keys the secret rules would report.
func TestOwnReportsNotScanned(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow})
	if code, out, errOut := runCLI("baseline", "--secrets", "all", repo); code != exitClean {
		t.Fatalf("baseline: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if b, err := os.ReadFile(filepath.Join(repo, defaultBaseline)); err != nil || exampleKey.Match(bytes.ReplaceAll(b, []byte("AKIAIOSFODNN7EXAMPLE"), nil)) {
		t.Errorf("the baseline, meant to be committed, must hold no example key: %v", err)
	}
	report, sarifFile := filepath.Join(repo, "out", "report.json"), filepath.Join(repo, "out", "r.sarif")
	if err := os.MkdirAll(filepath.Dir(report), 0o755); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second run meets the reports of the first
		code, _, errOut := runCLI("scan", "--secrets", "all", "--format", "json", "--output", report, "--also", "sarif="+sarifFile, repo)
		if code != exitClean {
			t.Fatalf("exit %d, stderr:\n%s", code, errOut)
		}
	}
	b, err := os.ReadFile(report)
	if err != nil || !strings.Contains(string(b), `"findings": []`) {
		t.Errorf("report: %v\n%.500s", err, b)
	}
}
