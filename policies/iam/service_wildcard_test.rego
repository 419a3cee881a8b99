package nhilint.rules.iam.service_wildcard_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.service_wildcard as rule

test_fail_service_wildcard_on_star if {
	rule.findings == {{
		"node": "p.json#Statement[0]", "key": "Action[0]",
		"msg": `statement 0 of policy p.json allows every action of a service ("S3:*", "ec2:*") on every resource, including permission and delete actions; list the actions it needs and scope Resource to its ARNs`,
		"related": [{"node": "p.json#Statement[0]", "key": "Resource[0]", "msg": "on every resource (\"*\")"}],
	}} with input as t._input(t._stmt("Allow", ["S3:*", "ec2:*"], ["*"]))
}

test_fail_sensitive_service_on_one_resource if {
	rule.findings == {{
		"node": "p.json#Statement[0]", "key": "Action[1]",
		"msg": `statement 0 of policy p.json allows every action of "kms:*": on identities, keys or secrets that is full control of them (rewrite their policies, delete them, read what they protect); list the actions it needs`,
	}} with input as t._input(t._stmt("Allow", ["s3:GetObject", "kms:*"], ["arn:aws:kms:eu-west-1:1:key/k"]))
}

test_success_scoped_partial_deny_unknown if {
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["s3:*"], ["arn:aws:s3:::b/*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["s3:Get*", "*"], ["*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Deny", ["iam:*"], ["*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", [{"unknown": true, "expr": "var.a"}], ["*"]))
}

# The default statement of a KMS key policy: Resource "*" there is the key.
test_success_key_policy_statement if {
	key := object.union(t._stmt("Allow", ["kms:*"], ["*"]), {"principals": {"AWS": ["arn:aws:iam::111122223333:root"]}})
	count(rule.findings) == 0 with input as t._input(key)
	unknown := object.union(t._stmt("Allow", ["kms:*"], ["*"]), {"principal_unknown": {"unknown": true, "expr": "var.p"}})
	count(rule.findings) == 0 with input as t._input(unknown)
}
