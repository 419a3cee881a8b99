package ghactions

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// stepWith wraps a step body (lines indented for a step mapping) in a workflow.
func stepWith(body string) string {
	return "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - " + strings.TrimPrefix(body, "        ")
}

func TestExprPositions(t *testing.T) {
	e := "${{ github.event.issue.title }}"
	tests := []struct {
		name, body string
		key        string // expression key; its "$" is searched as occurrence n of marker
		marker     string
		n          int
	}{
		{"plain", "        run: echo " + e + " " + e + "\n", "run@1", "${{", 1},
		{"double quoted", "        run: \"echo " + e + "\"\n", "run@0", "${{", 0},
		{"single quoted", "        run: 'it''s " + e + "'\n", "run@0", "${{", 0},
		{"literal", "        run: |\n          echo a\n          echo " + e + "\n", "run@0", "${{", 0},
		{"literal strip", "        run: |-\n          echo " + e + "\n", "run@0", "${{", 0},
		{"literal keep", "        run: |+\n\n          echo " + e + "\n\n", "run@0", "${{", 0},
		{"literal indent", "        run: |2\n            echo " + e + "\n", "run@0", "${{", 0},
		{"folded", "        run: >\n          echo a\n          echo " + e + "\n", "run@0", "${{", 0},
		{"folded strip", "        run: >-\n          echo a\n\n          " + e + " x " + e + "\n", "run@1", "${{", 1},
		{"header comment", "        run: | # ${{ not.this }}\n          echo " + e + "\n", "run@0", "${{", 1},
		{"plain multi-line", "        run: echo a\n          b " + e + "\n", "run@0", "${{", 0},
		{"anchored", "        run: &r echo " + e + "\n", "run@0", "${{", 0},
		{"tagged", "        run: !!str echo " + e + "\n", "run@0", "${{", 0},
		{"flow with", "        uses: a/b@v1\n        with: {x: \"" + e + "\", y: '" + e + "'}\n", "with.y@0", "${{", 1},
		{"multi-byte before", "        run: echo \"é ü 日本 " + e + "\"\n", "run@0", "${{", 0},
		{"expression in string literal", "        run: echo ${{ format('${{', x) }} " + e + "\n", "run@1", "${{", 2},
		{"bare if", "        if: github.event_name == 'push'\n        run: x\n", "if@0", "github.event_name", 0},
		{"quoted bare if", "        if: \"github.actor == 'x'\"\n        run: x\n", "if@0", "github.actor", 0},
	}
	for _, tt := range tests {
		for _, variant := range []struct{ name, pre, nl string }{{"lf", "", "\n"}, {"crlf", "", "\r\n"}, {"bom", "\ufeff", "\n"}, {"bom-crlf", "\ufeff", "\r\n"}} {
			t.Run(tt.name+"/"+variant.name, func(t *testing.T) {
				src := variant.pre + strings.ReplaceAll(stepWith(tt.body), "\n", variant.nl)
				d := ParseWorkflow("w.yml", []byte(src))
				noErrors(t, d)
				checkInvariants(t, d, []byte(src))
				st := node(t, d, "jobs.j.steps[0]")
				want := at(t, src, tt.marker, tt.n)
				if got, ok := st.KeyPos[tt.key]; !ok || got != want {
					t.Errorf("%s at %v (found %v), want %v; keys %v", tt.key, got, ok, want, st.KeyPos)
				}
			})
		}
	}
}

func TestExprAnalysis(t *testing.T) {
	tests := []struct {
		expr                     string
		paths, untrusted, secret []string
	}{
		{"github.event.issue.title", []string{"github.event.issue.title"}, []string{"github.event.issue.title"}, nil},
		{"github.event.pull_request.head.ref", []string{"github.event.pull_request.head.ref"}, []string{"github.event.pull_request.head.ref"}, nil},
		{"github.head_ref", []string{"github.head_ref"}, []string{"github.head_ref"}, nil},
		{"GitHub.Event.Commits[0].Message", []string{"github.event.commits.*.message"}, []string{"github.event.commits.*.message"}, nil},
		{"github['event']['issue']['body']", []string{"github.event.issue.body"}, []string{"github.event.issue.body"}, nil},
		{"github.event.commits.*.author.name", []string{"github.event.commits.*.author.name"}, []string{"github.event.commits.*.author.name"}, nil},
		{"toJSON(github.event)", []string{"github.event"}, []string{"github.event"}, nil},
		{"toJSON(github)", []string{"github"}, []string{"github"}, nil},
		{"github.event.pull_request && 'a' || 'b'", []string{"github.event.pull_request"}, nil, nil},
		{"contains(github.event.issue.title, 'x')", []string{"github.event.issue.title"}, nil, nil},
		{"startsWith(github.head_ref, 'x')", []string{"github.head_ref"}, nil, nil},
		{"github.event.issue.number", []string{"github.event.issue.number"}, nil, nil},
		{"secrets.aws_key", []string{"secrets.aws_key"}, nil, []string{"AWS_KEY"}},
		{"secrets['Aws_Key']", []string{"secrets.aws_key"}, nil, []string{"AWS_KEY"}},
		{"toJSON(secrets)", []string{"secrets"}, nil, []string{"*"}},
		{"secrets[matrix.name]", []string{"secrets.*", "matrix.name"}, nil, []string{"*"}},
		{"format('{0}-{1}', secrets.A, env.B) || inputs.c", []string{"secrets.a", "env.b", "inputs.c"}, nil, []string{"A"}},
		{"fromJSON(steps.x.outputs.y).z", []string{"steps.x.outputs.y"}, nil, nil},
		{"needs.*.result", []string{"needs.*.result"}, nil, nil},
	}
	for _, tt := range tests {
		es := findExprs("${{ " + tt.expr + " }}")
		if len(es) != 1 {
			t.Fatalf("%s: %d expressions", tt.expr, len(es))
		}
		e := es[0]
		if e.parseErr != "" || e.raw != tt.expr {
			t.Errorf("%s: raw %q parse error %q", tt.expr, e.raw, e.parseErr)
		}
		for what, pair := range map[string][2][]string{"paths": {e.paths, tt.paths}, "untrusted": {e.untrusted, tt.untrusted}, "secrets": {e.secrets, tt.secret}} {
			if len(pair[0]) != 0 || len(pair[1]) != 0 {
				if !reflect.DeepEqual(pair[0], pair[1]) {
					t.Errorf("%s: %s %q, want %q", tt.expr, what, pair[0], pair[1])
				}
			}
		}
	}
}

func TestExprScanning(t *testing.T) {
	es := findExprs("a ${{ x.y }} b ${{ 'a}}b' }} c ${{ bad ( }} d ${{ z }} e ${{ open")
	var raws, errs []string
	for _, e := range es {
		raws = append(raws, e.raw)
		errs = append(errs, e.parseErr)
	}
	want := []string{"x.y", "'a}}b'", "bad (", "z", "open"}
	if !reflect.DeepEqual(raws, want) {
		t.Errorf("raws %q, want %q", raws, want)
	}
	if errs[0] != "" || errs[1] != "" || errs[2] == "" || errs[3] != "" || errs[4] == "" {
		t.Errorf("parse errors %q", errs)
	}
}

// TestHeadRefUntrusted keeps extraUntrusted honest: actionlint lists
// github.head_ref itself today; if it ever drops it, ours still flags it.
func TestHeadRefUntrusted(t *testing.T) {
	if _, ok := actionlint.BuiltinUntrustedInputs["github"].Children["head_ref"]; !ok {
		t.Log("actionlint no longer lists github.head_ref; extraUntrusted covers it")
	}
	e := findExprs("${{ github.head_ref }}")[0]
	if !reflect.DeepEqual(e.untrusted, []string{"github.head_ref"}) {
		t.Errorf("untrusted %q", e.untrusted)
	}
}

func TestExprAttrs(t *testing.T) {
	src := stepWith("        env:\n          A: ${{ secrets.X }}\n        run: echo ${{ github.event.issue.title }} ${{ 1 + }}\n")
	d := ParseWorkflow("w.yml", []byte(src))
	st := node(t, d, "jobs.j.steps[0]")
	got := exprs(st)
	if len(got) != 3 {
		t.Fatalf("exprs %v", got)
	}
	want0 := map[string]any{"key": "env.A@0", "field": "env.A", "raw": "secrets.X", "paths": []any{"secrets.x"}, "untrusted": []any{}, "secrets": []any{"X"}, "in_string": false}
	if !reflect.DeepEqual(got[0], want0) {
		t.Errorf("expr 0 %#v", got[0])
	}
	if got[1]["key"] != "run@0" || got[2]["key"] != "run@1" || got[2]["parse_error"] == nil || got[1]["parse_error"] != nil {
		t.Errorf("run exprs %#v", got[1:])
	}
}

// TestExprInString: whether an expression is spliced into a string literal
// of its script decides whether a JSON-encoded value can break out.
func TestExprInString(t *testing.T) {
	tests := []struct {
		name, with string
		want       bool
	}{
		{"bare in block script", "          script: |\n            const e = ${{ toJSON(github.event) }};\n", false},
		{"single quotes", "          script: |\n            const e = '${{ toJSON(github.event) }}';\n", true},
		{"double quotes after text", "          script: |\n            const e = \"a ${{ github.head_ref }}\";\n", true},
		{"template literal", "          script: |\n            const e = `${{ github.head_ref }}`;\n", true},
		{"quote closed before", "          script: |\n            const a = 'x'; f(${{ toJSON(github.event) }})\n", false},
		{"escaped quote stays open", "          script: |\n            const a = 'it\\'s ${{ github.head_ref }}'\n", true},
		{"YAML double-quoted scalar", "          script: \"f(${{ toJSON(github.event) }})\"\n", false},
		{"YAML single-quoted scalar", "          script: 'g(\"${{ github.head_ref }}\")'\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := stepWith("        uses: actions/github-script@v7\n        with:\n" + tt.with)
			d := ParseWorkflow("w.yml", []byte(src))
			got := exprs(node(t, d, "jobs.j.steps[0]"))
			if len(got) != 1 || got[0]["in_string"] != tt.want {
				t.Errorf("in_string = %v, want %v (exprs %v, diags %v)", got, tt.want, got, d.Diagnostics)
			}
		})
	}
}
