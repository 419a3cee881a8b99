package report

import (
	"encoding/json"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

func TestGitLabEmpty(t *testing.T) {
	if got := string(render(t, FormatGitLab, &engine.Result{}, Options{})); got != "[]\n" {
		t.Errorf("empty gitlab report = %q, want []", got)
	}
}

// TestGitLabFingerprintsUnique: GitLab shows one issue per fingerprint, so
// two findings the engine fingerprints alike must differ in the report,
// and every required field must be there.
func TestGitLabFingerprintsUnique(t *testing.T) {
	f := engine.Finding{RuleID: "r", Severity: engine.Low, Message: "m", Fingerprint: "same",
		Location: engine.Location{File: "a.yml", Pos: graph.Pos{Line: 3, Col: 1}}}
	res := &engine.Result{Findings: []engine.Finding{f, f, f}}
	var issues []map[string]any
	if err := json.Unmarshal(render(t, FormatGitLab, res, Options{}), &issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		fp, _ := is["fingerprint"].(string)
		if fp == "" || seen[fp] {
			t.Errorf("fingerprint %q missing or repeated", fp)
		}
		seen[fp] = true
		for _, k := range []string{"description", "check_name", "severity", "location"} {
			if _, ok := is[k]; !ok {
				t.Errorf("issue lacks %s: %v", k, is)
			}
		}
	}
	if issues[0]["fingerprint"] != "same" {
		t.Errorf("first fingerprint changed: %v", issues[0]["fingerprint"])
	}
}

func TestGitLabSeverity(t *testing.T) {
	for s, want := range map[engine.Severity]string{engine.Critical: "blocker", engine.High: "critical", engine.Medium: "major", engine.Low: "minor"} {
		if got := gitlabSeverity(s); got != want {
			t.Errorf("gitlabSeverity(%s) = %s, want %s", s, got, want)
		}
	}
}

func TestGitLabDescriptionOneLine(t *testing.T) {
	if got := gitlabDescription(" a\nb\r\n", "r"); got != "a b [r]" {
		t.Errorf("gitlabDescription = %q", got)
	}
}
