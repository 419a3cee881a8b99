package ghactions

import (
	"strings"
	"testing"
	"time"

	"github.com/nhilint/nhilint/graph"
)

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name, src string
		root      bool // a root node is still built
		sev       graph.Severity
		code      string
		pos       graph.Pos
		msg       string
	}{
		{"empty", "", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 1}, "empty workflow"},
		{"comments only", "# nothing\n\n", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 1}, "empty workflow"},
		{"bom only", "\ufeff\n", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 1}, "empty workflow"},
		{"null document", "~\n", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 1}, "empty workflow"},
		{"sequence", "- a\n- b\n", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 1}, "must be a YAML mapping, found a sequence"},
		{"scalar", "hello\n", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 1}, "found a scalar"},
		{"mapping values", "on: push\njobs: a: b\n", false, graph.SevError, codeParse, graph.Pos{Line: 2, Col: 8}, "mapping values are not allowed"},
		{"first line", "a: b: c\n", false, graph.SevError, codeParse, graph.Pos{Line: 1, Col: 5}, "mapping values are not allowed"},
		{"unclosed flow", "on: push\njobs: [\n", false, graph.SevError, codeParse, graph.Pos{Line: 3, Col: 1}, "did not find expected node content"},
		{"bad indent", "on: push\njobs:\n  a:\n    runs-on: x\n   steps: []\n", false, graph.SevError, codeParse, graph.Pos{Line: 3, Col: 3}, "did not find expected key"},
		{"unknown anchor", "on: push\njobs:\n  a: *nope\n", false, graph.SevError, codeParse, graph.Pos{Line: 3, Col: 6}, "unknown anchor"},
		{"tab", "on: push\njobs:\n\ta: 1\n", false, graph.SevError, codeParse, graph.Pos{Line: 3, Col: 1}, "cannot start any token"},
		{"unknown key", "on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n    steps: [{run: a}]\n", true, graph.SevWarning, codeSyntax, graph.Pos{Line: 5, Col: 5}, `unexpected key "stepz"`},
		{"missing on", "jobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n", true, graph.SevWarning, codeSyntax, graph.Pos{Line: 1, Col: 1}, `"on" section is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseWorkflow("w.yml", []byte(tt.src))
			checkInvariants(t, d, []byte(tt.src))
			if (d.Root != nil) != tt.root {
				t.Errorf("root built: %v", d.Root != nil)
			}
			for _, di := range d.Diagnostics {
				if di.Severity == tt.sev && di.Code == tt.code && strings.Contains(di.Message, tt.msg) {
					if di.Pos != tt.pos {
						t.Errorf("%s: at %v, want %v", di.Message, di.Pos, tt.pos)
					}
					if di.File != "w.yml" {
						t.Errorf("file %q", di.File)
					}
					return
				}
			}
			t.Errorf("no %s %s diagnostic %q in %v", tt.sev, tt.code, tt.msg, d.Diagnostics)
		})
	}
}

func TestActionDiagnostics(t *testing.T) {
	tests := []struct {
		src, code, msg string
		root           bool
	}{
		{"", codeParse, "empty action metadata", false},
		{"name: x\n", codeAction, `no "runs"`, true},
		{"runs:\n  main: x.js\n", codeAction, `no "using"`, true},
		{"runs:\n  using: composite\n", codeAction, `no "steps"`, true},
		{"name: [\n", codeParse, "did not find expected", false},
	}
	for _, tt := range tests {
		d := ParseAction("action.yml", []byte(tt.src))
		checkInvariants(t, d, []byte(tt.src))
		if len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != tt.code || !strings.Contains(d.Diagnostics[0].Message, tt.msg) || (d.Root != nil) != tt.root {
			t.Errorf("%q: diagnostics %v root %v", tt.src, d.Diagnostics, d.Root != nil)
		}
	}
}

func TestScalarsAsWritten(t *testing.T) {
	src := "on: push\nenv:\n  MODE: 0777\n  BIG: 123456789012345678901234\n  DATE: 2001-12-14\n  YES: yes\n  NUL: ~\n  EMPTY:\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: a/b@v1\n        with: {mode: 0777, on: true}\n"
	d := ParseWorkflow("w.yml", []byte(src))
	env := d.Root.Attrs["env"].(map[string]any)
	for k, want := range map[string]string{"MODE": "0777", "BIG": "123456789012345678901234", "DATE": "2001-12-14", "YES": "yes", "NUL": "", "EMPTY": ""} {
		if env[k] != want {
			t.Errorf("env %s = %#v, want %q", k, env[k], want)
		}
	}
	with := node(t, d, "jobs.a.steps[0]").Attrs["with"].(map[string]any)
	if with["mode"] != "0777" || with["on"] != "true" {
		t.Errorf("with %v", with)
	}
}

func TestPanicRecovered(t *testing.T) {
	d := graph.NewDocument("x.yml", KindWorkflow, nil)
	func() {
		defer recoverInto(d)
		d.AddNode(KindWorkflow, "", graph.Pos{Line: 1, Col: 1})
		panic("boom")
	}()
	if d.Root != nil || len(d.Nodes) != 0 || len(d.Diagnostics) != 1 || d.Diagnostics[0].Code != codeInternal || !strings.Contains(d.Diagnostics[0].Message, "boom") {
		t.Errorf("after panic: root %v diagnostics %v", d.Root, d.Diagnostics)
	}
}

func TestAliasBombs(t *testing.T) {
	laughs := "on: push\nx: &a [a, a, a, a, a, a, a, a, a, a]\n"
	for i, name := range []string{"b", "c", "d", "e", "f", "g"} {
		prev := string(rune('a' + i))
		laughs += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
	}
	laughs += "jobs:\n  j:\n    runs-on: x\n    env: {A: *g}\n    strategy: {matrix: {x: *g}}\n    steps: [{run: a}]\n"
	for name, src := range map[string]string{"laughs": laughs, "recursive": "on: push\njobs:\n  j: &j\n    runs-on: x\n    env: {A: *j}\n    steps: [{run: a}]\n"} {
		start := time.Now()
		d := ParseWorkflow("w.yml", []byte(src))
		checkInvariants(t, d, []byte(src))
		if d.Root == nil || len(d.Diagnostics) == 0 || !strings.Contains(d.Diagnostics[0].Message, "recursive or expand") {
			t.Errorf("%s: diagnostics %v", name, d.Diagnostics)
		}
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("%s took %v", name, el)
		}
	}
}

func TestYAMLLine(t *testing.T) {
	tests := []struct {
		line int
		msg  string
		want int
	}{
		{8, "did not find expected node content", 9}, // parser error: 0-based
		{0, "did not find expected key", 1},
		{3, "found character that cannot start any token", 3}, // scanner error: already 1-based
		{0, "mapping values are not allowed in this context", 1},
		{4, "did not find expected comment or line break", 4}, // a scanner message despite its wording
	}
	for _, tt := range tests {
		if got := yamlLine(tt.line, tt.msg); got != tt.want {
			t.Errorf("%d %q: %d, want %d", tt.line, tt.msg, got, tt.want)
		}
	}
}
