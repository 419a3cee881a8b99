package iam

import (
	"fmt"
	"testing"
)

func TestCFNResources(t *testing.T) {
	src := `{
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "RoleName": {"Fn::Sub": "${Env}-deploy"},
        "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", {"Ref": "Managed"}],
        "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]
      }
    },
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "Attach": {
      "Type": "AWS::IAM::Policy",
      "Properties": {"Roles": [{"Ref": "Role"}, "other"], "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}
    }
  }
}`
	doc := ParseFile("t.json", []byte(src))
	got := map[string]string{}
	for _, n := range doc.Nodes {
		if n.Kind == KindCFNResource {
			got[n.ID] = fmt.Sprintf("%s %v %v", n.Pos, n.Attrs["properties"], len(n.KeyPos))
		}
	}
	want := map[string]string{
		"t.json#Resources.Role":   "3:5 map[ManagedPolicyArns:[arn:aws:iam::aws:policy/ReadOnlyAccess map[expr:Ref Managed unknown:true]] RoleName:${Env}-deploy] 7",
		"t.json#Resources.Attach": "13:5 map[Roles:[map[expr:Ref Role unknown:true] other]] 4",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cfn.resource nodes\n got %v\nwant %v", got, want)
	}
	role := doc.Nodes[0]
	for _, n := range doc.Nodes {
		if n.ID == "t.json#Resources.Role" {
			role = n
		}
	}
	if p, ok := role.Key("Properties.ManagedPolicyArns[1]"); !ok || p.String() != "8:73" {
		t.Errorf("ManagedPolicyArns[1] at %v %v", p, ok)
	}
	if p, ok := role.Key("Properties.Policies[0]"); !ok || p.String() != "9:22" {
		t.Errorf("Policies[0] at %v %v", p, ok)
	}
}
