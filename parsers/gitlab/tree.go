package gitlab

import (
	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// tree is the YAML of every file one pipeline reads, merged the way GitLab
// merges it. Values are kept as the yaml.v3 nodes of the files they come
// from; fileOf remembers which file that is, so a value inherited from a
// template keeps its own file and line. Merging builds new mapping nodes
// only, registered under the file of the mapping that overrides.
type tree struct {
	fileOf map[*yaml.Node]string
	budget int // nodes the walks may still visit: aliases can explode
}

func newTree(budget int) *tree {
	return &tree{fileOf: map[*yaml.Node]string{}, budget: budget}
}

// spend takes one node from the walk budget; false when it is used up.
func (t *tree) spend() bool {
	if t.budget <= 0 {
		return false
	}
	t.budget--
	return true
}

// register records file as the file of every node under n. Aliases are
// not followed: their anchor is registered where it is written.
func (t *tree) register(n *yaml.Node, file string, depth int) {
	if n == nil || depth > maxDepth || !t.spend() {
		return
	}
	if _, done := t.fileOf[n]; done {
		return
	}
	t.fileOf[n] = file
	if n.Kind == yaml.AliasNode {
		return
	}
	for _, c := range n.Content {
		t.register(c, file, depth+1)
	}
}

// pair is one mapping entry after aliases and merge keys are resolved.
type pair struct {
	key, value *yaml.Node
}

// pairs lists the entries of a mapping as GitLab's YAML reader sees them:
// aliases resolved, `<<` merge keys expanded (keys written in the mapping
// win over merged ones, and among merged mappings the first wins), and a
// key written twice keeps its last value, as Ruby's Psych does. It returns
// nil when n is not a mapping.
func (t *tree) pairs(n *yaml.Node) []pair {
	return t.pairsAt(n, 0)
}

func (t *tree) pairsAt(n *yaml.Node, depth int) []pair {
	n = yamlpos.Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > maxMergeDepth {
		return nil
	}
	explicit := map[string]int{}
	var out []pair
	var merged [][]pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !t.spend() {
			break
		}
		k, v := yamlpos.Resolve(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == "<<" && k.Tag != "!!str" {
			merged = append(merged, t.mergeSources(v, depth)...)
			continue
		}
		if v = yamlpos.Resolve(v); v == nil {
			continue
		}
		if j, dup := explicit[k.Value]; dup {
			out[j] = pair{k, v}
			continue
		}
		explicit[k.Value] = len(out)
		out = append(out, pair{k, v})
	}
	for _, ps := range merged {
		for _, p := range ps {
			if _, taken := explicit[p.key.Value]; !taken {
				explicit[p.key.Value] = len(out)
				out = append(out, p)
			}
		}
	}
	return out
}

// mergeSources reads the value of a `<<` key: one mapping or a list.
func (t *tree) mergeSources(v *yaml.Node, depth int) [][]pair {
	v = yamlpos.Resolve(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		var out [][]pair
		for _, c := range v.Content {
			out = append(out, t.pairsAt(c, depth+1))
		}
		return out
	}
	return [][]pair{t.pairsAt(v, depth+1)}
}

// get is the value of key in mapping n, nil when absent.
func (t *tree) get(n *yaml.Node, key string) *yaml.Node {
	if p, ok := t.lookup(n, key); ok {
		return p.value
	}
	return nil
}

// lookup is the entry of key in mapping n.
func (t *tree) lookup(n *yaml.Node, key string) (pair, bool) {
	for _, p := range t.pairs(n) {
		if p.key.Value == key {
			return p, true
		}
	}
	return pair{}, false
}

// isMap reports whether n (aliases resolved) is a mapping.
func isMap(n *yaml.Node) bool {
	n = yamlpos.Resolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// deepMerge merges over into base the way GitLab merges included files,
// extends and default: mappings merge key by key, recursively; any other
// value of over replaces base's. Either may be nil.
func (t *tree) deepMerge(base, over *yaml.Node) *yaml.Node {
	return t.mergeAt(base, over, 0)
}

func (t *tree) mergeAt(base, over *yaml.Node, depth int) *yaml.Node {
	base, over = yamlpos.Resolve(base), yamlpos.Resolve(over)
	if base == nil || over == nil || !isMap(base) || !isMap(over) || isReference(over) || depth > maxDepth {
		if over == nil {
			return base
		}
		return over
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: over.Line, Column: over.Column}
	t.fileOf[out] = t.fileOf[over]
	basePairs, overPairs := t.pairs(base), t.pairs(over)
	baseIndex := make(map[string]*yaml.Node, len(basePairs))
	for _, p := range basePairs {
		baseIndex[p.key.Value] = p.value
	}
	overIndex := make(map[string]bool, len(overPairs))
	for _, p := range overPairs {
		overIndex[p.key.Value] = true
	}
	for _, p := range basePairs {
		if !overIndex[p.key.Value] {
			out.Content = append(out.Content, p.key, p.value)
		}
	}
	for _, p := range overPairs {
		v := p.value
		if b, ok := baseIndex[p.key.Value]; ok && isMap(b) && isMap(v) && !isReference(v) {
			v = t.mergeAt(b, v, depth+1)
		}
		out.Content = append(out.Content, p.key, v)
	}
	return out
}

// without is mapping n without the given keys (a new node, same file).
func (t *tree) without(n *yaml.Node, keys ...string) *yaml.Node {
	n = yamlpos.Resolve(n)
	if !isMap(n) {
		return n
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
	t.fileOf[out] = t.fileOf[n]
	for _, p := range t.pairs(n) {
		drop := false
		for _, k := range keys {
			drop = drop || p.key.Value == k
		}
		if !drop {
			out.Content = append(out.Content, p.key, p.value)
		}
	}
	return out
}

// isReference reports whether n is a `!reference [job, key, ...]` tag.
func isReference(n *yaml.Node) bool {
	return n != nil && n.Tag == "!reference" && n.Kind == yaml.SequenceNode
}
