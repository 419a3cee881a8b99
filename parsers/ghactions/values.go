package ghactions

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// value converts any YAML value to Attrs form without decoding it:
// scalars stay strings, sequences become []any, mappings map[string]any.
func (b *builder) value(n *yaml.Node) any {
	return b.valueAt(n, 0)
}

func (b *builder) valueAt(n *yaml.Node, depth int) any {
	n = yamlpos.Resolve(n)
	if n == nil || depth > maxDepth || !b.spend() {
		return ""
	}
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, b.valueAt(c, depth+1))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		for _, p := range yamlpos.Pairs(n) {
			if _, dup := out[p.Key.Value]; !dup {
				out[p.Key.Value] = b.valueAt(p.Value, depth+1)
			}
		}
		return out
	}
	s, _ := yamlpos.Text(n)
	return s
}

// entries builds a name → value map (env, with, secrets) and records the
// key "<prefix>.<name>" of each entry. Names are lower-cased when lower
// (GitHub matches input and secret names case-insensitively); the first of
// duplicate names wins, as in actionlint.
func (nb *nodeBuild) entries(prefix string, n *yaml.Node, lower bool) map[string]any {
	out := map[string]any{}
	for _, p := range yamlpos.Pairs(n) {
		k := p.Key.Value
		if lower {
			k = strings.ToLower(k)
		}
		if _, dup := out[k]; dup {
			continue
		}
		out[k] = nb.value(p.Value)
		nb.key(prefix+"."+k, p.Key)
	}
	return out
}

// uniquePairs lists a mapping's entries, dropping later duplicates of a
// key (GitHub rejects them; actionlint reports them and keeps the first).
func uniquePairs(n *yaml.Node) []yamlpos.Pair {
	pairs := yamlpos.Pairs(n)
	seen := make(map[string]bool, len(pairs))
	out := pairs[:0:0]
	for _, p := range pairs {
		if !seen[p.Key.Value] {
			seen[p.Key.Value] = true
			out = append(out, p)
		}
	}
	return out
}
