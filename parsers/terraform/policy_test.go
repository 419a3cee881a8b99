package terraform

import (
	"testing"
)

func TestPolicies(t *testing.T) {
	files := map[string]string{
		"main.tf": `variable "actions" {
  default = ["s3:*"]
}
locals {
  doc = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
resource "aws_iam_policy" "enc" {
  policy = local.doc
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
  inline_policy {
    name   = "inline"
    policy = <<-EOT
      {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]
      }
    EOT
  }
}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid     = "Assume"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Assume"
    actions = ["sts:TagSession"]
  }
  statement {
    sid     = "Other"
    actions = ["sts:SetSourceIdentity"]
  }
}
resource "aws_s3_bucket_policy" "b" {
  policy = "{\"Statement\": []}"
}
`,
	}
	docs := parse(t, files)
	if d := diags(docs); len(d) > 0 {
		t.Fatalf("diagnostics: %v", d)
	}
	tests := []struct {
		node, key, at string
		attrs         map[string]string
	}{
		{node: ".#aws_iam_policy.enc.policy", key: "", at: "main.tf:5:20",
			attrs: map[string]string{"source": `"jsonencode"`, "use": `"identity"`, "owner": `".#aws_iam_policy.enc"`}},
		{node: ".#aws_iam_policy.enc.policy.Statement[0]", key: "Action[0]", at: "main.tf:2:14"},
		{node: ".#aws_iam_role.r.inline_policy[0].policy", key: "", at: "main.tf:18:7",
			attrs: map[string]string{"source": `"heredoc"`, "use": `"identity"`}},
		{node: ".#aws_iam_role.r.inline_policy[0].policy.Statement[0]", key: "Action", at: "main.tf:20:43"},
		{node: ".#data.aws_iam_policy_document.trust.json", key: "", at: "main.tf:25:1",
			attrs: map[string]string{"source": `"policy_document"`, "use": `"trust"`, "owner": `".#aws_iam_role.r"`}},
		{node: ".#data.aws_iam_policy_document.trust.json.Statement[0]", key: "Action[0]", at: "main.tf:29:16"},
		{node: ".#data.aws_iam_policy_document.trust.json.Statement[1]", key: "Action[0]", at: "main.tf:43:16"},
		{node: ".#data.aws_iam_policy_document.base.json", key: "", at: "main.tf:36:1",
			attrs: map[string]string{"use": `""`}},
		{node: ".#aws_s3_bucket_policy.b.policy", key: "", at: "main.tf:47:12",
			attrs: map[string]string{"source": `"string"`, "use": `"resource"`}},
	}
	for _, tt := range tests {
		n := node(t, docs, tt.node)
		if got := located(n, tt.key); got != tt.at {
			t.Errorf("%s %q at %s, want %s", tt.node, tt.key, got, tt.at)
		}
		for k, want := range tt.attrs {
			if got := jsonOf(n.Attrs[k]); got != want {
				t.Errorf("%s %s = %s, want %s", tt.node, k, got, want)
			}
		}
	}
	role := node(t, docs, ".#aws_iam_role.r")
	want := `{"assume_role_policy":".#data.aws_iam_policy_document.trust.json","inline_policy[0].policy":".#aws_iam_role.r.inline_policy[0].policy"}`
	if got := jsonOf(role.Attrs["policies"]); got != want {
		t.Errorf("role policies = %s, want %s", got, want)
	}
	if got := jsonOf(role.Attrs["refs"]); got != `["data.aws_iam_policy_document.trust"]` {
		t.Errorf("role refs = %s", got)
	}
}

func TestHeredocAndFilePolicyPositions(t *testing.T) {
	docs := parse(t, map[string]string{
		"iam/main.tf": "resource \"aws_iam_policy\" \"plain\" {\n  policy = <<EOF\n{\"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n]}\nEOF\n}\nresource \"aws_iam_policy\" \"file\" {\n  policy = templatefile(\"${path.module}/p.json\", {})\n}\n",
		"iam/p.json":  "{\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ec2:*\", \"Resource\": \"*\"}]\n}\n",
	})
	if d := diags(docs); len(d) > 0 {
		t.Fatalf("diagnostics: %v", d)
	}
	plain := node(t, docs, "iam#aws_iam_policy.plain.policy.Statement[0]")
	if got := located(plain, "Action"); got != "iam/main.tf:4:23" {
		t.Errorf("heredoc Action at %s", got)
	}
	if pol := node(t, docs, "iam#aws_iam_policy.plain.policy"); pol.Attrs["source"] != "heredoc" {
		t.Errorf("source %v", pol.Attrs["source"])
	}
	file := node(t, docs, "iam#aws_iam_policy.file.policy.Statement[0]")
	if got := located(file, "Action"); got != "iam/p.json:2:37" {
		t.Errorf("file Action at %s", got)
	}
	if pol := node(t, docs, "iam#aws_iam_policy.file.policy"); pol.Attrs["source"] != "file" {
		t.Errorf("source %v", pol.Attrs["source"])
	}
}
