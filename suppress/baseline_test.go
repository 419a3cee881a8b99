package suppress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

func TestParseBaseline(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    int
		wantErr string
	}{
		{name: "json report", data: `{"findings":[{"fingerprint":"a"},{"fingerprint":"a"},{"fingerprint":"b"}],` +
			`"suppressed":[{"fingerprint":"c","suppression":{"kind":"external"}},{"fingerprint":"d","suppression":{"kind":"inSource"}}]}`, want: 4},
		{name: "json empty", data: `{"findings":[]}`, want: 0},
		{name: "sarif", data: `{"runs":[{"results":[{"partialFingerprints":{"nhilint/v1":"a"}},` +
			`{"partialFingerprints":{"nhilint/v1":"b"},"suppressions":[{"kind":"inSource"}]},` +
			`{"partialFingerprints":{"nhilint/v1":"c"},"suppressions":[{"kind":"external"}]}]}]}`, want: 2},
		{name: "sarif of another tool", data: `{"runs":[{"results":[{"partialFingerprints":{"primaryLocationLineHash":"x"}}]}]}`,
			wantErr: `runs[0].results[0] has no partialFingerprints["nhilint/v1"]`},
		{name: "finding without fingerprint", data: `{"findings":[{"ruleId":"x"}]}`, wantErr: "findings[0] has no fingerprint"},
		{name: "not json", data: `findings: []`, wantErr: "not a nhilint JSON or SARIF report"},
		{name: "other json", data: `{"a":1}`, wantErr: `no "findings" or "runs"`},
		{name: "wrong type", data: `{"findings":{}}`, wantErr: "not a nhilint JSON or SARIF report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseBaseline([]byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Len() != tt.want {
				t.Errorf("Len = %d, want %d", b.Len(), tt.want)
			}
		})
	}
}

func TestBaselineApply(t *testing.T) {
	path := filepath.Join(t.TempDir(), "base.json")
	if err := os.WriteFile(path, []byte(`{"findings":[{"fingerprint":"a"},{"fingerprint":"b"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	fs := []engine.Finding{
		{RuleID: "r", Fingerprint: "a", Location: engine.Location{File: "x"}},
		{RuleID: "r", Fingerprint: "a", Location: engine.Location{File: "y"}}, // a second "a": new
		{RuleID: "r", Fingerprint: "c", Location: engine.Location{File: "z"}},
	}
	prior := []engine.Finding{{RuleID: "q", Fingerprint: "i", Location: engine.Location{File: "y"},
		Suppression: &engine.Suppression{Kind: engine.SuppressInSource}}}
	active, suppressed := b.Apply(fs, prior)
	check(t, "active", briefFindings(active), []string{"y:0:0 r", "z:0:0 r"})
	check(t, "suppressed", briefFindings(suppressed), []string{
		"x:0:0 r [external: in baseline " + path + "]",
		"y:0:0 q [inSource: ]",
	})
	if _, err := LoadBaseline(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: err = %v", err)
	}
}
