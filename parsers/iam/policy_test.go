package iam

import (
	"reflect"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

const trustPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "GitHub",
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "ForAnyValue:StringLikeIfExists": {"token.actions.githubusercontent.com:sub": ["repo:o/r:ref:refs/heads/main", "repo:o/r:environment:prod"]}
      }
    },
    {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:Put*"], "NotResource": "arn:aws:s3:::b/*",
     "Action": "iam:PassRole"}
  ]
}`

func TestAddPolicyStatements(t *testing.T) {
	v, err := DecodeJSON("role.json", []byte(trustPolicy))
	if err != nil {
		t.Fatal(err)
	}
	doc := graph.NewDocument("role.json", KindPolicy, []byte(trustPolicy))
	p := AddPolicy(doc, "", v, Meta{Source: "file"})
	if p.ID != "role.json" || p.Anchor != "iam:role.json" || p.Attrs["version"] != "2012-10-17" || p.Attrs["name"] != "role.json" {
		t.Errorf("policy %s anchor %s attrs %v", p.ID, p.Anchor, p.Attrs)
	}
	sts := p.Attrs["statements"].([]any)
	if len(sts) != 2 || len(doc.Nodes) != 3 {
		t.Fatalf("%d statements, %d nodes", len(sts), len(doc.Nodes))
	}
	s0 := nodeByID(t, doc, "role.json#Statement[0]")
	s1 := nodeByID(t, doc, "role.json#Statement[1]")
	if s0.Anchor != "iam:role.json/GitHub" || s1.Anchor != "iam:role.json/Statement[1]" {
		t.Errorf("anchors %q %q", s0.Anchor, s1.Anchor)
	}
	wantS0 := map[string]any{
		"effect":         "Allow",
		"sid":            "GitHub",
		"actions":        []any{"sts:AssumeRoleWithWebIdentity"},
		"resources":      []any{},
		"principals":     map[string]any{"Federated": []any{"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}},
		"principal_star": false,
		"conditions": []any{
			map[string]any{"operator": "StringEquals", "base": "StringEquals", "set": "", "if_exists": false,
				"key": "token.actions.githubusercontent.com:aud", "key_lower": "token.actions.githubusercontent.com:aud",
				"path": "Condition.StringEquals.token.actions.githubusercontent.com:aud", "values": []any{"sts.amazonaws.com"}},
			map[string]any{"operator": "ForAnyValue:StringLikeIfExists", "base": "StringLike", "set": "ForAnyValue", "if_exists": true,
				"key": "token.actions.githubusercontent.com:sub", "key_lower": "token.actions.githubusercontent.com:sub",
				"path":   "Condition.ForAnyValue:StringLikeIfExists.token.actions.githubusercontent.com:sub",
				"values": []any{"repo:o/r:ref:refs/heads/main", "repo:o/r:environment:prod"}},
		},
	}
	checkAttrs(t, s0, wantS0)
	checkAttrs(t, s1, map[string]any{
		"actions":        []any{"s3:GetObject", "s3:Put*", "iam:PassRole"},
		"not_resources":  []any{"arn:aws:s3:::b/*"},
		"principals":     map[string]any{"AWS": []any{"*"}},
		"principal_star": true,
		"duplicate_keys": []any{"Action"},
		"policy":         "role.json",
		"index":          1,
		"unknown":        false,
	})
	s := trustPolicy
	keys := []struct {
		node *graph.Node
		key  string
		want graph.Pos
	}{
		{p, "", graph.Pos{Line: 1, Col: 1}},
		{p, "Version", at(t, s, `"Version"`, 0)},
		{p, "Statement", at(t, s, `"Statement"`, 0)},
		{s0, "", at(t, s, "{\n      \"Sid\"", 0)},
		{s0, "Sid", at(t, s, `"Sid"`, 0)},
		{s0, "Effect", at(t, s, `"Effect"`, 0)},
		{s0, "Action[0]", at(t, s, `"sts:AssumeRoleWithWebIdentity"`, 0)},
		{s0, "Principal", at(t, s, `"Principal"`, 0)},
		{s0, "Principal.Federated", at(t, s, `"Federated"`, 0)},
		{s0, "Principal.Federated[0]", at(t, s, `"arn:aws:iam::123456789012:oidc`, 0)},
		{s0, "Condition", at(t, s, `"Condition"`, 0)},
		{s0, "Condition.StringEquals", at(t, s, `"StringEquals"`, 0)},
		{s0, "Condition.StringEquals.token.actions.githubusercontent.com:aud", at(t, s, `"token.actions.githubusercontent.com:aud"`, 0)},
		{s0, "Condition.StringEquals.token.actions.githubusercontent.com:aud[0]", at(t, s, `"sts.amazonaws.com"`, 0)},
		{s0, "Condition.ForAnyValue:StringLikeIfExists.token.actions.githubusercontent.com:sub[1]", at(t, s, `"repo:o/r:environment:prod"`, 0)},
		{s1, "", at(t, s, `{"Effect"`, 0)},
		{s1, "Principal.AWS", at(t, s, `"*"`, 0)},
		{s1, "Principal.AWS[0]", at(t, s, `"*"`, 0)},
		{s1, "Action[1]", at(t, s, `"s3:Put*"`, 0)},
		{s1, "Action[2]", at(t, s, `"iam:PassRole"`, 0)},
		{s1, "NotResource[0]", at(t, s, `"arn:aws:s3:::b/*"`, 0)},
	}
	for _, k := range keys {
		file, got, ok := k.node.Locate(k.key)
		if !ok || got != k.want || file != "role.json" {
			t.Errorf("%s key %q: %s %v (found %v), want %v", k.node.ID, k.key, file, got, ok, k.want)
		}
	}
}

// checkAttrs compares the listed attributes of n.
func checkAttrs(t *testing.T, n *graph.Node, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if got := n.Attrs[k]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s.%s = %#v, want %#v", n.ID, k, got, w)
		}
	}
}

func TestAddPolicyShapes(t *testing.T) {
	str := func(text string, line, col int) *Value {
		return &Value{Kind: String, Text: text, File: "vars.tf", Pos: graph.Pos{Line: line, Col: col}}
	}
	unknown := &Value{Kind: Unknown, Text: "var.actions", File: "main.tf", Pos: graph.Pos{Line: 8, Col: 16}}
	// A policy written in main.tf whose Resource comes from vars.tf.
	stmt := &Value{Kind: Object, File: "main.tf", Pos: graph.Pos{Line: 5, Col: 5}, Fields: []Field{
		{Key: "Sid", KeyPos: graph.Pos{Line: 5, Col: 7}, Value: &Value{Kind: Unknown, Text: "each.key", File: "main.tf", Pos: graph.Pos{Line: 5, Col: 13}}},
		{Key: "Effect", KeyPos: graph.Pos{Line: 6, Col: 7}, Value: &Value{Kind: String, Text: "Allow", File: "main.tf", Pos: graph.Pos{Line: 6, Col: 16}}},
		{Key: "Action", KeyPos: graph.Pos{Line: 8, Col: 7}, Value: unknown},
		{Key: "Resource", KeyPos: graph.Pos{Line: 9, Col: 7}, Value: str("*", 3, 13)},
		{Key: "Principal", KeyPos: graph.Pos{Line: 10, Col: 7}, Value: &Value{Kind: Unknown, Text: "local.p", File: "main.tf", Pos: graph.Pos{Line: 10, Col: 19}}},
		{Key: "Condition", KeyPos: graph.Pos{Line: 11, Col: 7}, Value: &Value{Kind: Unknown, Text: "var.c", File: "main.tf", Pos: graph.Pos{Line: 11, Col: 19}}},
	}}
	pol := &Value{Kind: Object, File: "main.tf", Pos: graph.Pos{Line: 2, Col: 3}, Fields: []Field{
		{Key: "Statement", KeyPos: graph.Pos{Line: 4, Col: 5}, Value: stmt},
	}}
	doc := graph.NewDocument("mod", "tf.module", nil)
	doc.AddNode("tf.module", "", graph.Pos{Line: 1, Col: 1})
	p := AddPolicy(doc, "aws_iam_policy.x.policy", pol, Meta{Source: "jsonencode", Use: "identity", Owner: "mod#aws_iam_policy.x", Name: "aws_iam_policy.x.policy"})
	if p.ID != "mod#aws_iam_policy.x.policy" || p.File != "main.tf" || p.Attrs["file"] != "main.tf" || p.Anchor != "iam:mod#aws_iam_policy.x.policy" {
		t.Errorf("policy %s in %s anchor %s", p.ID, p.File, p.Anchor)
	}
	if _, has := nodeByID(t, doc, "mod#aws_iam_policy.x.policy.Statement[0]").Attrs["sid"]; has {
		t.Error("an unknown Sid gives a sid")
	}
	if a := nodeByID(t, doc, "mod#aws_iam_policy.x.policy.Statement[0]").Anchor; a != "iam:mod#aws_iam_policy.x.policy/Statement[0]" {
		t.Errorf("statement anchor %s", a)
	}
	if _, has := p.Attrs["version"]; has {
		t.Errorf("absent Version gives version %v", p.Attrs["version"])
	}
	s := nodeByID(t, doc, "mod#aws_iam_policy.x.policy.Statement[0]")
	checkAttrs(t, s, map[string]any{
		"file":               "main.tf",
		"actions":            []any{map[string]any{"unknown": true, "expr": "var.actions"}},
		"resources":          []any{"*"},
		"principals":         map[string]any{},
		"principal_unknown":  map[string]any{"unknown": true, "expr": "local.p"},
		"conditions_unknown": true,
		"conditions":         []any{},
	})
	for key, want := range map[string]struct {
		file string
		pos  graph.Pos
	}{
		"Action[0]":   {"main.tf", graph.Pos{Line: 8, Col: 16}},
		"Resource":    {"main.tf", graph.Pos{Line: 9, Col: 7}},
		"Resource[0]": {"vars.tf", graph.Pos{Line: 3, Col: 13}},
	} {
		if file, pos, ok := s.Locate(key); !ok || file != want.file || pos != want.pos {
			t.Errorf("key %s at %s %v, want %s %v", key, file, pos, want.file, want.pos)
		}
	}

	// Unknown statements and non-policies are told apart from empty ones.
	doc2 := graph.NewDocument("x.json", KindPolicy, nil)
	up := AddPolicy(doc2, "a", &Value{Kind: Unknown, Text: "data.x.json"}, Meta{})
	if up.Attrs["unknown"] != true || up.Attrs["expr"] != "data.x.json" || len(up.Attrs["statements"].([]any)) != 0 {
		t.Errorf("unknown policy attrs %v", up.Attrs)
	}
	bad := AddPolicy(doc2, "b", &Value{Kind: String, Text: "x"}, Meta{})
	if !reflect.DeepEqual(bad.Attrs["errors"], []any{"the policy is not a JSON object"}) {
		t.Errorf("non-object policy attrs %v", bad.Attrs)
	}
	arr := &Value{Kind: Object, Fields: []Field{{Key: "Statement", Value: &Value{Kind: Array, Items: []*Value{
		{Kind: Unknown, Text: "local.s"}, {Kind: Number, Text: "1"},
	}}}}}
	ap := AddPolicy(doc2, "c", arr, Meta{})
	sts := ap.Attrs["statements"].([]any)
	if len(sts) != 1 || sts[0].(map[string]any)["unknown"] != true || !reflect.DeepEqual(ap.Attrs["errors"], []any{"Statement[1] is not an object"}) {
		t.Errorf("statements %v errors %v", sts, ap.Attrs["errors"])
	}
}

func TestAddPolicyDroppedParts(t *testing.T) {
	src := `{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", null, ["x"]], "Condition": {"Bool": "true"}}}`
	doc := ParseFile("p.json", []byte(src))
	s := nodeByID(t, doc, "p.json#Statement[0]")
	checkAttrs(t, s, map[string]any{
		"actions": []any{"s3:GetObject"},
		"errors":  []any{"Action at 1:62 is not a string", "Action at 1:68 is not a string", "Condition.Bool is not an object"},
	})
}
