package nhilint.rules.iam.public_trust_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.public_trust

_public(actions, conditions) := object.union(t._stmt("Allow", actions, []), {
	"principals": {"AWS": ["arn:aws:iam::1:root", "*"]}, "principal_star": true, "conditions": conditions,
})

_cond(op, key, values) := {"operator": op, "base": op, "key": key, "key_lower": lower(key), "values": values, "path": concat(".", ["Condition", op, key])}

test_fail_public_trust if {
	public_trust.findings == {{
		"node": "p.json#Statement[0]", "key": "Principal.AWS[1]",
		"msg": `statement 0 of policy p.json lets any AWS principal in any account assume this role (Principal "*" with no condition on aws:PrincipalOrgID, aws:PrincipalArn, sts:ExternalId or similar); name the trusted accounts or roles, or add such a condition`,
	}} with input as t._input(_public(["sts:AssumeRole"], [_cond("Bool", "aws:MultiFactorAuthPresent", ["true"])]))
}

test_success_trust_restricted if {
	count(public_trust.findings) == 0 with input as t._input(_public(["sts:AssumeRole"], [_cond("StringEquals", "aws:PrincipalOrgID", ["o-1"])]))
	count(public_trust.findings) == 0 with input as t._input(_public(["sts:AssumeRole"], [_cond("StringEquals", "sts:ExternalId", [{"unknown": true, "expr": "var.id"}])]))
	count(public_trust.findings) == 0 with input as t._input(object.union(_public(["sts:AssumeRole"], []), {"principals": {"AWS": ["arn:aws:iam::1:root"]}}))
	count(public_trust.findings) == 0 with input as t._input(object.union(_public(["sts:AssumeRole"], []), {"conditions_unknown": true}))
}
