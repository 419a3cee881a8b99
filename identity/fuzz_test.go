package identity

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/ghactions"
	"github.com/nhilint/nhilint/parsers/gitlab"
	"github.com/nhilint/nhilint/parsers/terraform"
)

// FuzzBuild parses a workflow and a Terraform file, however malformed,
// and builds their identities: Build must never panic, every node must
// carry a kind and a unique id, and every edge must join existing nodes.
func FuzzBuild(f *testing.F) {
	gl := "variables: {R: deploy}\nj:\n  id_tokens: {T: {aud: x}}\n  script: [aws sts assume-role-with-web-identity --role-arn $R]\n"
	f.Add(fmt.Sprintf(wfAssume, "arn:aws:iam::1:role/deploy"), tfRole, gl)
	f.Add("on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: aws sts assume-role --role-arn $R\n        env: {R: deploy}\n", tfRole, "")
	f.Add("on: [pull_request_target]\njobs: {a: {steps: [{env: {AWS_ROLE_ARN: x}}]}}", `resource "aws_iam_access_key" "k" { user = "u" }`, gl)
	f.Add(fmt.Sprintf(wfGCP, "deployer@my-proj.iam.gserviceaccount.com"), tfGCP, "workflow:\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n"+gl)
	f.Add(fmt.Sprintf(wfAzure, "11111111-2222-3333-4444-555555555555"), tfAzure, "j:\n  only: [main, tags]\n  script: [x]\n")
	f.Fuzz(func(t *testing.T, workflow, tf, pipeline string) {
		docs := []*graph.Document{ghactions.ParseWorkflow(".github/workflows/w.yml", []byte(workflow))}
		docs = append(docs, terraform.Parse(fstest.MapFS{"main.tf": {Data: []byte(tf)}}, []string{"main.tf"}, terraform.Options{})...)
		docs = append(docs, gitlab.Parse(fstest.MapFS{".gitlab-ci.yml": {Data: []byte(pipeline)}}, []string{".gitlab-ci.yml"})...)
		doc := Build(docs)
		if doc == nil {
			return
		}
		ids := map[string]bool{}
		for _, d := range docs {
			for _, n := range d.Nodes {
				ids[n.ID] = true
			}
		}
		mine := map[string]bool{}
		for _, n := range doc.Nodes {
			if mine[n.ID] || ids[n.ID] {
				t.Fatalf("duplicate node id %q", n.ID)
			}
			mine[n.ID] = true
		}
		for _, n := range doc.Nodes {
			if n.Kind != EdgeKind {
				continue
			}
			if !mine[str(n.Attrs, "from")] || !(mine[str(n.Attrs, "to")] || ids[str(n.Attrs, "to")]) {
				t.Fatalf("edge %s joins unknown nodes", n.ID)
			}
		}
	})
}
