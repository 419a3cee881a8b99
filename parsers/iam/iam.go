// Package iam is the IAM model: every AWS IAM policy, wherever it is
// written (a policy JSON file, a Terraform heredoc, jsonencode, a policy
// document data source, a plan), becomes the same normalized iam.policy
// and iam.statement nodes, located where the user wrote each part.
package iam

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// Node kinds of the IAM model.
const (
	KindPolicy    = "iam.policy"
	KindStatement = "iam.statement"
)

// Diagnostic codes of this package.
const (
	codeParse    = "parse-error"    // a policy file that is not valid JSON
	codeInternal = "internal-error" // a parser panic, caught per file
)

// ParseFile reads a JSON file holding IAM policies, or returns nil when
// src is not one. A policy is any JSON object with a Statement object or
// array whose statements look like IAM statements (an Effect, or a
// Version beside them): the whole file (a policy as written for
// aws iam create-policy), or a value inside it (the PolicyDocument and
// AssumeRolePolicyDocument of a CloudFormation template or of aws cli
// output). Invalid JSON that looks like a policy is a parse-error
// diagnostic; any other JSON is not ours.
func ParseFile(rel string, src []byte) (doc *graph.Document) {
	doc = graph.NewDocument(rel, KindPolicy, src)
	defer recoverInto(doc)
	v, err := DecodeJSON(rel, src)
	if err != nil {
		if !looksLikePolicy(src) {
			return nil
		}
		se, _ := err.(*SyntaxError)
		pos := graph.Pos{Line: 1, Col: 1}
		msg := err.Error()
		if se != nil {
			pos, msg = se.Pos, se.Msg
		}
		doc.Diag(pos, graph.SevError, codeParse, "invalid JSON in IAM policy file: %s", msg)
		return doc
	}
	policies := findPolicies(v, "", "", "", nil)
	if len(policies) == 0 {
		return nil
	}
	for _, f := range policies {
		replaceIntrinsics(f.value)
		name := rel
		if f.path != "" {
			name = rel + "#" + f.path
		}
		AddPolicy(doc, f.path, f.value, Meta{Source: "file", Use: f.use(), Name: name})
	}
	addCFNResources(doc, v)
	return doc
}

// looksLikePolicy tells a broken policy from other broken JSON that
// happens to say "Statement".
func looksLikePolicy(src []byte) bool {
	return bytes.Contains(src, []byte(`"Statement"`)) &&
		(bytes.Contains(src, []byte(`"Effect"`)) || bytes.Contains(src, []byte(`"Version"`)))
}

// recoverInto turns a panic while parsing doc into an internal-error
// diagnostic; the nodes built so far are dropped.
func recoverInto(doc *graph.Document) {
	r := recover()
	if r == nil {
		return
	}
	doc.Root, doc.Nodes = nil, nil
	doc.Diag(graph.Pos{}, graph.SevError, codeInternal, "parser panic (please report it): %v", r)
}

// found is a policy inside a JSON file.
type found struct {
	path  string // JSON path of the policy, "" for the whole file
	key   string // the member that holds it ("AssumeRolePolicyDocument")
	typ   string // the CloudFormation Type of the resource around it
	value *Value
}

// use says how the policy is used, from where it sits or what it says.
func (f found) use() string {
	switch {
	case f.key == "AssumeRolePolicyDocument":
		return "trust"
	case f.key == "KeyPolicy":
		return "resource"
	case strings.HasPrefix(f.typ, "AWS::IAM::"), strings.HasPrefix(f.typ, "AWS::SSO::"):
		return "identity"
	case strings.HasSuffix(f.typ, "Policy"): // AWS::S3::BucketPolicy, AWS::SQS::QueuePolicy, ...
		return "resource"
	}
	return inferUse(f.value)
}

// inferUse classifies a standalone policy file by content: statements
// with a Principal that allow sts:AssumeRole* make a trust policy, other
// statements with a Principal a resource policy; none, an identity policy.
func inferUse(v *Value) string {
	use := "identity"
	for _, s := range statementsOf(v) {
		if s.Get("Principal") == nil && s.Get("NotPrincipal") == nil {
			continue
		}
		use = "resource"
		for _, a := range listOf(s.Get("Action")) {
			if a.Kind == String && strings.HasPrefix(strings.ToLower(a.Text), "sts:assumerole") {
				return "trust"
			}
		}
	}
	return use
}

// statementsOf lists the statement objects of a policy value.
func statementsOf(v *Value) []*Value {
	var out []*Value
	for _, s := range listOf(v.Get("Statement")) {
		if s.Kind == Object {
			out = append(out, s)
		}
	}
	return out
}

// listOf is the items of an array, or the value itself, or nothing.
func listOf(v *Value) []*Value {
	switch {
	case v == nil:
		return nil
	case v.Kind == Array:
		return v.Items
	}
	return []*Value{v}
}

// isPolicy reports whether an object is an IAM policy by shape.
func isPolicy(v *Value) bool {
	st := v.Get("Statement")
	if st == nil || (st.Kind != Array && st.Kind != Object) {
		return false
	}
	if ver := v.Get("Version"); ver != nil && ver.Kind == String && strings.HasPrefix(ver.Text, "20") {
		return true
	}
	for _, s := range statementsOf(v) {
		if s.Get("Effect") != nil {
			return true
		}
	}
	return false
}

// findPolicies walks v for policy objects, outermost first (a policy is
// not searched for policies inside it). typ is the CloudFormation Type of
// the closest resource around v.
func findPolicies(v *Value, path, key, typ string, acc []found) []found {
	switch v.Kind {
	case Object:
		if isPolicy(v) {
			return append(acc, found{path: path, key: key, typ: typ, value: v})
		}
		if t := v.Get("Type"); t != nil && t.Kind == String {
			typ = t.Text
		}
		for _, f := range v.Fields {
			acc = findPolicies(f.Value, childPath(path, f.Key), f.Key, typ, acc)
		}
	case Array:
		for i, it := range v.Items {
			acc = findPolicies(it, fmt.Sprintf("%s[%d]", path, i), key, typ, acc)
		}
	}
	return acc
}

// replaceIntrinsics turns CloudFormation intrinsic functions inside a
// policy into what the scanner knows of them: Fn::Sub of a string is its
// template text (its ${} stay as written, never a wildcard); every other
// function (Ref, Fn::GetAtt, Fn::Join, Fn::If, ...) is Unknown.
func replaceIntrinsics(v *Value) {
	if v.Kind == Object && len(v.Fields) == 1 && isIntrinsic(v.Fields[0].Key) {
		f := v.Fields[0]
		if f.Key == "Fn::Sub" && f.Value.Kind == String {
			*v = *f.Value
			return
		}
		text := f.Key
		if f.Value.Kind == String {
			text += " " + f.Value.Text
		}
		*v = Value{Kind: Unknown, Text: text, File: v.File, Pos: v.Pos}
		return
	}
	for _, it := range v.Items {
		replaceIntrinsics(it)
	}
	for _, f := range v.Fields {
		replaceIntrinsics(f.Value)
	}
}

// isIntrinsic reports whether a member name is a CloudFormation function.
func isIntrinsic(key string) bool {
	return key == "Ref" || strings.HasPrefix(key, "Fn::")
}
