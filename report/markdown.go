package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// markdownLimit bounds the Markdown report below GitHub's step summary
// cap of 1 MiB per step: a larger summary is dropped whole, with the
// runner error "$GITHUB_STEP_SUMMARY upload aborted, supports content up
// to a size of 1024k".
// https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary
// The margin keeps room for what other tools of the same step append.
const markdownLimit = 1<<20 - 16<<10

// writeMarkdown renders a Markdown summary for $GITHUB_STEP_SUMMARY or a
// pull request comment:
//
//	## nhilint: 4 findings in 6 files
//	| severity | findings |        counts, highest first
//	### Findings                    most severe first, then by file and line
//	| severity | rule | location | message |
//	### Input problems     diagnostics
//	| level | code | location | message |
//
// Every cell is escaped (escapeCell), so a scanned file cannot break the
// table or inject HTML, and the report stays under markdownLimit bytes,
// ending a table early with a note when it would not.
func writeMarkdown(w io.Writer, res *engine.Result, opts Options) error {
	_, err := io.WriteString(w, renderMarkdown(res, opts, markdownLimit))
	return err
}

// renderMarkdown is writeMarkdown with the size limit as a parameter, so
// tests can exercise the truncation.
func renderMarkdown(res *engine.Result, opts Options, limit int) string {
	var head strings.Builder
	c := summarize(res)
	fmt.Fprintf(&head, "## nhilint: %s in %s\n\n", plural(c.Findings, "finding"), plural(res.Files, "file"))
	if c.Findings > 0 {
		head.WriteString("| severity | findings |\n|---|---:|\n")
		for _, s := range []engine.Severity{engine.Critical, engine.High, engine.Medium, engine.Low} {
			fmt.Fprintf(&head, "| %s | %d |\n", s, c.BySeverity[s])
		}
		head.WriteString("\n")
	}
	if n := len(res.Suppressed); n > 0 {
		fmt.Fprintf(&head, "_Not listed: %s (inline ignores, baseline)._\n\n", plural(n, "suppressed finding"))
	}
	if c.Incomplete > 0 {
		them := map[bool]string{true: "it", false: "them"}[c.Incomplete == 1]
		fmt.Fprintf(&head, "**%s could not be fully scanned**: findings in %s may be missing.\n\n", plural(c.Incomplete, "file"), them)
	}
	foot := fmt.Sprintf("<sub>nhilint %s · `nhilint explain <rule-id>` describes a rule and its fix</sub>\n", escapeCell(opts.Version))
	t := &mdBudget{left: limit - head.Len() - len(foot)}
	findings := mdTable{"### Findings\n\n", "| severity | rule | location | message |\n|---|---|---|---|\n", findingRows(res.Findings), "finding"}
	diags := mdTable{"### Input problems\n\n", "| level | code | location | message |\n|---|---|---|---|\n", diagnosticRows(res.Diagnostics), "diagnostic"}
	var body strings.Builder
	body.WriteString(t.render(findings, diags.overhead()+diags.firstRows(mdKeptDiagnostics)))
	body.WriteString(t.render(diags, 0))
	return head.String() + body.String() + foot
}

// findingRows are the findings table's rows, most severe first, otherwise
// in the result's file and line order.
func findingRows(findings []engine.Finding) []string {
	sorted := slices.Clone(findings)
	slices.SortStableFunc(sorted, func(a, b engine.Finding) int { return b.Severity.Rank() - a.Severity.Rank() })
	rows := make([]string, len(sorted))
	for i, f := range sorted {
		rows[i] = fmt.Sprintf("| %s | `%s` | %s | %s |\n", f.Severity, escapeCode(f.RuleID),
			escapeCell(position(f.File, f.Pos)), escapeCell(f.Message))
	}
	return rows
}

func diagnosticRows(diags []graph.Diagnostic) []string {
	rows := make([]string, len(diags))
	for i, d := range diags {
		rows[i] = fmt.Sprintf("| %s | `%s` | %s | %s |\n", d.Severity, escapeCode(d.Code),
			escapeCell(position(d.File, d.Pos)), escapeCell(d.Message))
	}
	return rows
}

// mdTable is a titled Markdown table and its rows.
type mdTable struct {
	title, header string
	rows          []string
	noun          string // "finding": what a row is, for the truncation note
}

// truncNoteMax bounds the length of the note that ends a cut table.
const truncNoteMax = 200

// overhead is what the table takes without rows, a cut note included: 0
// when it has no rows, since it is then left out.
func (m mdTable) overhead() int {
	if len(m.rows) == 0 {
		return 0
	}
	return len(m.title) + len(m.header) + 1 + truncNoteMax
}

// mdKeptDiagnostics is how many diagnostic rows the findings table leaves
// room for: a file that could not be scanned matters as much as a finding.
const mdKeptDiagnostics = 10

// firstRows is the size of the first n rows.
func (m mdTable) firstRows(n int) int {
	size := 0
	for _, r := range m.rows[:min(n, len(m.rows))] {
		size += len(r)
	}
	return size
}

// mdBudget hands out the bytes left under the size limit.
type mdBudget struct {
	left int
}

// render writes as many of the table's rows as fit while keeping reserve
// bytes for what follows, then a note saying how many were left out. A
// table without rows is left out.
func (t *mdBudget) render(m mdTable, reserve int) string {
	if len(m.rows) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(m.title)
	b.WriteString(m.header)
	t.left -= m.overhead() - truncNoteMax
	shown := 0
	for _, r := range m.rows {
		if len(r) > t.left-reserve-truncNoteMax {
			break
		}
		b.WriteString(r)
		t.left -= len(r)
		shown++
	}
	b.WriteString("\n")
	if shown < len(m.rows) {
		note := fmt.Sprintf("_%s not shown to stay under GitHub's 1 MiB step summary limit; "+
			"the JSON and SARIF reports (`--format json`, `--format sarif`) have them all._\n\n",
			plural(len(m.rows)-shown, "more "+m.noun))
		b.WriteString(note)
		t.left -= len(note)
	}
	return b.String()
}

// escapeCell makes s literal text in one GitHub-flavored Markdown table
// cell: line breaks become spaces, HTML's & < > become entities (no tag,
// comment or entity of the scanned file survives), and the characters
// Markdown gives meaning to inline - \ ` * _ [ ] | ~ - are
// backslash-escaped (| would end the cell, ` start a code span, [ a link).
func escapeCell(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(oneLine(s)) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeCode makes s safe inside a `code span` in a table cell: a
// backtick would end the span and a pipe the cell (GFM reads \| even in a
// code span). Rule ids and diagnostic codes are kebab-case, so this only
// guards custom rules against themselves.
func escapeCode(s string) string {
	s = strings.ReplaceAll(oneLine(s), "`", "'")
	return strings.ReplaceAll(s, "|", `\|`)
}
