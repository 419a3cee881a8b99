package ghactions

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// undeclared is the permissions value of an absent `permissions:` key.
func undeclared() map[string]any { return map[string]any{"declared": false} }

// permissions normalizes a `permissions:` value (docs/input.md). See
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
func permissions(n *yaml.Node) map[string]any {
	n = yamlpos.Resolve(n)
	p := map[string]any{"declared": true, "all": "", "scopes": map[string]any{}}
	if n == nil {
		return p
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch v := strings.TrimSpace(n.Value); {
		case strings.Contains(v, "${{"):
			p["expr"] = n.Value
		case strings.EqualFold(v, "write-all"):
			p["all"] = "write"
		case strings.EqualFold(v, "read-all"):
			p["all"] = "read"
		case yamlpos.IsNull(n):
			// `permissions:` with no value: GitHub reads it as {}.
			p["all"] = "none"
		}
	case yaml.MappingNode:
		scopes := p["scopes"].(map[string]any)
		for _, e := range yamlpos.Pairs(n) {
			if s, ok := yamlpos.Text(e.Value); ok {
				scopes[strings.ToLower(e.Key.Value)] = strings.ToLower(strings.TrimSpace(s))
			}
		}
		if len(n.Content) == 0 {
			p["all"] = "none" // `permissions: {}` revokes every scope
		}
	}
	return p
}
