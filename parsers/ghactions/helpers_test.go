package ghactions

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// at is the position of the n-th (0-based) occurrence of needle in src,
// computed independently of the parser: lines split on \n, 1-based rune
// columns, a leading BOM not counted.
func at(t testing.TB, src, needle string, n int) graph.Pos {
	t.Helper()
	off := -1
	for i, from := 0, 0; i <= n; i++ {
		j := strings.Index(src[from:], needle)
		if j < 0 {
			t.Fatalf("%q: occurrence %d not found", needle, n)
		}
		off, from = from+j, from+j+len(needle)
	}
	before := strings.TrimPrefix(src[:off], "\ufeff")
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return graph.Pos{Line: line, Col: col}
}

// node finds a document node by ID suffix ("" for the root).
func node(t testing.TB, d *graph.Document, suffix string) *graph.Node {
	t.Helper()
	for _, n := range d.Nodes {
		if suffix == "" && n == d.Root || suffix != "" && strings.HasSuffix(n.ID, "#"+suffix) {
			return n
		}
	}
	t.Fatalf("no node %q among %d nodes (diagnostics: %v)", suffix, len(d.Nodes), d.Diagnostics)
	return nil
}

// exprs returns a node's exprs entries.
func exprs(n *graph.Node) []map[string]any {
	var out []map[string]any
	for _, e := range n.Attrs["exprs"].([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

// noErrors fails on any error diagnostic.
func noErrors(t testing.TB, d *graph.Document) {
	t.Helper()
	for _, di := range d.Diagnostics {
		if di.Severity == graph.SevError {
			t.Fatalf("unexpected diagnostic: %s", di.Error())
		}
	}
}

// checkInvariants verifies what must hold for any input: valid positions
// inside the file, every expression key at its "${{" (or, for a bare
// condition, at its text), and unique node IDs.
func checkInvariants(t testing.TB, d *graph.Document, src []byte) {
	t.Helper()
	s := newBuilder(d, src, yamlpos.DefaultMaxNodes).src
	ids := map[string]bool{}
	for _, n := range d.Nodes {
		if ids[n.ID] {
			t.Fatalf("duplicate node id %s", n.ID)
		}
		ids[n.ID] = true
		if !n.Pos.Valid() {
			t.Fatalf("%s: invalid pos %v", n.ID, n.Pos)
		}
		for k, p := range n.KeyPos {
			if !p.Valid() {
				t.Fatalf("%s key %s: invalid pos %v", n.ID, k, p)
			}
		}
		for _, e := range exprs(n) {
			key := e["key"].(string)
			p, ok := n.KeyPos[key]
			if !ok {
				t.Fatalf("%s: expr key %s has no KeyPos", n.ID, key)
			}
			off := s.Offset(p)
			if s.Pos(off) != p {
				t.Fatalf("%s: %s at %v is outside the source", n.ID, key, p)
			}
			raw := e["raw"].(string)
			if !strings.HasPrefix(string(src[off:]), "${{") && !strings.HasPrefix(string(src[off:]), firstWord(raw)) {
				t.Errorf("%s: %s at %v points at %q", n.ID, key, p, string(src[off:min(off+12, len(src))]))
			}
		}
	}
	for _, di := range d.Diagnostics {
		if di.Code != codeInternal && !di.Pos.Valid() {
			t.Fatalf("diagnostic without position: %s", di.Error())
		}
		if di.Code == codeInternal {
			t.Fatalf("panic: %s", di.Message)
		}
	}
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0][:min(len(f[0]), 4)]
	}
	return s
}
