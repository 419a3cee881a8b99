package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

func TestEscapeData(t *testing.T) {
	for in, want := range map[string]string{
		"plain":            "plain",
		"100%":             "100%25",
		"%0A":              "%250A",
		"a\nb":             "a%0Ab",
		"a\r\nb":           "a%0D%0Ab",
		"k: v, w":          "k: v, w",
		"::error::x":       "::error::x",
		"line\n::error::x": "line%0A::error::x",
	} {
		if got := EscapeData(in); got != want {
			t.Errorf("EscapeData(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeProperty(t *testing.T) {
	for in, want := range map[string]string{
		"plain":              "plain",
		"100%":               "100%25",
		"a\r\nb":             "a%0D%0Ab",
		"C:\\x,y":            "C%3A\\x%2Cy",
		"dir/a,b.yml":        "dir/a%2Cb.yml",
		"title=x::message":   "title=x%3A%3Amessage",
		"%3A already":        "%253A already",
		"é: unicode, intact": "é%3A unicode%2C intact",
	} {
		if got := EscapeProperty(in); got != want {
			t.Errorf("EscapeProperty(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWorkflowCommand(t *testing.T) {
	props := locationProps("a,b:c.yml", graph.Pos{Line: 3, Col: 5, EndLine: 3, EndCol: 9})
	props = append(props, [2]string{"title", "rule-x"})
	got := workflowCommand("warning", props, "50% done\nnext")
	want := "::warning file=a%2Cb%3Ac.yml,line=3,col=5,endLine=3,endColumn=9,title=rule-x::50%25 done%0Anext\n"
	if got != want {
		t.Errorf("workflowCommand =\n%q\nwant\n%q", got, want)
	}
	if got := workflowCommand("error", locationProps("", graph.Pos{}), "m"); got != "::error::m\n" {
		t.Errorf("no properties: %q", got)
	}
	if got := workflowCommand("error", locationProps("f", graph.Pos{Line: 2, Col: 1, EndLine: 1, EndCol: 1}), "m"); got != "::error file=f,line=2,col=1::m\n" {
		t.Errorf("end before start must be dropped: %q", got)
	}
}

// manyResult has more findings of every level than GitHub annotates per
// step: 6 critical and 7 high (errors), 12 medium (warnings), 12 low
// (notices), an error diagnostic and a warning one, in file order.
func manyResult() *engine.Result {
	res := &engine.Result{Files: 3}
	sevs := []engine.Severity{}
	for i := 0; i < 37; i++ {
		switch {
		case i%6 == 0 && i < 36:
			sevs = append(sevs, engine.Critical)
		case i%3 == 1 && len(sevs) > 0 && countSev(sevs, engine.High) < 7:
			sevs = append(sevs, engine.High)
		case countSev(sevs, engine.Medium) < 12 && i%2 == 0:
			sevs = append(sevs, engine.Medium)
		default:
			sevs = append(sevs, engine.Low)
		}
	}
	for i, s := range sevs {
		res.Findings = append(res.Findings, engine.Finding{
			RuleID: "rule-" + string(s), Severity: s,
			Message:  fmt.Sprintf("finding %d, %s: 100%% sure\nsecond line", i+1, s),
			Location: engine.Location{File: "wf,dir/ci.yml", Pos: graph.Pos{Line: i + 1, Col: 3}},
		})
	}
	res.Diagnostics = []graph.Diagnostic{
		{File: "::error::evil.yml", Pos: graph.Pos{Line: 1, Col: 1}, Severity: graph.SevError, Code: "parse-error", Message: "bad ##[error] input"},
		{File: "odd.yml", Severity: graph.SevWarning, Code: "unknown-key", Message: "unknown key"},
	}
	return res
}

func countSev(sevs []engine.Severity, s engine.Severity) int {
	n := 0
	for _, x := range sevs {
		if x == s {
			n++
		}
	}
	return n
}

// TestGitHubAnnotationCap checks golden-capped.github: at most 10
// annotations per level, most severe first, one notice slot left for the
// closing notice, the rest as plain lines GitHub cannot take for commands.
func TestGitHubAnnotationCap(t *testing.T) {
	res := manyResult()
	got := render(t, FormatGitHub, res, goldenOptions())
	path := filepath.Join("testdata", "golden-capped.github")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Errorf("differs from %s (%v; run go test ./report -update and review):\n%s", path, err, got)
	}
	levels := map[string]int{}
	plain, inStop := 0, false
	var firstError string
	for _, line := range strings.Split(strings.TrimSuffix(string(got), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "::stop-commands::"):
			inStop = true
		case inStop && strings.HasPrefix(line, "::nhilint-"):
			inStop = false
		case inStop:
			plain++
		case strings.HasPrefix(line, "::"):
			level := strings.SplitN(strings.TrimPrefix(line, "::"), " ", 2)[0]
			levels[level]++
			if level == "error" && firstError == "" {
				firstError = line
			}
		}
	}
	if levels["error"] != 10 || levels["warning"] != 10 || levels["notice"] != 10 {
		t.Errorf("annotations per level = %v, want 10 each", levels)
	}
	total := len(res.Findings) + len(res.Diagnostics)
	if shown := levels["error"] + levels["warning"] + levels["notice"] - 1; shown+plain != total {
		t.Errorf("%d annotated + %d plain, want %d in all", shown, plain, total)
	}
	if !strings.Contains(firstError, "title=rule-critical") {
		t.Errorf("first error is not a critical finding: %s", firstError)
	}
	if !strings.Contains(string(got), "::notice title=nhilint%3A more results than annotations::") {
		t.Error("no closing notice")
	}
}

func TestGitHubNoCapNoNotice(t *testing.T) {
	got := string(render(t, FormatGitHub, goldenResult(), goldenOptions()))
	if strings.Contains(got, "stop-commands") || strings.Contains(got, "not annotated") {
		t.Errorf("a result under the cap has overflow output:\n%s", got)
	}
}
