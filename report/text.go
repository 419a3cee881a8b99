package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// ANSI escapes of the text format when Options.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGray   = "\x1b[90m"
)

// textWriter renders the human format, actionlint style:
//
//	path:line:col: message [rule-id]
//	    <snippet line>
//	    <caret under the column>
//
// then one line per diagnostic and a summary line.
type textWriter struct {
	w     *bufio.Writer
	color bool
}

func writeText(w io.Writer, res *engine.Result, opts Options) error {
	t := &textWriter{w: bufio.NewWriter(w), color: opts.Color}
	for _, f := range res.Findings {
		t.finding(f)
	}
	for _, d := range res.Diagnostics {
		t.diagnostic(d)
	}
	if len(res.Findings)+len(res.Diagnostics) > 0 {
		t.w.WriteString("\n")
	}
	t.w.WriteString(t.paint(ansiBold, summaryLine(res)) + "\n")
	return t.w.Flush()
}

// paint wraps s in an ANSI color when colors are on.
func (t *textWriter) paint(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (t *textWriter) finding(f engine.Finding) {
	where := position(f.File, f.Pos)
	tag := t.paint(severityColor(f.Severity), "["+f.RuleID+"]")
	fmt.Fprintf(t.w, "%s: %s %s\n", t.paint(ansiBold, where), textMessage(f.Message), tag)
	snippet := strings.TrimRight(f.Snippet, " \t\r\n")
	if snippet == "" || !f.Pos.Valid() {
		return
	}
	snippet = cleanSnippet(snippet)
	fmt.Fprintf(t.w, "    %s\n    %s\n", snippet, t.paint(ansiGray, caret(snippet, f.Pos.Col)))
}

func (t *textWriter) diagnostic(d graph.Diagnostic) {
	code := "[" + d.Code + "]"
	if d.Severity == graph.SevError {
		code = t.paint(ansiRed, code)
	} else {
		code = t.paint(ansiYellow, code)
	}
	where := position(d.File, d.Pos)
	if where == "" {
		fmt.Fprintf(t.w, "%s %s\n", textMessage(d.Message), code)
		return
	}
	fmt.Fprintf(t.w, "%s: %s %s\n", t.paint(ansiBold, where), textMessage(d.Message), code)
}

// textMessage is a message on one line, without edge spaces.
func textMessage(s string) string {
	return strings.TrimSpace(oneLine(s))
}

// position renders "file:line:col", or just the file when p is unknown.
func position(file string, p graph.Pos) string {
	file = oneLine(file)
	if !p.Valid() {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// caret puts "^" under the 1-based rune column col of line, reusing the
// line's tabs so it stays aligned in any tab width.
func caret(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteRune(' ')
	}
	b.WriteRune('^')
	return b.String()
}

// cleanSnippet replaces control characters other than tabs, one rune for
// one rune so the caret stays aligned.
func cleanSnippet(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\t' && unicode.IsControl(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

func severityColor(s engine.Severity) string {
	switch s {
	case engine.Critical, engine.High:
		return ansiRed
	case engine.Medium:
		return ansiYellow
	default:
		return ansiCyan
	}
}

// summaryLine is "3 findings (1 critical, 1 high, 1 medium, 0 low) in 4
// files", or "no findings in 4 files", followed by "; 1 file could not be
// fully scanned" when some file has an error diagnostic.
func summaryLine(res *engine.Result) string {
	c := summarize(res)
	var s string
	if c.Findings == 0 {
		s = "no findings in " + plural(res.Files, "file")
	} else {
		s = fmt.Sprintf("%s (%d critical, %d high, %d medium, %d low) in %s",
			plural(c.Findings, "finding"),
			c.BySeverity[engine.Critical], c.BySeverity[engine.High],
			c.BySeverity[engine.Medium], c.BySeverity[engine.Low],
			plural(res.Files, "file"))
	}
	if n := len(res.Suppressed); n > 0 {
		// Say they exist, so "no findings" after a baseline is not
		// mistaken for a clean repository; --format json lists them.
		s += "; " + plural(n, "suppressed finding") + " not shown"
	}
	if c.Incomplete > 0 {
		s += "; " + plural(c.Incomplete, "file") + " could not be fully scanned"
	}
	return s
}
