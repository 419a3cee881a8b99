package secrets

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// gitleaks runs each rule whose keyword occurs anywhere in a fragment over
// the whole fragment: on a source file where "key" or "token" occurs once,
// its generic rule scans every line, and the whole real-world corpus takes
// 16 s on two cores. nhilint hands gitleaks only the lines around keyword
// occurrences instead, as fragments with their line offset, which finds
// the same secrets (checked on the corpus: see the package tests and
// docs/input-secrets.md) several times faster.
const (
	// linesAfter is the context kept after a keyword's line: a match
	// starts on its keyword's line and may take its value from the next
	// one ("key:\n  value").
	linesAfter = 1
	// curlLinesAfter: gitleaks' curl rules find a header up to five
	// lines after the command.
	curlLinesAfter = 6
	// pairedLines: the paired AWS secret rule requires an access key id
	// within 5 lines of its secret key, so both must be in one fragment.
	pairedLines = 5
	// maxBlockLines bounds how far a "-----BEGIN" block is followed to
	// its "-----END".
	maxBlockLines = 2000
)

// window is a range of 0-based lines, both ends included. assigns
// tells whether gitleaks' generic rule can match in it (see assigns).
type window struct {
	first, last int
	assigns     bool
}

// windower finds the windows of a file that gitleaks must see.
type windower struct {
	trie *ahocorasick.Trie
	// paired are the keywords of rules that require another rule's match
	// nearby: their windows reach pairedLines both ways.
	paired map[string]bool
	// generic are the keywords of gitleaks' generic rule.
	generic map[string]bool
}

func newWindower(keywords map[string]struct{}, paired, generic []string) *windower {
	words := make([]string, 0, len(keywords))
	for k := range keywords {
		words = append(words, k)
	}
	w := &windower{
		trie:   ahocorasick.NewTrieBuilder().AddStrings(words).Build(),
		paired: lowerSet(paired), generic: lowerSet(generic),
	}
	return w
}

func lowerSet(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, k := range words {
		set[strings.ToLower(k)] = true
	}
	return set
}

// windows returns the merged windows around every keyword occurrence, in
// order. Keywords are ASCII and gitleaks matches them case-insensitively.
func (w *windower) windows(raw string, lines lineIndex) []window {
	lower := asciiLower(raw)
	// Unicode case folding lets (?i)k match U+212A and (?i)s U+017F,
	// keyword spellings the ASCII search below cannot see.
	folds := bytes.Contains(lower, []byte("\u212a")) || bytes.Contains(lower, []byte("\u017f"))
	var out []window
	w.trie.Walk(lower, func(end, n, _ int64) bool {
		start := int(end - n + 1)
		line := lines.lineOf(start)
		kw := string(lower[start : end+1])
		win := window{first: line, last: line + linesAfter, assigns: folds || w.generic[kw] && assigns(lower[end+1:])}
		switch {
		case w.paired[kw]:
			win = window{first: max(0, line-pairedLines), last: line + pairedLines}
		case kw == "curl":
			win.last = line + curlLinesAfter
		case strings.HasPrefix(kw, "-----"):
			win.last = blockEnd(lower, lines, start, line)
		}
		win.last = min(win.last, len(lines)-1)
		out = append(out, win)
		return true
	})
	return merge(out)
}

// merge sorts windows and joins those that overlap or touch.
func merge(ws []window) []window {
	slices.SortFunc(ws, func(a, b window) int { return cmp.Compare(a.first, b.first) })
	out := ws[:0]
	for _, w := range ws {
		if k := len(out) - 1; k >= 0 && w.first <= out[k].last+1 {
			out[k].last = max(out[k].last, w.last)
			out[k].assigns = out[k].assigns || w.assigns
			continue
		}
		out = append(out, w)
	}
	return out
}

// assigns reports whether the text after a keyword can continue a match
// of gitleaks' generic rule, whose regex is, after its keyword,
//
//	(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)...
//
// that is, at most 23 characters of [ \t\w.\-\s'"] and then one of
// "=>:|?,". A window where no keyword passes this test cannot hold a
// generic match, and gitleaks skips the generic rule there: its regex,
// with 50 lazy characters before the keyword, costs more than all the
// other rules together.
func assigns(after []byte) bool {
	for i := 0; i < len(after) && i <= 23; i++ {
		switch c := after[i]; {
		case strings.IndexByte("=>:|?,", c) >= 0:
			return true
		case c == '_' || c == '.' || c == '-' || c == '\'' || c == '"' ||
			'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte(" \t\n\f\r", c) >= 0:
		default:
			return false
		}
	}
	return false
}

// blockEnd is the line of the "-----end" that closes a block starting at
// byte start (line), or the block bound.
func blockEnd(lower []byte, lines lineIndex, start, line int) int {
	limit := len(lower)
	if line+maxBlockLines < len(lines) {
		limit = lines[line+maxBlockLines]
	}
	i := bytes.Index(lower[start:limit], []byte("-----end"))
	if i < 0 {
		return line + maxBlockLines
	}
	return lines.lineOf(start + i)
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay those of
// the original.
func asciiLower(s string) []byte {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}
