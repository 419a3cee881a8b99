package ghactions

import (
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// maxDepth bounds the nesting the generic walks follow: aliases can turn a
// small file into an exponential tree ("billion laughs"), and a scan must
// stay fast on hostile input (Options.MaxNodes bounds their size).
const maxDepth = 64

// Options bound what one document may cost.
type Options struct {
	// MaxNodes bounds the YAML nodes, aliases expanded, one document's
	// walks may visit (--max-yaml-nodes); 0 means yamlpos.DefaultMaxNodes.
	MaxNodes int
}

func (o Options) maxNodes() int {
	if o.MaxNodes > 0 {
		return o.MaxNodes
	}
	return yamlpos.DefaultMaxNodes
}

// builder holds what every node of one document is built from.
type builder struct {
	doc    *graph.Document
	src    *yamlpos.Source
	budget int // YAML nodes the generic walks may still visit
}

func newBuilder(doc *graph.Document, src []byte, budget int) *builder {
	return &builder{doc: doc, src: yamlpos.NewSource(src), budget: budget}
}

// spend takes one node from the walk budget; false when it is used up.
func (b *builder) spend() bool {
	if b.budget <= 0 {
		return false
	}
	b.budget--
	return true
}

// nodeBuild is one graph node under construction: its keys and the
// expressions found in its fields.
type nodeBuild struct {
	*builder
	node  *graph.Node
	exprs []located
}

// located is an exprs entry with the position that orders it.
type located struct {
	pos   graph.Pos
	attrs map[string]any
}

func (b *builder) newNode(kind, path string, pos graph.Pos) *nodeBuild {
	return &nodeBuild{builder: b, node: b.doc.AddNode(kind, path, pos)}
}

// key records where a named key of the node is.
func (nb *nodeBuild) key(name string, n *yaml.Node) {
	if n != nil {
		nb.node.KeyPos[name] = yamlpos.Of(n)
	}
}

// set stores an attribute.
func (nb *nodeBuild) set(name string, v any) { nb.node.Attrs[name] = v }

// scan collects the expressions in the value n of field, recursing into
// mappings ("<field>.<key>", keys lower-cased when lower) and sequences
// ("<field>[i]").
func (nb *nodeBuild) scan(field string, n *yaml.Node, lower bool) {
	nb.walk(field, n, lower, 0)
}

func (nb *nodeBuild) walk(field string, n *yaml.Node, lower bool, depth int) {
	n = yamlpos.Resolve(n)
	if n == nil || depth > maxDepth || !nb.spend() {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		nb.scalarExprs(field, n)
	case yaml.SequenceNode:
		for i, c := range n.Content {
			nb.walk(field+"["+strconv.Itoa(i)+"]", c, false, depth+1)
		}
	case yaml.MappingNode:
		for _, p := range yamlpos.Pairs(n) {
			k := p.Key.Value
			if lower {
				k = strings.ToLower(k)
			}
			nb.walk(field+"."+k, p.Value, false, depth+1)
		}
	}
}

// scalarExprs adds the expressions of one scalar, each keyed
// "<field>@<n>" at the `$` of its `${{`.
func (nb *nodeBuild) scalarExprs(field string, n *yaml.Node) {
	if !strings.Contains(n.Value, "${{") {
		return
	}
	for i, e := range findExprs(n.Value) {
		pos, _ := nb.src.Find(n, "${{", e.ordinal)
		e.inString = inStringLiteral(nb.linePrefix(n, pos))
		nb.addExpr(field, i, pos, e)
	}
}

// linePrefix is the text of the value before pos on pos's line: the
// script context an expression is expanded into.
func (nb *nodeBuild) linePrefix(n *yaml.Node, pos graph.Pos) string {
	off := nb.src.Offset(pos)
	start := nb.src.Offset(graph.Pos{Line: pos.Line, Col: 1})
	if v := nb.src.Offset(nb.src.ValueStart(n)); v > start {
		start = v // after the key and any YAML quote: only the value's text
	}
	if start < 0 || off < start {
		return ""
	}
	return string(nb.src.Bytes()[start:off])
}

// inStringLiteral reports whether text leaves a ', " or ` string open:
// an expression after it is spliced into a string literal, where even a
// JSON-encoded value can close the quote.
func inStringLiteral(text string) bool {
	var open rune
	escaped := false
	for _, r := range text {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case open == 0 && (r == '\'' || r == '"' || r == '`'):
			open = r
		case r == open:
			open = 0
		}
	}
	return open != 0
}

// condition adds the expressions of an `if:`. A condition written without
// ${{ }} is an expression all the same: it is listed as "if@0", at the
// first character of the condition.
func (nb *nodeBuild) condition(field string, n *yaml.Node) {
	if !yamlpos.IsScalar(n) || strings.Contains(n.Value, "${{") {
		nb.scan(field, n, false)
		return
	}
	if strings.TrimSpace(n.Value) == "" {
		return
	}
	nb.addExpr(field, 0, nb.src.ValueStart(n), bareCondition(n.Value))
}

func (nb *nodeBuild) addExpr(field string, i int, pos graph.Pos, e expr) {
	key := field + "@" + strconv.Itoa(i)
	a := e.attrs()
	a["key"], a["field"] = key, field
	nb.node.KeyPos[key] = pos
	nb.exprs = append(nb.exprs, located{pos: pos, attrs: a})
}

// finish stores the expressions in source order.
func (nb *nodeBuild) finish() *graph.Node {
	sort.SliceStable(nb.exprs, func(i, j int) bool {
		a, b := nb.exprs[i].pos, nb.exprs[j].pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	list := make([]any, len(nb.exprs))
	for i, e := range nb.exprs {
		list[i] = e.attrs
	}
	nb.set("exprs", list)
	return nb.node
}
