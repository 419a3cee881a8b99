package ghactions

import (
	"reflect"
	"testing"
)

func TestPermissions(t *testing.T) {
	none := map[string]any{}
	tests := []struct {
		name, yaml string // yaml is the `permissions:` line of the job, "" for none
		want       map[string]any
	}{
		{"absent", "", map[string]any{"declared": false}},
		{"write-all", "permissions: write-all", map[string]any{"declared": true, "all": "write", "scopes": none}},
		{"read-all", "permissions: read-all", map[string]any{"declared": true, "all": "read", "scopes": none}},
		{"empty map", "permissions: {}", map[string]any{"declared": true, "all": "none", "scopes": none}},
		{"map", "permissions: {Contents: Read, id-token: write, issues: none}", map[string]any{"declared": true, "all": "", "scopes": map[string]any{"contents": "read", "id-token": "write", "issues": "none"}}},
		{"expression", "permissions: ${{ fromJSON(inputs.p) }}", map[string]any{"declared": true, "all": "", "scopes": none, "expr": "${{ fromJSON(inputs.p) }}"}},
	}
	for _, tt := range tests {
		src := "on: push\njobs:\n  j:\n    runs-on: x\n    " + tt.yaml + "\n    steps:\n      - run: a\n"
		d := ParseWorkflow("w.yml", []byte(src))
		noErrors(t, d)
		job := node(t, d, "jobs.j")
		if got := job.Attrs["permissions"]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
		if got := job.Attrs["effective_permissions"]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: effective %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEffectivePermissionsInherit(t *testing.T) {
	src := "on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n  b:\n    runs-on: x\n    permissions: {contents: write}\n    steps: [{run: a}]\n"
	d := ParseWorkflow("w.yml", []byte(src))
	a, b := node(t, d, "jobs.a").Attrs, node(t, d, "jobs.b").Attrs
	if a["effective_permissions"].(map[string]any)["all"] != "read" {
		t.Errorf("a: %v", a["effective_permissions"])
	}
	if b["effective_permissions"].(map[string]any)["scopes"].(map[string]any)["contents"] != "write" {
		t.Errorf("b: %v", b["effective_permissions"])
	}
}

func TestRunsOn(t *testing.T) {
	tests := []struct {
		yaml string
		want map[string]any
	}{
		{"ubuntu-latest", map[string]any{"labels": []any{"ubuntu-latest"}, "self_hosted": false, "github_hosted": true}},
		{"[Self-Hosted, linux]", map[string]any{"labels": []any{"Self-Hosted", "linux"}, "self_hosted": true, "github_hosted": false}},
		{"my-large-runner", map[string]any{"labels": []any{"my-large-runner"}, "self_hosted": false, "github_hosted": false}},
		{"${{ matrix.os }}", map[string]any{"labels": []any{}, "expr": "${{ matrix.os }}", "self_hosted": false, "github_hosted": false}},
		{"{group: big, labels: [ubuntu-latest]}", map[string]any{"labels": []any{"ubuntu-latest"}, "group": "big", "self_hosted": false, "github_hosted": false}},
		{"[macos-14, windows-2022]", map[string]any{"labels": []any{"macos-14", "windows-2022"}, "self_hosted": false, "github_hosted": true}},
	}
	for _, tt := range tests {
		src := "on: push\njobs:\n  j:\n    runs-on: " + tt.yaml + "\n    steps:\n      - run: a\n"
		d := ParseWorkflow("w.yml", []byte(src))
		if got := node(t, d, "jobs.j").Attrs["runs_on"]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.yaml, got, tt.want)
		}
	}
}
