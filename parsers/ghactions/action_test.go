package ghactions

import (
	"reflect"
	"testing"
)

const compositeAction = `name: Setup
description: Sets things up
inputs:
  Token:
    description: a token
    required: true
    default: ${{ github.token }}
  mode:
    default: 0777
outputs:
  out:
    value: ${{ steps.s.outputs.v }}
runs:
  using: composite
  steps:
    - uses: actions/setup-node@v4
      with:
        node-version: 20
    - id: s
      shell: bash
      run: |
        echo "${{ inputs.token }}"
        echo "${{ github.event.issue.title }}"
      env:
        KEY: ${{ secrets.KEY }}
`

func TestCompositeAction(t *testing.T) {
	d := ParseAction("a/action.yml", []byte(compositeAction))
	noErrors(t, d)
	checkInvariants(t, d, []byte(compositeAction))
	root := d.Root
	if root.Kind != "gha.action" || root.Attrs["name"] != "Setup" {
		t.Fatalf("root %v", root.Attrs)
	}
	wantInputs := map[string]any{
		"Token": map[string]any{"description": "a token", "required": "true", "default": "${{ github.token }}"},
		"mode":  map[string]any{"default": "0777"},
	}
	if !reflect.DeepEqual(root.Attrs["inputs"], wantInputs) {
		t.Errorf("inputs %v", root.Attrs["inputs"])
	}
	if !reflect.DeepEqual(root.Attrs["runs"], map[string]any{"using": "composite"}) {
		t.Errorf("runs %v", root.Attrs["runs"])
	}
	s := compositeAction
	positions := []struct {
		node, key, marker string
		n                 int
	}{
		{"", "name", "name: Setup", 0},
		{"", "runs", "runs:", 0},
		{"", "runs.using", "using", 0},
		{"", "inputs.Token", "Token", 0},
		{"", "inputs.Token.default@0", "${{", 0},
		{"", "outputs.out.value@0", "${{", 1},
		{"runs.steps[0]", "", "uses: actions/setup-node", 0},
		{"runs.steps[0]", "uses", "uses: actions/setup-node", 0},
		{"runs.steps[0]", "with.node-version", "node-version", 0},
		{"runs.steps[1]", "", "id: s", 0},
		{"runs.steps[1]", "run@0", "${{", 2},
		{"runs.steps[1]", "run@1", "${{", 3},
		{"runs.steps[1]", "env.KEY", "KEY:", 0},
	}
	for _, p := range positions {
		n := node(t, d, p.node)
		if got, want := n.KeyPos[p.key], at(t, s, p.marker, p.n); p.key != "" && got != want || p.key == "" && n.Pos != want {
			t.Errorf("%s %s: got %v / %v, want %v", p.node, p.key, got, n.Pos, want)
		}
	}
	step := node(t, d, "runs.steps[1]")
	if step.Attrs["job"] != "a/action.yml" || step.Anchor != "runs.steps.id=s" {
		t.Errorf("step job %v anchor %q", step.Attrs["job"], step.Anchor)
	}
	es := exprs(step)
	if len(es) != 3 || es[1]["untrusted"].([]any)[0] != "github.event.issue.title" || es[2]["secrets"].([]any)[0] != "KEY" {
		t.Errorf("step exprs %v", es)
	}
	if w := node(t, d, "runs.steps[0]").Attrs["with"]; !reflect.DeepEqual(w, map[string]any{"node-version": "20"}) {
		t.Errorf("with %v", w)
	}
}

func TestDockerAction(t *testing.T) {
	src := "name: D\nruns:\n  using: docker\n  image: docker://alpine:3\n  args: [\"${{ inputs.x }}\", b]\n  env:\n    A: ${{ inputs.a }}\n"
	d := ParseAction("action.yaml", []byte(src))
	noErrors(t, d)
	checkInvariants(t, d, []byte(src))
	want := map[string]any{"using": "docker", "image": "docker://alpine:3", "args": []any{"${{ inputs.x }}", "b"}, "env": map[string]any{"A": "${{ inputs.a }}"}}
	if !reflect.DeepEqual(d.Root.Attrs["runs"], want) {
		t.Errorf("runs %v", d.Root.Attrs["runs"])
	}
	if _, ok := d.Root.KeyPos["runs.args[0]@0"]; !ok {
		t.Errorf("keys %v", d.Root.KeyPos)
	}
	if _, ok := d.Root.Attrs["steps"]; ok {
		t.Error("docker action has steps")
	}
}
