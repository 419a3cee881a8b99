package iam

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhilint/nhilint/graph"
)

// at is the position of the n-th (0-based) occurrence of needle in s,
// counted the way DecodeJSON counts (BOM skipped, rune columns).
func at(t testing.TB, s, needle string, n int) graph.Pos {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(s[off:], needle)
		if j < 0 {
			t.Fatalf("occurrence %d of %q not found", n, needle)
		}
		if i == n {
			off += j
			break
		}
		off += j + len(needle)
	}
	start := strings.LastIndexByte(s[:off], '\n') + 1
	line := strings.Count(s[:off], "\n") + 1
	return graph.Pos{Line: line, Col: utf8.RuneCountInString(strings.TrimPrefix(s[start:off], bom)) + 1}
}

// nodeByID finds a node of doc.
func nodeByID(t testing.TB, doc *graph.Document, id string) *graph.Node {
	t.Helper()
	for _, n := range doc.Nodes {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("no node %q in %s", id, doc.File)
	return nil
}
