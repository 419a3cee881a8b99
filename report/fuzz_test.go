package report

import (
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// FuzzEscapeCell: whatever a scanned file puts in a message, its Markdown
// cell stays one line, cannot end the cell and carries no raw HTML.
func FuzzEscapeCell(f *testing.F) {
	for _, s := range []string{"a|b", "<img src=x>", "x\\|y", "line\nbreak\r", "`code`", "&lt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := escapeCell(s)
		if strings.ContainsAny(got, "\n\r<>") {
			t.Fatalf("escapeCell(%q) = %q: line break or HTML", s, got)
		}
		// Every pipe must follow an odd run of backslashes.
		for i := 0; i < len(got); i++ {
			if got[i] != '|' {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && got[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Fatalf("escapeCell(%q) = %q: unescaped pipe at %d", s, got, i)
			}
		}
	})
}

// FuzzGitHub: any finding gives one workflow command per line, and no
// line outside the ::stop-commands:: block starts a command other than
// the annotations nhilint writes.
func FuzzGitHub(f *testing.F) {
	f.Add("ci.yml", "msg", 3)
	f.Add("::error::x", "a\n::warning::b\r\n%0A", 12)
	f.Fuzz(func(t *testing.T, file, message string, n int) {
		n = min(max(n, 0), 40)
		res := &engine.Result{}
		for i := 0; i < n; i++ {
			res.Findings = append(res.Findings, engine.Finding{RuleID: "r", Severity: []engine.Severity{engine.Critical, engine.High, engine.Medium, engine.Low}[i%4], Message: message,
				Location: engine.Location{File: file, Pos: graph.Pos{Line: i + 1, Col: 1}}})
		}
		var out strings.Builder
		if err := writeGitHub(&out, res); err != nil {
			t.Fatal(err)
		}
		inStop := ""
		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			switch {
			case inStop != "":
				if line == "::"+inStop+"::" {
					inStop = ""
				}
			case strings.HasPrefix(line, "::stop-commands::"):
				inStop = strings.TrimPrefix(line, "::stop-commands::")
			case strings.HasPrefix(line, "::error "), strings.HasPrefix(line, "::warning "), strings.HasPrefix(line, "::notice "),
				strings.HasPrefix(line, "nhilint: "), line == "":
			default:
				t.Fatalf("unexpected line %q", line)
			}
		}
		if inStop != "" {
			t.Fatalf("stop-commands block not closed")
		}
	})
}
