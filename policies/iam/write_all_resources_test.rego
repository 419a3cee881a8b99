package nhilint.rules.iam.write_all_resources_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.write_all_resources as rule

test_fail_write_on_star if {
	rule.findings == {{
		"node": "p.json#Statement[0]", "key": "Action[1]",
		"msg": `statement 0 of policy p.json allows "s3:PutObject", "dynamodb:Delete*" on every resource ("*"): a leaked credential can use them to change, delete or decrypt every matching resource of the account, not just the ones this identity needs; scope Resource to their ARNs`,
		"related": [{"node": "p.json#Statement[0]", "key": "Resource[0]", "msg": "on every resource (\"*\")"}],
	}} with input as t._input(t._stmt("Allow", ["s3:GetObject", "s3:PutObject", "dynamodb:Delete*"], ["*"]))
}

test_fail_unknown_service_by_verb if {
	count(rule.findings) == 1 with input as t._input(t._stmt("Allow", ["acme:DeleteWidget"], ["*"]))
}

test_success_read_tagging_scoped_conditioned if {
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["ec2:Describe*", "s3:GetObject", "s3:List*", "ec2:CreateTags", "acme:GetWidget", "acme:*Widget", "cloudwatch:PutMetricData"], ["*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Allow", ["s3:PutObject"], ["arn:aws:s3:::b/*"]))
	count(rule.findings) == 0 with input as t._input(t._stmt("Deny", ["s3:PutObject"], ["*"]))
	conditioned := object.union(t._stmt("Allow", ["ec2:TerminateInstances"], ["*"]), {"conditions": [{"operator": "StringEquals", "base": "StringEquals", "key": "aws:ResourceTag/team", "key_lower": "aws:resourcetag/team", "values": ["ci"], "path": "Condition.StringEquals.aws:ResourceTag/team"}]})
	count(rule.findings) == 0 with input as t._input(conditioned)
}

test_success_resource_policy_statement if {
	s := object.union(t._stmt("Allow", ["sqs:SendMessage"], ["*"]), {"principals": {"Service": ["events.amazonaws.com"]}})
	count(rule.findings) == 0 with input as t._input(s)
}
