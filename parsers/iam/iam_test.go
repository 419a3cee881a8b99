package iam

import (
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

const cfnTemplate = `{
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
            "Principal": {"Federated": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}}}]
        },
        "Policies": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
          "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": {"Fn::GetAtt": ["B", "Arn"]}}}}]
      }
    },
    "BP": {"Type": "AWS::S3::BucketPolicy", "Properties": {"PolicyDocument": {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}}}
  }
}`

func TestParseFileFinds(t *testing.T) {
	tests := []struct {
		name, src string
		ids       []string
		uses      []string
	}{
		{"raw identity policy", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`,
			[]string{"p.json"}, []string{"identity"}},
		{"trust policy without version", `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`,
			[]string{"p.json"}, []string{"trust"}},
		{"resource policy", `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}`,
			[]string{"p.json"}, []string{"resource"}},
		{"cloudformation", cfnTemplate,
			[]string{"p.json#Resources.Role.Properties.AssumeRolePolicyDocument", "p.json#Resources.Role.Properties.Policies[0].PolicyDocument", "p.json#Resources.BP.Properties.PolicyDocument"},
			[]string{"trust", "identity", "resource"}},
		{"cli output", `{"Role": {"RoleName": "r", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sts:AssumeRole"}]}}}`,
			[]string{"p.json#Role.AssumeRolePolicyDocument"}, []string{"trust"}},
	}
	for _, tt := range tests {
		doc := ParseFile("p.json", []byte(tt.src))
		if doc == nil {
			t.Errorf("%s: no document", tt.name)
			continue
		}
		if len(doc.Diagnostics) > 0 {
			t.Errorf("%s: diagnostics %v", tt.name, doc.Diagnostics)
		}
		var ids, uses []string
		for _, n := range doc.Nodes {
			if n.Kind == KindPolicy {
				ids = append(ids, n.ID)
				uses = append(uses, n.Attrs["use"].(string))
			}
		}
		if len(ids) != len(tt.ids) {
			t.Errorf("%s: policies %v, want %v", tt.name, ids, tt.ids)
			continue
		}
		for i := range ids {
			if ids[i] != tt.ids[i] || uses[i] != tt.uses[i] {
				t.Errorf("%s: policy %d is %s (%s), want %s (%s)", tt.name, i, ids[i], uses[i], tt.ids[i], tt.uses[i])
			}
		}
	}
}

func TestParseFileIntrinsics(t *testing.T) {
	doc := ParseFile("cfn.json", []byte(cfnTemplate))
	trust := nodeByID(t, doc, "cfn.json#Resources.Role.Properties.AssumeRolePolicyDocument.Statement[0]")
	checkAttrs(t, trust, map[string]any{"principals": map[string]any{"Federated": []any{"arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}}})
	if _, pos, _ := trust.Locate("Principal.Federated[0]"); pos != at(t, cfnTemplate, `"arn:aws:iam::${`, 0) {
		t.Errorf("Fn::Sub string at %v", pos)
	}
	perm := nodeByID(t, doc, "cfn.json#Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0]")
	checkAttrs(t, perm, map[string]any{"resources": []any{map[string]any{"unknown": true, "expr": "Fn::GetAtt"}}})
	if _, pos, _ := perm.Locate("Resource[0]"); pos != at(t, cfnTemplate, `{"Fn::GetAtt"`, 0) {
		t.Errorf("Fn::GetAtt at %v", pos)
	}
}

func TestParseFileNotOurs(t *testing.T) {
	for _, src := range []string{
		`{"Statement": "a sentence"}`,
		`{"name": "x", "scripts": {"Statement": "y"}}`,
		`[{"Statement": [{"text": "no effect"}]}]`,
		`{"Statement": [1,2], oops`, // broken, but nothing says IAM
		`"Statement"`,
	} {
		if doc := ParseFile("x.json", []byte(src)); doc != nil {
			t.Errorf("%s: got a document with %d nodes, %v", src, len(doc.Nodes), doc.Diagnostics)
		}
	}
}

func TestParseFileInvalid(t *testing.T) {
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}\n"
	doc := ParseFile("bad.json", []byte(src))
	if doc == nil || len(doc.Diagnostics) != 1 || doc.Root != nil {
		t.Fatalf("got %+v", doc)
	}
	d := doc.Diagnostics[0]
	if d.Code != "parse-error" || d.Severity != graph.SevError || d.Pos != (graph.Pos{Line: 4, Col: 24}) || d.File != "bad.json" {
		t.Errorf("diagnostic %v", d)
	}
}

func TestParseFileCRLFUnicodePositions(t *testing.T) {
	src := "\ufeff{\r\n\t\"Statement\": {\"Sid\": \"Zugriff für CI\", \"Effect\": \"Allow\",\r\n\t\t\"Action\": \"s3:*\", \"Resource\": [\"arn:aws:s3:::bücher/*\", \"*\"]}\r\n}\r\n"
	doc := ParseFile("ü.json", []byte(src))
	if doc == nil || len(doc.Diagnostics) != 0 {
		t.Fatalf("got %+v", doc)
	}
	s := nodeByID(t, doc, "ü.json#Statement[0]")
	if s.Anchor != "iam:ü.json/Zugriff für CI" {
		t.Errorf("anchor %q", s.Anchor)
	}
	for key, want := range map[string]graph.Pos{
		"":            {Line: 2, Col: 15},
		"Effect":      {Line: 2, Col: 41},
		"Action[0]":   {Line: 3, Col: 13},
		"Resource[1]": {Line: 3, Col: 59},
	} {
		if _, got, ok := s.Locate(key); !ok || got != want {
			t.Errorf("key %q at %v, want %v", key, got, want)
		}
	}
}

// TestPolicyInput checks that the nodes convert to the Rego input: every
// attribute is of a type graph.Value accepts, and statements are not a
// collection of their own.
func TestPolicyInput(t *testing.T) {
	doc := ParseFile("cfn.json", []byte(cfnTemplate))
	g, err := graph.New([]*graph.Document{doc}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := g.Value(KindPolicy)
	if err != nil {
		t.Fatal(err)
	}
	s := v.String()
	if !strings.Contains(s, `"iam_policies": [{`) || strings.Contains(s, `"iam_statements"`) {
		t.Errorf("input %.300s", s)
	}
}
