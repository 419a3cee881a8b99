package identity

import (
	"strconv"
	"strings"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/iam"
)

// cloudformation derives the AWS roles CloudFormation JSON templates
// define (AWS::IAM::Role): their trust (AssumeRolePolicyDocument), inline
// Policies, ManagedPolicyArns, and the AWS::IAM::Policy and
// AWS::IAM::ManagedPolicy resources that name them in Roles.
func (b *builder) cloudformation() {
	var roles, policies []*graph.Node
	for _, d := range b.docs {
		if d == nil || d.Kind != iam.KindPolicy {
			continue
		}
		for _, n := range d.Nodes {
			if n.Kind != iam.KindCFNResource {
				continue
			}
			if str(n.Attrs, "type") == "AWS::IAM::Role" {
				roles = append(roles, n)
			} else {
				policies = append(policies, n)
			}
		}
	}
	for _, r := range roles {
		b.cfnRole(r)
	}
	for _, p := range policies {
		b.cfnPolicy(p)
	}
	for _, r := range roles {
		b.trusts(r)
	}
}

// cfnRole is an AWS::IAM::Role: its identity, inline policies and
// managed policies.
func (b *builder) cfnRole(r *graph.Node) {
	props := obj(r.Attrs, "properties")
	name := str(props, "RoleName")
	if strings.Contains(name, "${") {
		name = "" // a Fn::Sub template: the name depends on parameters
	}
	logical := str(r.Attrs, "logical_id")
	display := name
	if display == "" {
		display = logical
	}
	n, _ := b.identity(AWSRole, r.ID, display, r, "")
	definedBy(n, r, "")
	n.Attrs["role_name"] = name
	n.Attrs["address"] = logical
	n.Attrs["credential"] = "short-lived"
	n.Attrs["trust_policy"] = ""
	if _, ok := b.nodes[r.ID+".Properties.AssumeRolePolicyDocument"]; ok {
		n.Attrs["trust_policy"] = r.ID + ".Properties.AssumeRolePolicyDocument"
	}
	if name != "" {
		b.rolesByName[name] = append(b.rolesByName[name], n)
	}
	for i := 0; ; i++ {
		key := "Properties.Policies[" + strconv.Itoa(i) + "]"
		if _, ok := r.KeyPos[key]; !ok {
			break
		}
		b.grantPolicy(n, r, key, r.ID+"."+key+".PolicyDocument")
	}
	for i, arn := range list(props, "ManagedPolicyArns") {
		key := indexKey("Properties.ManagedPolicyArns", i)
		if expr, unknown := unknownExpr(arn); unknown {
			b.cfnGrantRef(n, r, key, expr)
			continue
		}
		b.grantARN(n, r, key, arn)
	}
}

// cfnGrantRef follows ManagedPolicyArns: [{"Ref": "Policy"}] to the
// AWS::IAM::ManagedPolicy of the template.
func (b *builder) cfnGrantRef(role, r *graph.Node, key, expr string) {
	logical, ok := strings.CutPrefix(expr, "Ref ")
	if !ok {
		return
	}
	pol := b.nodes[r.File+"#Resources."+logical]
	if pol == nil || pol.Kind != iam.KindCFNResource {
		return
	}
	b.grantPolicy(role, r, key, pol.ID+".Properties.PolicyDocument")
}

// cfnPolicy is an AWS::IAM::Policy or AWS::IAM::ManagedPolicy: its
// PolicyDocument grants the roles its Roles list names (a Ref to a role
// of the template, or a role name).
func (b *builder) cfnPolicy(p *graph.Node) {
	pid := p.ID + ".Properties.PolicyDocument"
	for i, v := range list(obj(p.Attrs, "properties"), "Roles") {
		key := indexKey("Properties.Roles", i)
		var roles []*graph.Node
		if expr, unknown := unknownExpr(v); unknown {
			if logical, ok := strings.CutPrefix(expr, "Ref "); ok {
				if role, ok := b.idents[identityID(AWSRole, p.File+"#Resources."+logical)]; ok {
					roles = append(roles, role)
				}
			}
		} else if s, _ := v.(string); s != "" {
			roles = b.rolesByName[s]
		}
		for _, role := range roles {
			b.grantPolicy(role, p, key, pid)
		}
	}
}
