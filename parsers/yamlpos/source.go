// Package yamlpos maps YAML positions to source bytes and back, and finds
// where the text of a scalar (an expression inside a block scalar, a quoted
// string) sits in the file. It shares one column convention with yaml.v3,
// yaml/v4 and actionlint: 1-based lines and 1-based character (rune)
// columns, a leading UTF-8 BOM not counted, and \r\n, \r, \n, U+0085,
// U+2028 and U+2029 all ending a line, as the YAML scanner does.
package yamlpos

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/nhilint/nhilint/graph"
)

// bom is the UTF-8 byte order mark, which the YAML reader skips.
const bom = "\xef\xbb\xbf"

// Source indexes the lines of one file.
type Source struct {
	src   []byte
	lines []int // byte offset where each line starts; lines[0] skips the BOM
}

// NewSource indexes src. It never fails: any byte sequence has lines.
func NewSource(src []byte) *Source {
	start := 0
	if bytes.HasPrefix(src, []byte(bom)) {
		start = 3
	}
	lines := []int{start}
	for i := start; i < len(src); {
		if n := breakLen(src[i:]); n > 0 {
			i += n
			lines = append(lines, i)
			continue
		}
		i++
	}
	return &Source{src: src, lines: lines}
}

// breakLen is the length of the line break at the start of b, 0 if none.
func breakLen(b []byte) int {
	switch {
	case b[0] == '\n':
		return 1
	case b[0] == '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 2
		}
		return 1
	case b[0] == 0xc2 && len(b) > 1 && b[1] == 0x85: // NEL
		return 2
	case b[0] == 0xe2 && len(b) > 2 && b[1] == 0x80 && (b[2] == 0xa8 || b[2] == 0xa9): // LS, PS
		return 3
	}
	return 0
}

// Bytes returns the indexed source.
func (s *Source) Bytes() []byte { return s.src }

// Offset converts a position to a byte offset, clamped to the source (a
// position past a line's end lands on its end).
func (s *Source) Offset(p graph.Pos) int {
	if p.Line < 1 {
		return s.lines[0]
	}
	if p.Line > len(s.lines) {
		return len(s.src)
	}
	off := s.lines[p.Line-1]
	end := s.lineEnd(p.Line - 1)
	for col := 1; col < p.Col && off < end; col++ {
		_, n := utf8.DecodeRune(s.src[off:end])
		off += n
	}
	return off
}

// lineEnd is the offset of the break ending line i (0-based), or EOF.
func (s *Source) lineEnd(i int) int {
	if i+1 >= len(s.lines) {
		return len(s.src)
	}
	return s.breakStart(i, s.lines[i+1])
}

// breakStart finds where the break that ends line i starts, searching from
// the line start (breaks are at most 3 bytes, so this stays cheap).
func (s *Source) breakStart(i, next int) int {
	for off := max(s.lines[i], next-3); off < next; off++ {
		if n := breakLen(s.src[off:]); n > 0 && off+n == next {
			return off
		}
	}
	return next
}

// Pos converts a byte offset to a position.
func (s *Source) Pos(off int) graph.Pos {
	off = max(min(off, len(s.src)), s.lines[0])
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	return graph.Pos{Line: i + 1, Col: utf8.RuneCount(s.src[s.lines[i]:off]) + 1}
}

// NthIndex finds the n-th (0-based) occurrence of needle at or after from,
// returning its offset, or -1 when there are fewer.
func (s *Source) NthIndex(from int, needle string, n int) int {
	for off := from; off <= len(s.src); {
		i := bytes.Index(s.src[off:], []byte(needle))
		if i < 0 {
			return -1
		}
		if n == 0 {
			return off + i
		}
		n--
		off += i + len(needle)
	}
	return -1
}

// NextLine is the offset of the line after the one holding off (EOF if
// off is on the last line).
func (s *Source) NextLine(off int) int {
	i := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	if i >= len(s.lines) {
		return len(s.src)
	}
	return s.lines[i]
}
