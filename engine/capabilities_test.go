package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// callingRule is a valid rule package whose findings call expr.
func callingRule(expr string) string {
	return ruleSource("nhilint.rules.test.calls", func(l []string) []string {
		return append(l[:9], "findings contains x if {", "\tx := "+expr, "}")
	})
}

func TestNewRefusesRemovedBuiltins(t *testing.T) {
	for _, expr := range []string{
		`http.send({"method": "get", "url": "https://example.com"})`,
		`opa.runtime().env`,
		`time.now_ns()`,
		`net.lookup_ip_addr("example.com")`,
		`rand.intn("x", 10)`,
		`uuid.rfc4122("x")`,
		`time.format([0, "Local"])`,
		`crypto.x509.parse_and_verify_certificates("")`,
		`json.match_schema({}, {"$ref": "https://example.com/s.json"})`,
	} {
		name, _, _ := strings.Cut(expr, "(")
		t.Run(name, func(t *testing.T) {
			dir := writePolicies(t, one(callingRule(expr)))
			_, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
			if err == nil {
				t.Fatalf("a policy calling %s compiled", name)
			}
			for _, w := range []string{"rule.rego:11", name, "nhilint policies may not use it"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
}

func TestNewAllowsPureBuiltins(t *testing.T) {
	for _, expr := range []string{
		`crypto.x509.parse_certificates("")`,
		`net.cidr_contains("10.0.0.0/8", "10.1.2.3")`,
		`time.parse_rfc3339_ns("2024-01-01T00:00:00Z")`,
		`regex.match("^a", "abc")`,
	} {
		dir := writePolicies(t, one(callingRule(expr)))
		if _, err := New(context.Background(), Options{PolicyDirs: []string{dir}}); err != nil {
			t.Errorf("a policy calling %s: %v", expr, err)
		}
	}
}

// TestCapabilitiesHaveNoNondeterministicBuiltin catches a new OPA release
// adding a network, clock or random built-in: the list must be reviewed.
func TestCapabilitiesHaveNoNondeterministicBuiltin(t *testing.T) {
	caps := capabilities()
	for _, b := range caps.Builtins {
		if b.Nondeterministic {
			t.Errorf("built-in %s is nondeterministic: add it to removedBuiltins (or argue why it is safe)", b.Name)
		}
	}
	if caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("allow_net = %#v, want empty and non-nil (nil means any host)", caps.AllowNet)
	}
	all := map[string]bool{}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		all[b.Name] = true
	}
	for name := range removedBuiltins() {
		if !all[name] {
			t.Errorf("removedBuiltins names %s, which this OPA version does not have", name)
		}
		if caps.ContainsBuiltin(name) {
			t.Errorf("capabilities still contain %s", name)
		}
	}
}
