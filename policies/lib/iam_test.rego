package nhilint.lib.iam_test

import data.nhilint.lib.iam

test_levels if {
	cases := {
		"*": "all",
		"*:*": "all",
		"s3:*": "service",
		"IAM:*": "service",
		"iam:PassRole": "privesc",
		"iam:Put*": "privesc",
		"iam:Create*": "privesc",
		"sts:AssumeRole": "privesc",
		"iam:CreateRole": "write",
		"iam:CreatePolicy": "permissions",
		"s3:PutObject": "write",
		"s3:Put*": "permissions",
		"s3:GetObject": "read",
		"s3:Get*": "read",
		"ec2:Describe*": "read",
		"ec2:RunInstances": "write",
		"kms:Decrypt": "write",
		"logs:PutLogEvents": "write",
		"ec2:CreateTags": "tagging",
		"iam:TagRole": "tagging",
		"s3:NewActionNotInTable": "read",
		"acme:DescribeThing": "read",
		"acme:BatchGetThings": "read",
		"acme:DeleteThing": "write",
		"acme:*Thing": "unknown",
		"acme:ValidatePolicy": "unknown",
		"acme:TagThing": "tagging",
		"acme:Put*": "write",
		"athena:Get*": "read",
		"athena:GetSessionEndpoint": "read",
		"glue:DescribeConnectionType": "read",
		"glue:ListEntities": "read",
		"sts:GetFederationToken": "read",
		"backup:List*": "read",
		"s3*:*": "unknown",
		"nocolon": "unknown",
		"a:b:c": "unknown",
	}
	got := {a: iam.level(a) | some a, _ in cases}
	got == cases
}

test_unknown_element_level if {
	iam.level({"unknown": true, "expr": "var.a"}) == "unknown"
}

test_restricted if {
	iam.restricted({"conditions_unknown": true, "conditions": []})
	iam.restricted({"conditions_unknown": false, "conditions": [_cond("StringEquals", "aws:PrincipalOrgID", ["o-123"])]})
	iam.restricted({"conditions_unknown": false, "conditions": [_cond("ArnLike", "aws:SourceArn", [{"unknown": true, "expr": "var.arn"}])]})
	not iam.restricted({"conditions_unknown": false, "conditions": [_cond("StringNotEquals", "aws:PrincipalOrgID", ["o-1"])]})
	not iam.restricted({"conditions_unknown": false, "conditions": [_cond("StringLike", "aws:SourceArn", ["*"])]})
	not iam.restricted({"conditions_unknown": false, "conditions": [_cond("Bool", "aws:SecureTransport", ["true"])]})
}

_cond(op, key, values) := {"operator": op, "base": op, "key": key, "key_lower": lower(key), "values": values, "path": concat(".", ["Condition", op, key])}

test_oidc_issuers if {
	s := {"principals": {"Federated": ["arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com", "arn:aws:iam::1:saml-provider/x"]}, "conditions": []}
	iam.oidc_issuers(s) == {{"host": "token.actions.githubusercontent.com", "provider": "github", "key": "Principal.Federated[0]"}}
	unknown := {"principals": {"Federated": [{"unknown": true, "expr": "aws_iam_openid_connect_provider.gl.arn"}]}, "conditions": [_cond("StringLike", "gitlab.example.com:sub", ["project_path:g/p:*"])]}
	iam.oidc_issuers(unknown) == {{"host": "gitlab.example.com", "provider": "gitlab", "key": ""}}
	eks := {"principals": {"Federated": ["arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/AB"]}, "conditions": []}
	iam.oidc_issuers(eks) == set()
	self_managed := {"principals": {"Federated": ["arn:aws:iam::1:oidc-provider/git.example.com"]}, "conditions": [_cond("StringLike", "git.example.com:sub", ["project_path:g/*"])]}
	iam.oidc_issuers(self_managed) == {{"host": "git.example.com", "provider": "gitlab", "key": "Principal.Federated[0]"}}
}

test_subject if {
	iam.subject("github", "repo:org/app:ref:refs/heads/main") == {"path": "org/app", "rest": ":ref:refs/heads/main"}
	iam.subject("github", "repo:org/*") == {"path": "org/*", "rest": ""}
	iam.subject("gitlab", "project_path:g/s/p:ref_type:branch:ref:main") == {"path": "g/s/p", "rest": ":ref_type:branch:ref:main"}
	not iam.subject("github", "*")
}

test_assumes_role if {
	iam.assumes_role({"actions": ["sts:AssumeRole"]})
	iam.assumes_role({"actions": ["sts:Assume*"]})
	iam.web_identity({"actions": ["sts:AssumeRoleWithWebIdentity"]})
	not iam.web_identity({"actions": ["sts:AssumeRole"]})
	not iam.assumes_role({"actions": ["s3:GetObject", {"unknown": true, "expr": "x"}]})
}

test_sub_shapes if {
	iam.any_owner("github", "*")
	iam.any_owner("github", "repo:*")
	iam.any_owner("github", "rep*")
	iam.any_owner("github", "repo:*/app:ref:refs/heads/main")
	iam.any_owner("gitlab", "project_path:*")
	not iam.any_owner("github", "repo:org/*")
	iam.owner_wide("github", "repo:org/*")
	iam.owner_wide("github", "repo:org/app-*:ref:refs/heads/main")
	iam.owner_wide("gitlab", "project_path:group/*:ref_type:branch:ref:main")
	not iam.owner_wide("github", "repo:org/app:*")
	iam.any_ref("github", "repo:org/app:*")
	iam.any_ref("gitlab", "project_path:group/app:ref_type:branch:ref:*")
	not iam.any_ref("github", "repo:org/app:environment:prod")
	not iam.any_ref("github", "repo:org/*")
}

test_fast_predicates_agree_with_level if {
	actions := ["*", "*:*", "s3:*", "IAM:*", "iam:PassRole", "iam:Put*", "iam:Get*", "s3*:*", "sts:AssumeRole", "s3:PutObject", {"unknown": true, "expr": "x"}]
	s := {"actions": actions}
	iam.all_actions(s) == [i | some i, a in actions; iam.level(a) == "all"]
	iam.service_wildcards(s) == [i | some i, a in actions; iam.level(a) == "service"]
	iam.privesc_actions(s) == [i | some i, a in actions; iam.level(a) == "privesc"]
	iam.privesc_actions(s) == [4, 5, 8]
}

test_identity_statement if {
	iam.identity_statement({"principals": {}, "not_principals": {}})
	not iam.identity_statement({"principals": {"AWS": ["arn:aws:iam::1:root"]}, "not_principals": {}})
	not iam.identity_statement({"principals": {}, "not_principals": {"AWS": ["*"]}})
	not iam.identity_statement({"principals": {}, "not_principals": {}, "principal_unknown": {"unknown": true, "expr": "var.p"}})
}
