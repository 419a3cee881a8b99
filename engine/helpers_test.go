package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

// echoRule is a user rule that returns whatever findings the input's
// workflows list under "want", so each test decides what a rule returns.
const echoRule = `# METADATA
# title: Echo
# description: Returns the findings its input asks for.
# related_resources:
#   - https://example.com/echo
# custom:
#   id: test-echo
#   category: other
#   severity: high
#   remediation: Nothing to do.
package nhilint.rules.test.echo

findings contains f if {
	some wf in input.gha_workflows
	some f in wf.want
}
`

// writePolicies writes files (relative name → content) into a fresh
// directory and returns it.
func writePolicies(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// echoEngine compiles the built-in policies plus echoRule.
func echoEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(context.Background(), Options{PolicyDirs: []string{writePolicies(t, map[string]string{"echo.rego": echoRule})}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// want builds one finding object as a rule returns it.
func want(node, key, msg string, extra ...any) map[string]any {
	f := map[string]any{"node": node, "key": key, "msg": msg}
	for i := 0; i+1 < len(extra); i += 2 {
		f[extra[i].(string)] = extra[i+1]
	}
	return f
}

// testWorkflow is a small workflow document: a workflow node (line 1), a
// job "build" (line 4) with a runs-on key (line 5) and one step (line 7)
// with a "with.token" key (line 9). Its root asks the echo rule for wants.
func testWorkflow(file string, shift int, wants ...map[string]any) *graph.Document {
	src := strings.Repeat("# moved\n", shift) + `name: CI
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: octo/deploy@v1
        with:
          token: AKIAQ3EGRSZW7MNT4XLP
`
	at := func(line, col int) graph.Pos { return graph.Pos{Line: line + shift, Col: col} }
	d := graph.NewDocument(file, "gha.workflow", []byte(src))
	wf := d.AddNode("gha.workflow", "", at(1, 1))
	wf.KeyPos["name"] = at(1, 1)
	job := d.AddNode("gha.job", "jobs.build", at(4, 3))
	job.KeyPos["runs-on"] = at(5, 5)
	job.KeyPos["broken"] = graph.Pos{} // a parser bug: a key without a position
	step := d.AddNode("gha.step", "jobs.build.steps[0]", at(7, 9))
	step.Anchor = file + "#jobs.build.steps[octo/deploy]"
	step.KeyPos["with.token"] = at(9, 11)
	list := make([]any, len(wants))
	for i, w := range wants {
		list[i] = w
	}
	wf.Attrs["want"] = list
	return d
}

// newGraph builds a graph of documents.
func newGraph(t testing.TB, docs ...*graph.Document) *graph.Graph {
	t.Helper()
	g, err := graph.New(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// echoFindings evaluates g and keeps the echo rule's findings.
func echoFindings(t testing.TB, e *Engine, g *graph.Graph) ([]Finding, []graph.Diagnostic) {
	t.Helper()
	fs, diags, err := e.Eval(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for _, f := range fs {
		if f.RuleID == "test-echo" {
			out = append(out, f)
		}
	}
	return out, diags
}
