package engine

import (
	"context"
	"strings"
	"testing"
)

// configRule flags the workflow when its name is a trusted action owner,
// so the test sees data.nhilint.config reach a rule.
const configRule = `# METADATA
# title: Config
# description: Reads data.nhilint.config.
# related_resources:
#   - https://example.com/config
# custom:
#   id: test-config
#   category: other
#   severity: low
#   remediation: Nothing to do.
package nhilint.rules.test.config

findings contains {"node": wf.id, "key": "name", "msg": concat(",", data.nhilint.config.trusted_action_owners)} if {
	some wf in input.gha_workflows
	count(data.nhilint.config.oidc_audiences) == 0
}
`

func TestConfigReachesRules(t *testing.T) {
	dir := writePolicies(t, map[string]string{"config.rego": configRule})
	for _, tt := range []struct {
		config map[string]any
		want   string
	}{
		{map[string]any{"trusted_action_owners": []any{"my-org", "other"}, "oidc_audiences": []any{}}, "my-org,other"},
		{map[string]any{"trusted_action_owners": []any{}, "oidc_audiences": []any{"sts.amazonaws.com"}}, ""},
	} {
		e, err := New(context.Background(), Options{PolicyDirs: []string{dir}, Config: tt.config})
		if err != nil {
			t.Fatal(err)
		}
		fs, _, err := e.Eval(context.Background(), newGraph(t, testWorkflow("ci.yml", 0)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			if f.RuleID == "test-config" {
				got = append(got, f.Message)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("config %v: messages %q, want %q", tt.config, got, tt.want)
		}
	}
}

func TestConfigModuleRejectsBadKey(t *testing.T) {
	if _, err := New(context.Background(), Options{Config: map[string]any{"trusted-owners": []any{}}}); err == nil ||
		!strings.Contains(err.Error(), `"trusted-owners"`) {
		t.Errorf("err = %v", err)
	}
}

func TestDisabledRulesNotEvaluated(t *testing.T) {
	dir := writePolicies(t, map[string]string{"config.rego": configRule})
	cfg := map[string]any{"trusted_action_owners": []any{"my-org"}, "oidc_audiences": []any{}}
	for _, tt := range []struct {
		disabled map[string]bool
		want     int
	}{
		{nil, 1},
		{map[string]bool{"test-config": true}, 0},
		{map[string]bool{"no-such-rule": true}, 1},
	} {
		e, err := New(context.Background(), Options{PolicyDirs: []string{dir}, Config: cfg, Disabled: tt.disabled})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := e.Rule("test-config"); !ok {
			t.Fatal("a disabled rule must stay in the catalog")
		}
		fs, _, err := e.Eval(context.Background(), newGraph(t, testWorkflow("ci.yml", 0)))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, f := range fs {
			if f.RuleID == "test-config" {
				got++
			}
		}
		if got != tt.want {
			t.Errorf("disabled %v: %d findings of test-config, want %d", tt.disabled, got, tt.want)
		}
	}
}
