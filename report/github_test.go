package report

import (
	"testing"

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
