package identity

import (
	"fmt"
	"strings"
	"testing"
)

const cfnTemplate = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "DeployRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "RoleName": "cfn-deploy",
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Principal": {"Federated": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}},
            "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}}
          }]
        },
        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess", {"Ref": "Extra"}],
        "Policies": [{
          "PolicyName": "inline",
          "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}
        }]
      }
    },
    "Extra": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}
      }
    },
    "Attached": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "attached",
        "Roles": [{"Ref": "DeployRole"}],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}
      }
    }
  }
}
`

func TestBuildCloudFormation(t *testing.T) {
	const role = "nhi:aws-role:cfn.json#Resources.DeployRole"
	doc := Build(parse(t, map[string]string{
		"cfn.json":                cfnTemplate,
		".github/workflows/d.yml": fmt.Sprintf(wfAssume, "arn:aws:iam::1:role/cfn-deploy"),
	}))
	all := strings.Join(render(doc), "\n")
	for _, w := range []string{
		`aws-role "cfn-deploy" oidc/short-lived by cfn.json#Resources.DeployRole at cfn.json:4:5`,
		`assumes nhi:github-job:.github/workflows/d.yml#jobs.deploy -> ` + role + ` via`,
		`trusts ` + role + ` -> nhi:oidc-provider:token.actions.githubusercontent.com via cfn.json#Resources.DeployRole.Properties.AssumeRolePolicyDocument.Statement[0][Principal.Federated[0]] at cfn.json:13:52`,
		`grants ` + role + ` -> nhi:aws-managed-policy:AdministratorAccess via cfn.json#Resources.DeployRole[Properties.ManagedPolicyArns[0]] at cfn.json:17:31`,
		`grants ` + role + ` -> cfn.json#Resources.Extra.Properties.PolicyDocument via cfn.json#Resources.DeployRole[Properties.ManagedPolicyArns[1]] at cfn.json:17:78`,
		`grants ` + role + ` -> cfn.json#Resources.DeployRole.Properties.Policies[0].PolicyDocument via cfn.json#Resources.DeployRole[Properties.Policies[0]] at cfn.json:18:22`,
		`grants ` + role + ` -> cfn.json#Resources.Attached.Properties.PolicyDocument via cfn.json#Resources.Attached[Properties.Roles[0]] at cfn.json:34:19`,
	} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	n := node(t, doc, role)
	p := n.Attrs["permissions"].(map[string]any)
	if p["admin"] != true || fmt.Sprint(p["actions"]) != "[ecr:* iam:PassRole s3:PutObject]" {
		t.Errorf("permissions %v", p)
	}
	if n.Attrs["trust_policy"] != "cfn.json#Resources.DeployRole.Properties.AssumeRolePolicyDocument" {
		t.Errorf("trust policy %v", n.Attrs["trust_policy"])
	}
}
