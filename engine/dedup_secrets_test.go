package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

// secretDoc is the secrets document of file with one gitleaks match of
// awsKey at 9:18 (where testWorkflow writes it).
func secretDoc(file string) *graph.Document {
	d := graph.NewDocument(file, "secret.file", nil)
	d.AddNode("secret.file", "gitleaks", graph.Pos{Line: 1, Col: 1})
	m := d.AddNode("secret.match", "gitleaks[0]", graph.Pos{Line: 9, Col: 18})
	m.KeyPos["secret"] = graph.Pos{Line: 9, Col: 18}
	m.Attrs["rule"] = "aws-access-token"
	m.Attrs["description"] = "AWS key."
	m.Attrs["secret"] = awsKey
	m.Attrs["gcp_service_account"] = false
	return d
}

func TestEvalDropsSecretsAnotherRuleReported(t *testing.T) {
	tests := []struct {
		name      string
		echoFile  string // file of the echo finding that names the secret
		echoValue string // the secret it names
		want      []string
	}{
		{"same secret, same file", wfID, awsKey, []string{"test-echo"}},
		{"secret inside the other", wfID, "token: " + awsKey, []string{"test-echo"}},
		{"other file", "other.yml", awsKey, []string{"secrets-cloud-key", "test-echo"}},
		{"other secret", wfID, "AKIAQ3EGRSZW7MNT9999", []string{"secrets-cloud-key", "test-echo"}},
	}
	e := echoEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			echo := testWorkflow(tt.echoFile, 0, want(tt.echoFile+"#jobs.build.steps[0]", "with.token", "literal key", "secret", tt.echoValue))
			docs := []*graph.Document{echo, secretDoc(wfID)}
			if tt.echoFile != wfID {
				docs = append(docs, testWorkflow(wfID, 0))
			}
			fs, diags, err := e.Eval(context.Background(), newGraph(t, docs...))
			if err != nil || len(diags) != 0 {
				t.Fatalf("eval: %v %v", err, diags)
			}
			var got []string
			for _, f := range fs {
				if f.RuleID == "test-echo" || f.RuleID == "secrets-cloud-key" {
					got = append(got, f.RuleID)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("rules: got %v, want %v", got, tt.want)
			}
		})
	}
}
