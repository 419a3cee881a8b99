// Package report renders a scan result (*engine.Result) in the output
// formats of `nhilint scan --format`: text, json, sarif, github, gitlab
// and markdown.
//
// Every writer is deterministic: the same Result and Options give the same
// bytes (no timestamps, no map iterated unsorted). The writers trust the
// order the engine documents (rules by ID, findings by file, line, column
// and rule, diagnostics sorted) and never add file content beyond the
// already-masked Finding.Snippet.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// Format names accepted by Write.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatSARIF  = "sarif"
	FormatGitHub = "github"
	// FormatGitLab is a GitLab code quality report (gitlab.go).
	FormatGitLab = "gitlab"
	// FormatMarkdown is a summary for $GITHUB_STEP_SUMMARY (markdown.go).
	FormatMarkdown = "markdown"
)

// Options are the settings shared by the writers.
type Options struct {
	// Root is the absolute scan root the finding paths are relative to.
	// SARIF records it as originalUriBaseIds["%SRCROOT%"]; empty leaves
	// %SRCROOT% for the consumer to resolve.
	Root string
	// Version is the nhilint version ("v1.2.0", "dev", a git describe).
	// Empty is written as "dev".
	Version string
	// Color turns on ANSI colors in the text format. The CLI sets it only
	// for a terminal (and not under NO_COLOR); other formats ignore it.
	Color bool
}

// Formats lists the format names Write accepts, in the order the CLI shows
// them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatGitHub, FormatGitLab, FormatMarkdown}
}

// Write renders res to w in the named format. An unknown format, a relative
// Root or a failing writer is an error.
func Write(w io.Writer, format string, res *engine.Result, opts Options) error {
	if res == nil {
		return fmt.Errorf("report: nil result")
	}
	if opts.Root != "" && !filepath.IsAbs(opts.Root) {
		return fmt.Errorf("report: scan root %q is not absolute", opts.Root)
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	var err error
	switch format {
	case FormatText:
		err = writeText(w, res, opts)
	case FormatJSON:
		err = writeJSON(w, res, opts)
	case FormatSARIF:
		err = writeSARIF(w, res, opts)
	case FormatGitHub:
		err = writeGitHub(w, res)
	case FormatGitLab:
		err = writeGitLab(w, res)
	case FormatMarkdown:
		err = writeMarkdown(w, res, opts)
	default:
		return fmt.Errorf("report: unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return fmt.Errorf("report: %s: %w", format, err)
	}
	return nil
}

// counts summarizes a result for the text and JSON summaries.
type counts struct {
	Findings   int
	BySeverity map[engine.Severity]int
	// Incomplete is how many distinct files have an error diagnostic.
	Incomplete int
}

func summarize(res *engine.Result) counts {
	c := counts{Findings: len(res.Findings), BySeverity: map[engine.Severity]int{}}
	for _, f := range res.Findings {
		c.BySeverity[f.Severity]++
	}
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		if d.Severity == graph.SevError && !seen[d.File] {
			seen[d.File] = true
			c.Incomplete++
		}
	}
	return c
}

// endValid reports whether p and its end are known and the end is not
// before the start.
func endValid(p graph.Pos) bool {
	if !p.Valid() || p.EndLine == 0 {
		return false
	}
	return p.EndLine > p.Line || (p.EndLine == p.Line && p.EndCol >= p.Col)
}

// oneLine makes s safe to print on one line of a terminal or log: line
// breaks become spaces and other control characters (an ANSI escape in a
// scanned file, say) become U+FFFD. Tabs are kept.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r':
			return ' '
		case r == '\t':
			return r
		case unicode.IsControl(r):
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

// plural renders "1 finding" or "3 findings".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
