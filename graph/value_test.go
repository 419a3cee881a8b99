package graph

import "testing"

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
