package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// writeGitHub renders GitHub Actions workflow commands, one per finding
// and diagnostic, which the runner turns into annotations on the pull
// request:
//
//	::error file=.github/workflows/ci.yml,line=12,col=9,title=gha-x::message
//
// https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
func writeGitHub(w io.Writer, res *engine.Result) error {
	bw := bufio.NewWriter(w)
	for _, f := range res.Findings {
		props := locationProps(f.File, f.Pos)
		props = append(props, [2]string{"title", f.RuleID})
		bw.WriteString(workflowCommand(githubLevel(f.Severity), props, f.Message))
	}
	for _, d := range res.Diagnostics {
		level := "warning"
		if d.Severity == graph.SevError {
			level = "error"
		}
		props := locationProps(d.File, d.Pos)
		props = append(props, [2]string{"title", "nhilint " + d.Code})
		bw.WriteString(workflowCommand(level, props, d.Message+" ["+d.Code+"]"))
	}
	return bw.Flush()
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
