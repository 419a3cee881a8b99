package nhilint.rules.iam.public_resource_policy_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.public_resource_policy

_public(actions, conditions) := object.union(t._stmt("Allow", actions, []), {
	"principals": {"AWS": ["arn:aws:iam::1:root", "*"]}, "principal_star": true, "conditions": conditions,
})

_cond(op, key, values) := {"operator": op, "base": op, "key": key, "key_lower": lower(key), "values": values, "path": concat(".", ["Condition", op, key])}

test_fail_public_resource_write if {
	public_resource_policy.findings == {{
		"node": "p.json#Statement[0]", "key": "Principal.AWS[1]",
		"msg": `statement 0 of policy p.json grants "sqs:SendMessage", "sqs:*" to everyone (Principal "*" with no condition on aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount or similar): any account can change or take over the resource; name the principals or add such a condition`,
	}} with input as t._input(_public(["sqs:GetQueueUrl", "sqs:SendMessage", "sqs:*"], [_cond("StringNotEquals", "aws:SourceAccount", ["1"])]))
}

test_success_public_read_or_restricted if {
	count(public_resource_policy.findings) == 0 with input as t._input(_public(["s3:GetObject"], []))
	count(public_resource_policy.findings) == 0 with input as t._input(_public(["sns:Publish"], [_cond("ArnLike", "aws:SourceArn", ["arn:aws:s3:::b"])]))
	count(public_resource_policy.findings) == 0 with input as t._input(_public(["sts:AssumeRole"], []))
	count(public_resource_policy.findings) == 0 with input as t._input(_public([{"unknown": true, "expr": "var.a"}], []))
}
