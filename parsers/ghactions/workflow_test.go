package ghactions

import (
	"reflect"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

const ciWorkflow = `# CI
name: CI
on:
  push:
    branches: [main]
    paths-ignore: ["docs/**"]
  pull_request_target:
    types: [opened, synchronize]
  schedule:
    - cron: "0 3 * * *"
  workflow_dispatch:
    inputs:
      level: {type: string}
      dry: {type: boolean}
permissions:
  contents: read
env:
  Mode: "0777"
  FLAG: true
jobs:
  build:
    name: Build ${{ matrix.os }}
    runs-on: [self-hosted, linux]
    permissions: write-all
    environment: prod
    container: node:20
    needs: lint
    env:
      TOKEN: ${{ secrets.NPM_TOKEN }}
    steps:
      - uses: actions/checkout@v4
        with:
          Ref: ${{ github.event.pull_request.head.sha }}
          fetch-depth: 0
      - name: Greet
        id: greet
        if: github.event_name == 'push'
        run: echo hi
        working-directory: ./app
        shell: bash
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: make lint
  call:
    uses: org/repo/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567
    with:
      Name: x
    secrets: inherit
`

func TestWorkflowPositions(t *testing.T) {
	d := ParseWorkflow("ci.yml", []byte(ciWorkflow))
	noErrors(t, d)
	checkInvariants(t, d, []byte(ciWorkflow))
	s := ciWorkflow
	tests := []struct {
		node, key string
		want      graph.Pos
	}{
		{"", "", at(t, s, "name: CI", 0)},
		{"", "name", at(t, s, "name: CI", 0)},
		{"", "on", at(t, s, "on:", 0)},
		{"", "on.push", at(t, s, "push:", 0)},
		{"", "on.pull_request_target", at(t, s, "pull_request_target", 0)},
		{"", "on.schedule", at(t, s, "schedule", 0)},
		{"", "permissions", at(t, s, "permissions", 0)},
		{"", "env.Mode", at(t, s, "Mode", 0)},
		{"jobs.build", "", at(t, s, "build:", 0)},
		{"jobs.build", "job_id", at(t, s, "build:", 0)},
		{"jobs.build", "runs-on", at(t, s, "runs-on", 0)},
		{"jobs.build", "permissions", at(t, s, "permissions", 1)},
		{"jobs.build", "environment", at(t, s, "environment", 0)},
		{"jobs.build", "container", at(t, s, "container", 0)},
		{"jobs.build", "env.TOKEN", at(t, s, "TOKEN", 0)},
		{"jobs.build", "name@0", at(t, s, "${{ matrix", 0)},
		{"jobs.build", "env.TOKEN@0", at(t, s, "${{ secrets", 0)},
		{"jobs.build.steps[0]", "", at(t, s, "uses: actions/checkout", 0)},
		{"jobs.build.steps[0]", "uses", at(t, s, "uses: actions/checkout", 0)},
		{"jobs.build.steps[0]", "with", at(t, s, "with:", 0)},
		{"jobs.build.steps[0]", "with.ref", at(t, s, "Ref:", 0)},
		{"jobs.build.steps[0]", "with.fetch-depth", at(t, s, "fetch-depth", 0)},
		{"jobs.build.steps[0]", "with.ref@0", at(t, s, "${{ github.event.pull", 0)},
		{"jobs.build.steps[1]", "", at(t, s, "name: Greet", 0)},
		{"jobs.build.steps[1]", "if", at(t, s, "if: github", 0)},
		{"jobs.build.steps[1]", "if@0", at(t, s, "github.event_name", 0)},
		{"jobs.build.steps[1]", "run", at(t, s, "run: echo hi", 0)},
		{"jobs.lint", "runs-on", at(t, s, "runs-on", 1)},
		{"jobs.lint.steps[0]", "", at(t, s, "run: make lint", 0)},
		{"jobs.call", "uses", at(t, s, "uses: org", 0)},
		{"jobs.call", "with.name", at(t, s, "Name: x", 0)},
		{"jobs.call", "secrets", at(t, s, "secrets: inherit", 0)},
	}
	for _, tt := range tests {
		n := node(t, d, tt.node)
		got, ok := n.Key(tt.key)
		if !ok || got != tt.want {
			t.Errorf("%s key %q: got %v (found %v), want %v", tt.node, tt.key, got, ok, tt.want)
		}
	}
}

func TestWorkflowAttrs(t *testing.T) {
	d := ParseWorkflow("ci.yml", []byte(ciWorkflow))
	noErrors(t, d)
	wf := d.Root.Attrs
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
		}
	}
	check("kind", wf["kind"], "gha.workflow")
	check("name", wf["name"], "CI")
	check("env", wf["env"], map[string]any{"Mode": "0777", "FLAG": "true"})
	check("permissions", wf["permissions"], map[string]any{"declared": true, "all": "", "scopes": map[string]any{"contents": "read"}})
	check("triggers", wf["triggers"], map[string]any{
		"push":                map[string]any{"branches": []any{"main"}, "paths_ignore": []any{"docs/**"}},
		"pull_request_target": map[string]any{"types": []any{"opened", "synchronize"}},
		"schedule":            map[string]any{"cron": []any{"0 3 * * *"}},
		"workflow_dispatch":   map[string]any{"inputs": []any{"level", "dry"}},
	})
	jobs := wf["jobs"].([]any)
	check("job count", len(jobs), 3)
	build := jobs[0].(map[string]any)
	check("job_id", build["job_id"], "build")
	check("workflow", build["workflow"], "ci.yml")
	check("needs", build["needs"], []any{"lint"})
	check("runs_on", build["runs_on"], map[string]any{"labels": []any{"self-hosted", "linux"}, "self_hosted": true, "github_hosted": false})
	check("environment", build["environment"], map[string]any{"name": "prod"})
	check("container", build["container"], map[string]any{"image": "node:20"})
	check("job permissions", build["permissions"], map[string]any{"declared": true, "all": "write", "scopes": map[string]any{}})
	check("effective", build["effective_permissions"], build["permissions"])
	steps := build["steps"].([]any)
	st0, st1 := steps[0].(map[string]any), steps[1].(map[string]any)
	check("with", st0["with"], map[string]any{"ref": "${{ github.event.pull_request.head.sha }}", "fetch-depth": "0"})
	check("step job", st0["job"], "ci.yml#jobs.build")
	check("step index", st1["index"], 1)
	for k, want := range map[string]any{"step_id": "greet", "name": "Greet", "if": "github.event_name == 'push'", "run": "echo hi", "working_directory": "./app", "shell": "bash"} {
		check("step "+k, st1[k], want)
	}
	lint := jobs[1].(map[string]any)
	check("lint runs_on", lint["runs_on"], map[string]any{"labels": []any{"ubuntu-latest"}, "self_hosted": false, "github_hosted": true})
	check("lint effective", lint["effective_permissions"], wf["permissions"])
	check("lint permissions", lint["permissions"], map[string]any{"declared": false})
	call := jobs[2].(map[string]any)
	check("call steps", call["steps"], nil)
	check("call with", call["with"], map[string]any{"name": "x"})
	check("call inherit", call["secrets_inherit"], true)
	check("call uses type", call["uses"].(map[string]any)["type"], "reusable")
	check("call pinned", call["uses"].(map[string]any)["pinned"], true)
}

func TestStepAnchors(t *testing.T) {
	src := `on: push
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v3
      - id: x
        run: a
      - name: N
        run: b
      - run: echo
      - run: echo
`
	d := ParseWorkflow("w.yml", []byte(src))
	want := []string{
		"jobs.b.steps.uses=actions/checkout",
		"jobs.b.steps.uses=actions/checkout#2",
		"jobs.b.steps.id=x",
		"jobs.b.steps.name=N",
	}
	var got []string
	for _, n := range d.Nodes {
		if n.Kind == "gha.step" {
			got = append(got, n.Anchor)
		}
	}
	if len(got) != 6 {
		t.Fatalf("got %d steps", len(got))
	}
	for i := range 4 {
		if got[i] != want[i] {
			t.Errorf("step %d anchor %q, want %q", i, got[i], want[i])
		}
	}
	if got[5] != got[4]+"#2" || len(got[4]) != len("jobs.b.steps.run=")+12 {
		t.Errorf("run anchors %q, %q", got[4], got[5])
	}
	// Inserting a step above keeps the anchors of the others.
	d2 := ParseWorkflow("w.yml", []byte(src[:len("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n")]+"      - run: new\n"+src[len("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"):]))
	var got2 []string
	for _, n := range d2.Nodes {
		if n.Kind == "gha.step" {
			got2 = append(got2, n.Anchor)
		}
	}
	if !reflect.DeepEqual(got2[1:], got) {
		t.Errorf("anchors moved after an insert:\n%v\n%v", got2[1:], got)
	}
}
