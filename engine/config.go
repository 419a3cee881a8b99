package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// configModuleName is the generated module holding data.nhilint.config.
const configModuleName = "nhilint:config.rego"

// configKey is the form of a data.nhilint.config key: a Rego identifier.
var configKey = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// configModule compiles the scan configuration into a module of constant
// rules, package nhilint.config: a policy reads
// data.nhilint.config.trusted_action_owners like any other data, and the
// values cost nothing at evaluation (no store, no input growth). JSON is
// valid Rego term syntax, so the values are written as JSON.
func configModule(data map[string]any, caps *ast.Capabilities) (*ast.Module, error) {
	var b strings.Builder
	b.WriteString("package nhilint.config\n\n")
	for _, k := range slices.Sorted(maps.Keys(data)) {
		if !configKey.MatchString(k) {
			return nil, fmt.Errorf("config key %q is not a Rego identifier", k)
		}
		v, err := json.Marshal(data[k])
		if err != nil {
			return nil, fmt.Errorf("config key %s: %w", k, err)
		}
		fmt.Fprintf(&b, "%s := %s\n\n", k, v)
	}
	m, err := ast.ParseModuleWithOpts(configModuleName, b.String(), ast.ParserOptions{RegoVersion: ast.RegoV1, Capabilities: caps})
	if err != nil {
		return nil, fmt.Errorf("generated %s: %w", configModuleName, err)
	}
	return m, nil
}
