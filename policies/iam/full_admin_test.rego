package nhilint.rules.iam.full_admin_test

import data.nhilint.rules.iam.full_admin as rule

_stmt(effect, actions, resources) := {
	"id": "p.json#Statement[0]", "kind": "iam.statement", "file": "p.json", "policy": "p.json", "index": 0,
	"sid": "", "effect": effect, "actions": actions, "not_actions": [], "resources": resources, "not_resources": [],
	"principals": {}, "not_principals": {}, "principal_star": false, "not_principal_star": false,
	"conditions": [], "conditions_unknown": false, "unknown": false,
}

_input(s) := {"iam_policies": [{"id": "p.json", "kind": "iam.policy", "file": "p.json", "name": "p.json", "use": "identity", "source": "file", "owner": "", "unknown": false, "statements": [s]}]}

test_fail_star_on_star if {
	rule.findings == {{
		"node": "p.json#Statement[0]", "key": "Action[1]",
		"msg": `statement 0 of policy p.json allows every action ("*:*") on every resource: whoever holds it is a full administrator of the account, able to mint keys, rewrite policies and delete anything; grant only the actions and resources it uses`,
		"related": [{"node": "p.json#Statement[0]", "key": "Resource[1]", "msg": "on every resource (\"*\")"}],
	}} with input as _input(_stmt("Allow", ["s3:GetObject", "*:*"], ["arn:aws:s3:::b", "*"]))
}

test_success_deny_scoped_and_unknown if {
	count(rule.findings) == 0 with input as _input(_stmt("Deny", ["*"], ["*"]))
	count(rule.findings) == 0 with input as _input(_stmt("Allow", ["*"], ["arn:aws:s3:::b/*"]))
	count(rule.findings) == 0 with input as _input(_stmt("Allow", [{"unknown": true, "expr": "var.actions"}], ["*"]))
	count(rule.findings) == 0 with input as _input(_stmt("Allow", ["*"], [{"unknown": true, "expr": "var.arn"}]))
	count(rule.findings) == 0 with input as _input(_stmt({"unknown": true, "expr": "var.effect"}, ["*"], ["*"]))
}

test_fail_unknown_does_not_hide_a_known_wildcard if {
	[f.key | some f in rule.findings] == ["Action[1]"] with input as _input(_stmt("Allow", [{"unknown": true, "expr": "var.extra"}, "*"], [{"unknown": true, "expr": "var.arn"}, "*"]))
}
