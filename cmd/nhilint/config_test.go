package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unpinnedWorkflow has one gha-unpinned-action finding (high, line 9) and
// one gha-unpinned-github-action finding (low, line 10).
const unpinnedWorkflow = `name: CI
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: someorg/tool@v1
      - uses: actions/checkout@v4
`

func TestConfig(t *testing.T) {
	files := func(cfg string) map[string]string {
		return map[string]string{".github/workflows/ci.yml": unpinnedWorkflow, ".nhilint.yaml": cfg,
			"vendor/x/.github/workflows/ci.yml": unpinnedWorkflow}
	}
	tests := []struct {
		name   string
		config string
		args   []string
		want   int
		out    []string // substrings of stdout+stderr
		absent []string
	}{
		{name: "no settings", config: "", want: exitFindings,
			out: []string{"ci.yml:9:", "ci.yml:10:", "vendor/x/.github/workflows/ci.yml:9:"}},
		{name: "exclude and disable", config: "exclude: [vendor/**]\nrules:\n  gha-unpinned-github-action: {enabled: false}\n", want: exitFindings,
			out: []string{"1 finding (0 critical, 1 high"}, absent: []string{"vendor/", "[gha-unpinned-github-action]"}},
		{name: "severity override and fail-on", config: "exclude: [vendor]\nfail-on: critical\nrules:\n  gha-unpinned-github-action: {severity: critical}\n", want: exitFindings,
			out: []string{"(1 critical, 1 high, 0 medium, 0 low)"}},
		{name: "config fail-on", config: "exclude: [vendor]\nfail-on: critical\n", want: exitClean, out: []string{"2 findings"}},
		{name: "trusted action owner", config: "exclude: [vendor]\ntrusted-action-owners: [SomeOrg]\n", want: exitFindings,
			out: []string{"1 finding ", "ci.yml:10:"}, absent: []string{"ci.yml:9:"}},
		{name: "fail-on flag wins", config: "exclude: [vendor]\nfail-on: critical\n", args: []string{"--fail-on", "high"}, want: exitFindings},
		{name: "unknown key", config: "rules:\n  gha-unpinned-action:\n    enable: false\n", want: exitUsage,
			out: []string{`.nhilint.yaml:3:5: rules.gha-unpinned-action: unknown key "enable" (want enabled, severity)`}},
		{name: "unknown rule", config: "rules:\n  gha-unpined-action: {enabled: false}\n", want: exitUsage,
			out: []string{`.nhilint.yaml:2:3: rules: unknown rule id "gha-unpined-action"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := writeRepo(t, files(tt.config))
			code, out, errOut := runCLI(append(append([]string{"scan"}, tt.args...), repo)...)
			if code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errOut)
			}
			for _, w := range tt.out {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", w, out, errOut)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(out+errOut, w) {
					t.Errorf("output has %q\nstdout:\n%s", w, out)
				}
			}
		})
	}
}

func TestConfigFlagAndRoot(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": unpinnedWorkflow, "ci/strict.yaml": "rules:\n  gha-unpinned-action: {enabled: false}\n  gha-unpinned-github-action: {enabled: false}\n"})
	code, out, errOut := runCLI("scan", "--config", filepath.Join(repo, "ci", "strict.yaml"), repo)
	if code != exitClean {
		t.Errorf("--config: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if code, _, errOut = runCLI("scan", "--config", filepath.Join(repo, "missing.yaml"), repo); code != exitUsage || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing --config: exit %d, stderr:\n%s", code, errOut)
	}
	// --root: paths are relative to it even when a file is named.
	code, out, _ = runCLI("scan", "--root", repo, filepath.Join(repo, ".github", "workflows", "ci.yml"))
	if code != exitFindings || !strings.Contains(out, "\n.github/workflows/ci.yml:9:9:") && !strings.HasPrefix(out, ".github/workflows/ci.yml:9:9:") {
		t.Errorf("--root: exit %d, stdout:\n%s", code, out)
	}
	if code, _, errOut = runCLI("scan", "--root", filepath.Join(repo, "nope"), repo); code != exitUsage || !strings.Contains(errOut, "--root") {
		t.Errorf("bad --root: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestAlsoReports(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": unpinnedWorkflow})
	dir := t.TempDir()
	sarifFile, jsonFile := filepath.Join(dir, "r.sarif"), filepath.Join(dir, "r.json")
	code, out, errOut := runCLI("scan", "--also", "sarif="+sarifFile, "--also", "json="+jsonFile, repo)
	if code != exitFindings || !strings.Contains(out, "2 findings") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, f := range []string{sarifFile, jsonFile} {
		b, err := os.ReadFile(f)
		if err != nil || !json.Valid(b) || !strings.Contains(string(b), "gha-unpinned-action") {
			t.Errorf("%s: %v\n%s", f, err, b)
		}
	}
	for _, bad := range []string{"sarif", "xml=x.xml", "sarif="} {
		if code, _, errOut := runCLI("scan", "--also", bad, repo); code != exitUsage || !strings.Contains(errOut, "--also") {
			t.Errorf("--also %s: exit %d, stderr:\n%s", bad, code, errOut)
		}
	}
	if code, _, errOut := runCLI("scan", "--also", "json="+filepath.Join(dir, "no", "dir", "r.json"), repo); code != exitUsage || !strings.Contains(errOut, "--also") {
		t.Errorf("unwritable --also: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestSecretsAndVarFileFlags(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": cleanWorkflow, "env/prod.tfvars": "region = \"eu-west-1\"\n"})
	for _, v := range []string{"read", "all", "off"} {
		if code, out, errOut := runCLI("scan", "--secrets", v, repo); code != exitClean {
			t.Errorf("--secrets %s: exit %d\nstdout:\n%s\nstderr:\n%s", v, code, out, errOut)
		}
	}
	if code, _, errOut := runCLI("scan", "--secrets", "some", repo); code != exitUsage || !strings.Contains(errOut, "--secrets") {
		t.Errorf("--secrets some: exit %d, stderr:\n%s", code, errOut)
	}
	if code, out, errOut := runCLI("scan", "--var-file", filepath.Join(repo, "env", "prod.tfvars"), repo); code != exitClean {
		t.Errorf("--var-file: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if code, _, errOut := runCLI("scan", "--var-file", filepath.Join(t.TempDir(), "x.tfvars"), repo); code != exitUsage || !strings.Contains(errOut, "outside the scan root") {
		t.Errorf("--var-file outside: exit %d, stderr:\n%s", code, errOut)
	}
}

// A severity override re-ranks the rule itself in SARIF (security-severity,
// which GitHub code scanning sorts by) and its results' level.
func TestSeverityOverrideInSARIF(t *testing.T) {
	repo := writeRepo(t, map[string]string{".github/workflows/ci.yml": unpinnedWorkflow,
		".nhilint.yaml": "rules:\n  gha-unpinned-github-action: {severity: critical}\n"})
	code, out, errOut := runCLI("scan", "--format", "sarif", repo)
	if code != exitFindings {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string         `json:"id"`
						Properties map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	scores := map[string]any{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		scores[r.ID] = r.Properties["security-severity"]
	}
	if scores["gha-unpinned-github-action"] != "9.5" || scores["gha-unpinned-action"] != "8.0" {
		t.Errorf("security-severity: overridden %v (want 9.5), untouched %v (want 8.0)",
			scores["gha-unpinned-github-action"], scores["gha-unpinned-action"])
	}
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "gha-unpinned-github-action" && r.Level != "error" {
			t.Errorf("result level %q, want error", r.Level)
		}
	}
}
