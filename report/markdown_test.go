package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

func TestEscapeCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a|b", `a\|b`},
		{"run `rm -rf`", "run \\`rm -rf\\`"},
		{"line one\nline two\r\n", "line one line two"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<!-- hide -->", "&lt;!-- hide --&gt;"},
		{"&amp; stays literal", "&amp;amp; stays literal"},
		{"[click](https://evil)", `\[click\](https://evil)`},
		{"*bold* _em_ ~~del~~", `\*bold\* \_em\_ \~\~del\~\~`},
		{`back\slash`, `back\\slash`},
		{"${{ secrets.X }}", "${{ secrets.X }}"},
		{"é ünïcode", "é ünïcode"},
	} {
		if got := escapeCell(c.in); got != c.want {
			t.Errorf("escapeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := escapeCode("a`b|c"); got != `a'b\|c` {
		t.Errorf("escapeCode = %q", got)
	}
}

// TestMarkdownCell checks that a hostile message stays inside its row:
// one line, five unescaped pipes (the row's borders).
func TestMarkdownCell(t *testing.T) {
	res := &engine.Result{Files: 1, Findings: []engine.Finding{{
		RuleID: "r", Severity: engine.High, Message: "a | b\n| c | d |\n<img src=x>",
		Location: engine.Location{File: "x|y.yml", Pos: graph.Pos{Line: 2, Col: 3}},
	}}}
	md := string(render(t, FormatMarkdown, res, Options{}))
	var row string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| high | `r`") {
			row = line
		}
	}
	if row == "" {
		t.Fatalf("no finding row in:\n%s", md)
	}
	if n := strings.Count(row, "|") - strings.Count(row, `\|`); n != 5 {
		t.Errorf("row has %d cell borders, want 5: %s", n, row)
	}
	if strings.Contains(md, "<img") {
		t.Errorf("HTML survived: %s", row)
	}
}

// TestMarkdownTruncation keeps a report of thousands of findings under the
// limit, with notes saying how many rows were left out.
func TestMarkdownTruncation(t *testing.T) {
	res := &engine.Result{Files: 1}
	for i := 0; i < 5000; i++ {
		res.Findings = append(res.Findings, engine.Finding{
			RuleID: "rule-x", Severity: engine.Medium, Message: strings.Repeat("long message ", 10),
			Location: engine.Location{File: "ci.yml", Pos: graph.Pos{Line: i + 1, Col: 1}},
		})
	}
	for i := 0; i < 50; i++ {
		res.Diagnostics = append(res.Diagnostics, graph.Diagnostic{File: fmt.Sprintf("f%d.yml", i), Severity: graph.SevError, Code: "parse-error", Message: "bad"})
	}
	const limit = 64 << 10
	md := renderMarkdown(res, Options{Version: "dev"}, limit)
	if len(md) > limit {
		t.Errorf("report is %d bytes, over the %d limit", len(md), limit)
	}
	rows := strings.Count(md, "| medium | `rule-x`")
	if rows == 0 || rows == 5000 {
		t.Fatalf("%d finding rows, want some but not all", rows)
	}
	want := fmt.Sprintf("_%d more findings not shown to stay under GitHub's 1 MiB step summary limit", 5000-rows)
	if !strings.Contains(md, want) {
		t.Errorf("no truncation note %q", want)
	}
	diagRows := strings.Count(md, "| error | `parse-error`")
	if diagRows < mdKeptDiagnostics || !strings.Contains(md, fmt.Sprintf("%d more diagnostics not shown", 50-diagRows)) || !strings.HasSuffix(md, "</sub>\n") {
		t.Errorf("diagnostics note or footer missing:\n%s", md[len(md)-600:])
	}
	full := string(render(t, FormatMarkdown, res, Options{}))
	if len(full) > markdownLimit || strings.Contains(full, "not shown") {
		t.Errorf("the full report (%d bytes) should fit under %d untruncated", len(full), markdownLimit)
	}
}

func TestMarkdownClean(t *testing.T) {
	got := string(render(t, FormatMarkdown, &engine.Result{Files: 2}, Options{}))
	want := "## nhilint: 0 findings in 2 files\n\n<sub>nhilint dev · `nhilint explain <rule-id>` describes a rule and its fix</sub>\n"
	if got != want {
		t.Errorf("clean markdown = %q, want %q", got, want)
	}
}

func TestMarkdownSuppressedCount(t *testing.T) {
	res := &engine.Result{Files: 1, Suppressed: []engine.Finding{{RuleID: "r", Severity: engine.High, Message: "hidden"}}}
	got := string(render(t, FormatMarkdown, res, Options{}))
	if !strings.Contains(got, "_Not listed: 1 suppressed finding (inline ignores, baseline)._\n") || strings.Contains(got, "hidden") {
		t.Errorf("suppressed findings: %s", got)
	}
}
