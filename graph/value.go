package graph

import (
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// NewDocument starts the document of one file.
func NewDocument(file, kind string, source []byte) *Document {
	return &Document{File: file, Kind: kind, Source: source}
}

// AddNode creates a node of the document at path (e.g. "jobs.build") and
// registers it. Its Attrs start with the "id", "kind" and "file" every
// Rego-visible node carries.
func (d *Document) AddNode(kind, path string, pos Pos) *Node {
	id := d.File
	if path != "" {
		id += "#" + path
	}
	n := &Node{
		ID:     id,
		Kind:   kind,
		File:   d.File,
		Pos:    pos,
		KeyPos: map[string]Pos{},
		Attrs:  map[string]any{"id": id, "kind": kind, "file": d.File},
	}
	if d.Root == nil {
		d.Root = n
	}
	d.Nodes = append(d.Nodes, n)
	return n
}

// Diag records a diagnostic on the document.
func (d *Document) Diag(pos Pos, sev Severity, code, format string, args ...any) {
	d.Diagnostics = append(d.Diagnostics, Diagnostic{
		File: d.File, Pos: pos, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...),
	})
}

// InputKey is the top-level input field that collects documents of a root
// kind, in English plural: "gha.workflow" → "gha_workflows", "iam.policy"
// → "iam_policies", "secret.match" → "secret_matches".
func InputKey(kind string) string {
	k := strings.ReplaceAll(kind, ".", "_")
	switch {
	case len(k) > 1 && k[len(k)-1] == 'y' && !strings.ContainsRune("aeiou", rune(k[len(k)-2])):
		return k[:len(k)-1] + "ies"
	case strings.HasSuffix(k, "s") || strings.HasSuffix(k, "x") || strings.HasSuffix(k, "ch") || strings.HasSuffix(k, "sh"):
		return k + "es"
	}
	return k + "s"
}

// Value builds the Rego input once per scan: one array per listed node
// kind (input.gha_workflows, input.tf_resources, ...) holding the Attrs of
// every node of that kind, document roots and nested nodes alike, plus
// input.files. A node of a listed kind must therefore not also be nested
// in its parent's Attrs (the parent refers to it by id), or rules would
// see it twice. Every listed kind is present, even when empty, so rules
// never meet an undefined collection.
func (g *Graph) Value(kinds ...string) (ast.Value, error) {
	groups := map[string][]*ast.Term{}
	for _, k := range kinds {
		groups[InputKey(k)] = nil
	}
	b := newTermBuilder()
	files := make([]*ast.Term, 0, len(g.Documents))
	for _, d := range g.Documents {
		if d.Root == nil {
			continue
		}
		for _, n := range d.Nodes {
			key := InputKey(n.Kind)
			if _, listed := groups[key]; !listed {
				continue
			}
			t, err := b.term(n.Attrs)
			if err != nil {
				return nil, fmt.Errorf("input for %s: %w", n.ID, err)
			}
			groups[key] = append(groups[key], t)
		}
		files = append(files, ast.ObjectTerm(
			ast.Item(b.str("path"), b.str(d.File)),
			ast.Item(b.str("kind"), b.str(d.Root.Kind)),
		))
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	items := make([][2]*ast.Term, 0, len(keys)+1)
	for _, k := range keys {
		items = append(items, ast.Item(ast.StringTerm(k), ast.ArrayTerm(groups[k]...)))
	}
	items = append(items, ast.Item(ast.StringTerm("files"), ast.ArrayTerm(files...)))
	return ast.NewObject(items...), nil
}

// termBuilder converts Attrs into terms, sharing one term per distinct
// short string: object keys ("id", "kind", "file", "uses", ...) and the
// values nodes repeat (file paths, kinds, types) make most of the input's
// strings, and one term each, instead of one per occurrence, saves a
// third of the input's allocations and of the garbage collection they
// cost. Terms of the input are never modified by evaluation, so sharing
// them is safe (OPA itself interns common terms).
type termBuilder struct {
	strs map[string]*ast.Term
}

// maxShared bounds the strings shared: longer ones (scripts, policy
// documents) are nearly always unique, and hashing them for the lookup
// would cost more than it saves.
const maxShared = 128

func newTermBuilder() *termBuilder {
	return &termBuilder{strs: map[string]*ast.Term{}}
}

// str is the term of s, shared when s is short.
func (b *termBuilder) str(s string) *ast.Term {
	if len(s) > maxShared {
		return ast.StringTerm(s)
	}
	if t, ok := b.strs[s]; ok {
		return t
	}
	t := ast.StringTerm(s)
	b.strs[s] = t
	return t
}

// term converts an Attrs value without a JSON round trip.
func (b *termBuilder) term(v any) (*ast.Term, error) {
	switch x := v.(type) {
	case nil:
		return ast.NullTerm(), nil
	case bool:
		return ast.InternedTerm(x), nil
	case string:
		return b.str(x), nil
	case int:
		return ast.InternedTerm(x), nil
	case int64:
		return ast.InternedTerm(int(x)), nil
	case float64:
		return ast.FloatNumberTerm(x), nil
	case []string:
		ts := make([]*ast.Term, len(x))
		for i, s := range x {
			ts[i] = b.str(s)
		}
		return ast.ArrayTerm(ts...), nil
	case []any:
		ts := make([]*ast.Term, len(x))
		for i, e := range x {
			t, err := b.term(e)
			if err != nil {
				return nil, err
			}
			ts[i] = t
		}
		return ast.ArrayTerm(ts...), nil
	case map[string]string:
		items := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			items = append(items, ast.Item(b.str(k), b.str(e)))
		}
		return ast.ObjectTerm(items...), nil
	case map[string]any:
		items := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			t, err := b.term(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			items = append(items, ast.Item(b.str(k), t))
		}
		return ast.ObjectTerm(items...), nil
	default:
		return nil, fmt.Errorf("unsupported attribute type %T", v)
	}
}
