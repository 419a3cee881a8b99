package graph

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestInputKey(t *testing.T) {
	for kind, want := range map[string]string{
		"gha.workflow": "gha_workflows", "tf.resource": "tf_resources", "iam.policy": "iam_policies",
		"secret.match": "secret_matches", "x.key": "x_keys", "a.box": "a_boxes", "y": "ys",
	} {
		if got := InputKey(kind); got != want {
			t.Errorf("InputKey(%q) = %q, want %q", kind, got, want)
		}
	}
}

// TestValueSharedStrings checks that sharing the terms of repeated strings
// changes nothing: the input equals OPA's own conversion of the same JSON.
func TestValueSharedStrings(t *testing.T) {
	long := strings.Repeat("x", maxShared+1)
	d := NewDocument("a.yml", "gha.workflow", nil)
	wf := d.AddNode("gha.workflow", "", Pos{Line: 1, Col: 1})
	wf.Attrs["jobs"] = []any{
		map[string]any{"id": "a.yml#jobs.a", "run": long, "needs": []string{"b", "b"}, "n": int64(1 << 40), "ok": true},
		map[string]any{"id": "a.yml#jobs.b", "run": long, "env": map[string]string{"file": "a.yml"}, "x": nil, "f": 1.5},
	}
	g, err := New([]*Document{d}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.Value("gha.workflow", "gha.action")
	if err != nil {
		t.Fatal(err)
	}
	want := ast.MustParseTerm(`{
		"gha_actions": [],
		"gha_workflows": [{"id": "a.yml", "kind": "gha.workflow", "file": "a.yml", "jobs": [
			{"id": "a.yml#jobs.a", "run": "` + long + `", "needs": ["b", "b"], "n": 1099511627776, "ok": true},
			{"id": "a.yml#jobs.b", "run": "` + long + `", "env": {"file": "a.yml"}, "x": null, "f": 1.5}
		]}],
		"files": [{"path": "a.yml", "kind": "gha.workflow"}]
	}`).Value
	if got.Compare(want) != 0 {
		t.Errorf("Value() = %v\nwant %v", got, want)
	}
}
