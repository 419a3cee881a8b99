package yamlpos

import (
	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
)

// maxAliasHops bounds alias chains; yaml.v3 lets an alias refer to an
// enclosing anchor, so a chain may even loop.
const maxAliasHops = 8

// Of is the position of a yaml.v3 node. A scalar with an anchor or tag
// starts at the anchor or tag.
func Of(n *yaml.Node) graph.Pos {
	if n == nil {
		return graph.Pos{}
	}
	return graph.Pos{Line: n.Line, Col: n.Column}
}

// Resolve follows aliases to the node they name. It returns nil for nil
// or for an alias chain longer than a few hops.
func Resolve(n *yaml.Node) *yaml.Node {
	for range maxAliasHops {
		if n == nil || n.Kind != yaml.AliasNode {
			return n
		}
		n = n.Alias
	}
	return nil
}

// Pair is one key/value entry of a mapping.
type Pair struct {
	Key, Value *yaml.Node
}

// Pairs lists the entries of a mapping in source order, aliases resolved.
// Merge keys ("<<") are skipped: GitHub Actions does not support them.
// It returns nil when n is not a mapping.
func Pairs(n *yaml.Node) []Pair {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]Pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Resolve(n.Content[i]), Resolve(n.Content[i+1])
		if k == nil || v == nil || k.Kind != yaml.ScalarNode || k.Value == "<<" {
			continue
		}
		out = append(out, Pair{Key: k, Value: v})
	}
	return out
}

// Items lists the elements of a sequence, aliases resolved; nil when n is
// not a sequence. Elements whose alias cannot be resolved are nil.
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = Resolve(c)
	}
	return out
}

// IsScalar reports whether n is a scalar node.
func IsScalar(n *yaml.Node) bool { return n != nil && n.Kind == yaml.ScalarNode }

// IsNull reports whether n is a null scalar (`~`, `null` or nothing).
func IsNull(n *yaml.Node) bool { return IsScalar(n) && n.Tag == "!!null" }

// IsBlock reports whether n is a literal (|) or folded (>) block scalar.
func IsBlock(n *yaml.Node) bool {
	return IsScalar(n) && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
}

// IsQuoted reports whether n is a single- or double-quoted scalar.
func IsQuoted(n *yaml.Node) bool {
	return IsScalar(n) && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
}

// DefaultMaxNodes is how many YAML nodes, aliases expanded, the parsers
// walk in one document unless told otherwise: no real pipeline comes
// near it, and an alias bomb stops there.
const DefaultMaxNodes = 1 << 20

// ExpandedSize counts the nodes of the tree under n with every alias
// expanded, stopping once the count passes limit. A few kilobytes of
// nested aliases can expand to billions of nodes ("billion laughs"); a
// consumer that expands them (actionlint does) should check this first.
// A recursive alias counts as over the limit.
func ExpandedSize(n *yaml.Node, limit int) int {
	memo := map[*yaml.Node]int{}
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if n == nil {
			return 0
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if s, ok := memo[n]; ok {
			return s
		}
		memo[n] = limit + 1 // seen while in progress: a cycle
		total := 1
		for _, c := range n.Content {
			if total += size(c); total > limit {
				break
			}
		}
		memo[n] = min(total, limit+1)
		return memo[n]
	}
	return size(n)
}

// Text is a scalar's text as written ("" for null), through aliases;
// ok is false for mappings and sequences.
func Text(n *yaml.Node) (s string, ok bool) {
	n = Resolve(n)
	if !IsScalar(n) {
		return "", false
	}
	if IsNull(n) {
		return "", true
	}
	return n.Value, true
}

// StringList reads a scalar or a sequence of scalars as a list of strings
// (null is the empty list); non-scalar items are left out.
func StringList(n *yaml.Node) []any {
	n = Resolve(n)
	if s, ok := Text(n); ok {
		if IsNull(n) {
			return []any{}
		}
		return []any{s}
	}
	out := []any{}
	for _, item := range Items(n) {
		if s, ok := Text(item); ok {
			out = append(out, s)
		}
	}
	return out
}
