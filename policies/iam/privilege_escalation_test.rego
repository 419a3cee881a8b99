package nhilint.rules.iam.privilege_escalation_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.privilege_escalation as rule

test_fail_passrole_and_pattern_on_star if {
	rule.findings == {{
		"node": "p.json#Statement[0]", "key": "Action[1]",
		"msg": `statement 0 of policy p.json allows "iam:PassRole", "iam:Put*" on every resource: with these an identity can grant itself more access (new policies, keys for other users, any role) and become an administrator; scope Resource to the ARNs it must manage`,
		"related": [{"node": "p.json#Statement[0]", "key": "Resource[0]", "msg": "on every resource (\"*\")"}],
	}} with input as t._input(t._stmt("Allow", ["ec2:RunInstances", "iam:PassRole", "iam:Put*"], ["*"]))
}

test_fail_assume_any_role if {
	[f.key | some f in rule.findings] == ["Action[0]"] with input as t._input(t._stmt("Allow", ["sts:AssumeRole"], ["*"]))
}

test_success_scoped_read_deny_unknown if {
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["iam:PassRole"], ["arn:aws:iam::1:role/app"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["iam:Get*", "iam:List*"], ["*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Deny", ["iam:PassRole"], ["*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["iam:*"], ["*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", [{"unknown": true, "expr": "var.a"}], ["*"]))
}
