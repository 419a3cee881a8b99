package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

const full = `rules:
  gha-unpinned-github-action: {enabled: false}
  gha-cloud-key-env:
    severity: high
exclude: ["vendor/**", "**/testdata/**"]
trusted-action-owners: [my-org]
oidc:
  audiences: ["sts.amazonaws.com"]
fail-on: high
`

func TestParseFull(t *testing.T) {
	c, err := Parse(".nhilint.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Disabled(); !reflect.DeepEqual(got, map[string]bool{"gha-unpinned-github-action": true}) {
		t.Errorf("Disabled = %v", got)
	}
	if got := c.Severities(); !reflect.DeepEqual(got, map[string]engine.Severity{"gha-cloud-key-env": engine.High}) {
		t.Errorf("Severities = %v", got)
	}
	if c.FailOn != engine.High || !reflect.DeepEqual(c.Exclude, []string{"vendor/**", "**/testdata/**"}) {
		t.Errorf("FailOn %q, Exclude %v", c.FailOn, c.Exclude)
	}
	want := map[string]any{"trusted_action_owners": []any{"my-org"}, "oidc_audiences": []any{"sts.amazonaws.com"}}
	if got := c.Data(); !reflect.DeepEqual(got, want) {
		t.Errorf("Data = %v", got)
	}
	if r := c.Rules["gha-cloud-key-env"]; r.Line != 3 || r.Col != 3 {
		t.Errorf("rule position = %d:%d, want 3:3", r.Line, r.Col)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "{}\n"} {
		c, err := Parse("c.yaml", []byte(src))
		if err != nil || len(c.Rules) != 0 || c.FailOn != "" {
			t.Errorf("%q: %+v, %v", src, c, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown top key", "rule:\n  x: {}\n", `c.yaml:1:1: configuration: unknown key "rule" (want rules, exclude, trusted-action-owners, oidc, fail-on)`},
		{"unknown rule key", "rules:\n  gha-a:\n    enable: false\n", `c.yaml:3:5: rules.gha-a: unknown key "enable" (want enabled, severity)`},
		{"enabled not bool", "rules:\n  gha-a: {enabled: \"no\"}\n", `c.yaml:2:20: rules.gha-a.enabled: want true or false, got the string "no"`},
		{"bad severity", "rules:\n  gha-a:\n    severity: severe\n", `c.yaml:3:15: severity: unknown severity "severe" (want low, medium, high or critical)`},
		{"rules not a mapping", "rules: [a]\n", `c.yaml:1:8: rules: want a mapping of rule id to settings, got a list`},
		{"bad rule id", "rules:\n  Gha_A: {}\n", `c.yaml:2:3: rules: "Gha_A" is not a rule id (kebab-case, like gha-unpinned-action)`},
		{"exclude not a list", "exclude: vendor\n", `c.yaml:1:10: exclude: want a list of strings, got the string "vendor"`},
		{"bad glob", "exclude:\n  - \"a/[b\"\n", `c.yaml:2:5: exclude: pattern "a/[b": syntax error in pattern`},
		{"absolute glob", "exclude: [/etc]\n", `c.yaml:1:11: exclude: pattern "/etc": want a slash path relative to the scan root`},
		{"owner not a string", "trusted-action-owners: [1]\n", `c.yaml:1:25: trusted-action-owners: want a non-empty string, got int 1`},
		{"oidc unknown", "oidc:\n  audience: [x]\n", `c.yaml:2:3: oidc: unknown key "audience" (want audiences)`},
		{"fail-on", "fail-on: 3\n", `c.yaml:1:10: fail-on: want low, medium, high or critical, got int 3`},
		{"duplicate key", "fail-on: low\nfail-on: high\n", `c.yaml:2:1: configuration: key "fail-on" given twice`},
		{"not a mapping", "- a\n", `c.yaml:1:1: configuration: want a mapping, got a list`},
		{"invalid yaml", "rules: {\n", `c.yaml:1:1: invalid YAML: did not find expected node content`},
		{"two documents", "fail-on: low\n---\nfail-on: high\n", `c.yaml:2:1: only one YAML document is allowed (remove the ---)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant  %s", err, tt.want)
			}
		})
	}
}

func TestCheckRules(t *testing.T) {
	c, err := Parse("c.yaml", []byte("rules:\n  gha-a: {}\n  gha-typo: {enabled: false}\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = c.CheckRules(func(id string) bool { return id == "gha-a" })
	if want := `c.yaml:3:3: rules: unknown rule id "gha-typo" ("nhilint rules" lists them)`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	if err := c.CheckRules(func(string) bool { return true }); err != nil {
		t.Error(err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	if c, err := Find(dir); err != nil || c.File != "" {
		t.Fatalf("no file: %+v, %v", c, err)
	}
	p := filepath.Join(dir, ".nhilint.yml")
	if err := os.WriteFile(p, []byte("fail-on: critical\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := Find(dir); err != nil || c.File != p || c.FailOn != engine.Critical {
		t.Fatalf("found: %+v, %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing --config file: no error")
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pat, rel string
		want     bool
	}{
		{"vendor/**", "vendor/a/b.yml", true},
		{"vendor", "vendor/a/b.yml", true},
		{"vendor", "src/vendor/a.yml", false},
		{"**/testdata/**", "testdata/x.tf", true},
		{"**/testdata/**", "a/b/testdata/c/x.tf", true},
		{"**/testdata/**", "a/testdatax/x.tf", false},
		{"*.tf", "main.tf", true},
		{"*.tf", "mod/main.tf", false},
		{"**/*.tf", "mod/main.tf", true},
		{".github/workflows/old-*.yml", ".github/workflows/old-ci.yml", true},
		{".github/workflows/old-*.yml", ".github/workflows/ci.yml", false},
	}
	for _, tt := range tests {
		if got := MatchGlob(tt.pat, tt.rel); got != tt.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tt.pat, tt.rel, got, tt.want)
		}
	}
}
