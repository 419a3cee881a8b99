package nhilint.rules.iam.allow_not_action_test

import data.nhilint.rules.iam.allow_not_action
import data.nhilint.rules.iam.full_admin_test as t

test_fail_not_action_on_star if {
	s := object.union(t._stmt("Allow", [], ["*"]), {"not_actions": ["iam:*", "organizations:*"]})
	allow_not_action.findings == {{
		"node": "p.json#Statement[0]", "key": "NotAction",
		"msg": `statement 0 of policy p.json allows every action except "iam:*", "organizations:*" on every resource, including actions of other services and ones AWS adds later; list the allowed actions instead (and express exceptions as a Deny statement)`,
	}} with input as t._input(s)
}

test_success_not_action_deny_or_scoped if {
	deny := object.union(t._stmt("Deny", [], ["*"]), {"not_actions": ["iam:*"]})
	count(allow_not_action.findings) == 0 with input as t._input(deny)
	scoped := object.union(t._stmt("Allow", [], ["arn:aws:s3:::b/*"]), {"not_actions": ["s3:DeleteBucket"]})
	count(allow_not_action.findings) == 0 with input as t._input(scoped)
}

test_success_not_action_unknown_or_resource_policy if {
	unknown := object.union(t._stmt("Allow", [], ["*"]), {"not_actions": [{"unknown": true, "expr": "statement.value.not_actions"}]})
	count(allow_not_action.findings) == 0 with input as t._input(unknown)
	keyed := object.union(t._stmt("Allow", [], ["*"]), {"not_actions": ["iam:*"], "principals": {"AWS": ["arn:aws:iam::1:root"]}})
	count(allow_not_action.findings) == 0 with input as t._input(keyed)
}
