package ghactions

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// text is a scalar's value as written (`0777` stays "0777"; block scalars
// as YAML reads them). A null scalar (`~`, nothing) is "": GitHub reads it
// as empty. ok is false for a mapping or sequence.
func text(n *yaml.Node) (string, bool) {
	n = yamlpos.Resolve(n)
	if !yamlpos.IsScalar(n) {
		return "", false
	}
	if yamlpos.IsNull(n) {
		return "", true
	}
	return n.Value, true
}

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
	s, _ := text(n)
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

// stringList reads a scalar or a sequence of scalars as a list of strings.
func stringList(n *yaml.Node) []any {
	n = yamlpos.Resolve(n)
	if s, ok := text(n); ok {
		if yamlpos.IsNull(n) {
			return []any{}
		}
		return []any{s}
	}
	out := []any{}
	for _, c := range yamlpos.Items(n) {
		if s, ok := text(c); ok {
			out = append(out, s)
		}
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
