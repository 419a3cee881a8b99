package yamlpos

import (
	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
)

// TextStart is the offset where the text of scalar n begins in the source.
// For a block scalar that is the line after the `|`/`>` header, so a comment
// on the header line is never mistaken for content.
func (s *Source) TextStart(n *yaml.Node) int {
	off := s.Offset(Of(n))
	if IsBlock(n) {
		return s.NextLine(off)
	}
	return off
}

// Find locates the k-th (0-based) occurrence of needle in the source text of
// scalar n, counting from where its text starts. It is exact whenever the
// needle is written literally in the scalar (it is in every style, unless a
// double-quoted string spells it with escapes); ok is false when the source
// holds fewer occurrences.
func (s *Source) Find(n *yaml.Node, needle string, k int) (graph.Pos, bool) {
	off := s.NthIndex(s.TextStart(n), needle, k)
	if off < 0 {
		return Of(n), false
	}
	return s.Pos(off), true
}

// ValueStart is the position of the first character of scalar n's value:
// after any anchor and tag, after the opening quote, and on the first
// content line of a block scalar.
func (s *Source) ValueStart(n *yaml.Node) graph.Pos {
	off := s.TextStart(n)
	src := s.src
	if IsBlock(n) {
		for off < len(src) && isSpace(src[off]) {
			off++
		}
		return s.Pos(off)
	}
	for off < len(src) && (src[off] == '&' || src[off] == '!') {
		for off < len(src) && !isSpace(src[off]) {
			off++
		}
		for off < len(src) && isSpace(src[off]) {
			off++
		}
	}
	if IsQuoted(n) && off < len(src) {
		off++
	}
	return s.Pos(off)
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
