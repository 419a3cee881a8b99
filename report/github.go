package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// annotationsPerLevel is how many annotations of one level (error, warning,
// notice) GitHub keeps per step; it drops the rest silently, in the order
// the step printed them. A job keeps 50 in all, so one step's 3×10 fit.
// https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
// ("10 warning annotations, 10 error annotations, and 10 notice
// annotations per step; 50 annotations per job") and
// https://github.com/orgs/community/discussions/26680.
const annotationsPerLevel = 10

// annotation is one finding or diagnostic as a GitHub workflow command.
type annotation struct {
	level string // error, warning or notice
	// rank orders annotations of a level, most severe first: the finding
	// severity's rank; an error diagnostic ranks with high, a warning one
	// with medium (a file that could not be scanned hides findings).
	rank    int
	props   [][2]string
	message string
	// plain is the annotation as an ordinary log line, for those over the cap.
	plain string
}

// writeGitHub renders GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request:
//
//	::error file=.github/workflows/ci.yml,line=12,col=9,title=gha-x::message
//
// GitHub keeps only the first 10 annotations of each level per step, so
// the most severe are emitted first, at most 10 per level; the others are
// printed as plain log lines (not commands) followed by one closing
// ::notice:: that says how many were not annotated and where the full
// list is. That notice takes one of the 10 notice slots.
// https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
func writeGitHub(w io.Writer, res *engine.Result) error {
	all := githubAnnotations(res)
	shown, rest := capAnnotations(all)
	bw := bufio.NewWriter(w)
	for _, a := range shown {
		bw.WriteString(workflowCommand(a.level, a.props, a.message))
	}
	if len(rest) > 0 {
		fmt.Fprintf(bw, "nhilint: %s not annotated (GitHub keeps %d per level and step):\n",
			plural(len(rest), "more result"), annotationsPerLevel)
		writePlain(bw, rest)
		note := fmt.Sprintf("%s of %d not annotated: GitHub shows at most %d error, %d warning and %d notice "+
			"annotations per step. They are listed in this step's log above; the full list is in the job summary "+
			"(nhilint --format markdown) and the SARIF report (--format sarif).",
			plural(len(rest), "result"), len(all), annotationsPerLevel, annotationsPerLevel, annotationsPerLevel)
		bw.WriteString(workflowCommand("notice", [][2]string{{"title", "nhilint: more results than annotations"}}, note))
	}
	return bw.Flush()
}

// writePlain prints annotations as ordinary log lines between
// ::stop-commands:: and its end token, so that nothing a scanned file put
// in a path or message ("::error::", "##[") can act as a command. The
// token is a hash of the lines: stable for goldens, and a file cannot
// contain the token of a text that contains it.
func writePlain(bw *bufio.Writer, rest []annotation) {
	var lines strings.Builder
	for _, a := range rest {
		lines.WriteString("  " + a.plain + "\n")
	}
	sum := sha256.Sum256([]byte(lines.String()))
	token := "nhilint-" + hex.EncodeToString(sum[:8])
	bw.WriteString("::stop-commands::" + token + "\n")
	bw.WriteString(lines.String())
	bw.WriteString("::" + token + "::\n")
}

// githubAnnotations lists every finding and diagnostic as an annotation,
// in the result's order (findings by file and line, then diagnostics).
func githubAnnotations(res *engine.Result) []annotation {
	out := make([]annotation, 0, len(res.Findings)+len(res.Diagnostics))
	for _, f := range res.Findings {
		props := append(locationProps(f.File, f.Pos), [2]string{"title", f.RuleID})
		out = append(out, annotation{
			level: githubLevel(f.Severity), rank: f.Severity.Rank(), props: props, message: f.Message,
			plain: fmt.Sprintf("%s: %s: %s [%s]", plainWhere(f.File, f.Pos), f.Severity, textMessage(f.Message), f.RuleID),
		})
	}
	for _, d := range res.Diagnostics {
		level, rank := "warning", engine.Medium.Rank()
		if d.Severity == graph.SevError {
			level, rank = "error", engine.High.Rank()
		}
		props := append(locationProps(d.File, d.Pos), [2]string{"title", "nhilint " + d.Code})
		out = append(out, annotation{
			level: level, rank: rank, props: props, message: d.Message + " [" + d.Code + "]",
			plain: fmt.Sprintf("%s: %s: %s [%s]", plainWhere(d.File, d.Pos), d.Severity, textMessage(d.Message), d.Code),
		})
	}
	return out
}

// capAnnotations splits annotations into those to emit as commands — most
// severe first, at most annotationsPerLevel per level, one notice slot
// kept for the closing notice when anything is left over — and the rest,
// both in a stable order.
func capAnnotations(all []annotation) (shown, rest []annotation) {
	sorted := slices.Clone(all)
	slices.SortStableFunc(sorted, func(a, b annotation) int { return b.rank - a.rank })
	limit := map[string]int{"error": annotationsPerLevel, "warning": annotationsPerLevel, "notice": annotationsPerLevel}
	count := map[string]int{}
	for _, a := range sorted {
		count[a.level]++
	}
	for level, n := range count {
		if n > limit[level] {
			limit["notice"] = annotationsPerLevel - 1
			break
		}
	}
	used := map[string]int{}
	for _, a := range sorted {
		if used[a.level] < limit[a.level] {
			used[a.level]++
			shown = append(shown, a)
		} else {
			rest = append(rest, a)
		}
	}
	return shown, rest
}

// plainWhere is "file:line:col" for a log line, or "nhilint" when neither
// is known. It is never empty, so a plain line never starts with "::" and
// the runner cannot take it for a command.
func plainWhere(file string, p graph.Pos) string {
	if where := position(file, p); where != "" {
		return where
	}
	return "nhilint"
}

// githubLevel maps a severity to a workflow command: critical and high
// are errors, medium is a warning, low a notice.
func githubLevel(s engine.Severity) string {
	switch s {
	case engine.Critical, engine.High:
		return "error"
	case engine.Medium:
		return "warning"
	default:
		return "notice"
	}
}

// locationProps are the file, line, col, endLine and endColumn properties
// of an annotation, each only when known.
func locationProps(file string, p graph.Pos) [][2]string {
	var props [][2]string
	if file != "" {
		props = append(props, [2]string{"file", file})
	}
	if !p.Valid() {
		return props
	}
	props = append(props, [2]string{"line", strconv.Itoa(p.Line)}, [2]string{"col", strconv.Itoa(p.Col)})
	if endValid(p) {
		props = append(props, [2]string{"endLine", strconv.Itoa(p.EndLine)})
		if p.EndCol > 0 {
			props = append(props, [2]string{"endColumn", strconv.Itoa(p.EndCol)})
		}
	}
	return props
}

// workflowCommand renders "::name k=v,k=v::message\n" with the runner's
// escaping, so neither a property nor the message can end the command
// early or start a new one.
func workflowCommand(name string, props [][2]string, message string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(EscapeProperty(p[1]))
	}
	b.WriteString("::")
	b.WriteString(EscapeData(message))
	b.WriteByte('\n')
	return b.String()
}

// EscapeData escapes a workflow command's message as the GitHub Actions
// runner unescapes it: % \r \n become %25 %0D %0A (the runner's
// ActionCommand.EscapeData; toolkit's @actions/core escapeData).
func EscapeData(s string) string {
	return escapeCommand(s, false)
}

// EscapeProperty escapes a workflow command property value: like
// EscapeData, plus : and , (%3A %2C), which would otherwise end the value
// (toolkit's @actions/core escapeProperty).
func EscapeProperty(s string) string {
	return escapeCommand(s, true)
}

func escapeCommand(s string, property bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '%':
			b.WriteString("%25")
		case r == '\r':
			b.WriteString("%0D")
		case r == '\n':
			b.WriteString("%0A")
		case property && r == ':':
			b.WriteString("%3A")
		case property && r == ',':
			b.WriteString("%2C")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
