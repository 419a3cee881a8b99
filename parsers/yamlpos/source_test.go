package yamlpos

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
)

// TestAgreesWithYAML checks Offset/Pos against the positions yaml.v3 gives
// every node, across line-break styles, a BOM and multi-byte text.
func TestAgreesWithYAML(t *testing.T) {
	srcs := []string{
		"a: 1\nb: [x, 'y', \"z\"]\n",
		"a: 1\r\nb:\r\n  c: é日本\r\n  d: |\r\n    x\r\n",
		"\ufeffa: é\nb: ü\n",
		"a: 1\rb: 2\r",
		"a: 1\u0085b: 2\u2028c: 3\u2029d: 4\n",
		"k: &x v\nl: *x\nm: !!str 5\n",
	}
	for _, src := range srcs {
		var root yaml.Node
		if err := yaml.Unmarshal([]byte(src), &root); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		s := NewSource([]byte(src))
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode && n.Anchor == "" && n.Tag != "!!str" || n.Kind == yaml.ScalarNode && n.Style != 0 {
				off := s.Offset(Of(n))
				if got := s.Pos(off); got != Of(n) {
					t.Errorf("%q: %v round-trips to %v", src, Of(n), got)
				}
				if n.Style == 0 && string(src[off:off+len(n.Value)]) != n.Value {
					t.Errorf("%q: %v points at %q, want %q", src, Of(n), src[off:], n.Value)
				}
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&root)
	}
}

func TestFindAndValueStart(t *testing.T) {
	src := "a: | # ${{ header }}\n  x ${{ one }}\n  ${{ two }}\nb: &k 'q ${{ three }}'\n"
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	s := NewSource([]byte(src))
	m := root.Content[0]
	a, b := m.Content[1], m.Content[3]
	for k, want := range []graph.Pos{{Line: 2, Col: 5}, {Line: 3, Col: 3}} {
		if got, ok := s.Find(a, "${{", k); !ok || got != want {
			t.Errorf("a #%d: %v, want %v", k, got, want)
		}
	}
	if _, ok := s.Find(a, "${{", 3); ok {
		t.Error("found a fourth expression")
	}
	if got := s.ValueStart(a); got != (graph.Pos{Line: 2, Col: 3}) {
		t.Errorf("block value start %v", got)
	}
	if got := s.ValueStart(b); got != (graph.Pos{Line: 4, Col: 8}) {
		t.Errorf("quoted value start %v", got)
	}
	if got := s.Offset(graph.Pos{Line: 99, Col: 1}); got != len(src) {
		t.Errorf("past EOF: %d", got)
	}
	if got := s.Offset(graph.Pos{Line: 1, Col: 999}); got != len("a: | # ${{ header }}") {
		t.Errorf("past EOL: %d", got)
	}
}
