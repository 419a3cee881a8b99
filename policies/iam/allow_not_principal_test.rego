package nhilint.rules.iam.allow_not_principal_test

import data.nhilint.rules.iam.allow_not_principal
import data.nhilint.rules.iam.full_admin_test as t

test_fail_not_principal if {
	s := object.union(t._stmt("Allow", ["s3:PutObject"], ["arn:aws:s3:::b/*"]), {"not_principals": {"AWS": ["arn:aws:iam::1:role/x"]}})
	allow_not_principal.findings == {{
		"node": "p.json#Statement[0]", "key": "NotPrincipal",
		"msg": "statement 0 of policy p.json allows every principal except the ones in NotPrincipal - any AWS account, possibly anonymous callers; name the allowed principals in Principal instead (AWS does not support NotPrincipal with Allow in new policies)",
	}} with input as t._input(s)
}

test_success_not_principal_deny_or_restricted if {
	deny := object.union(t._stmt("Deny", ["s3:*"], ["*"]), {"not_principals": {"AWS": ["arn:aws:iam::1:root"]}})
	count(allow_not_principal.findings) == 0 with input as t._input(deny)
	restricted := object.union(t._stmt("Allow", ["s3:GetObject"], ["*"]), {
		"not_principals": {"AWS": ["arn:aws:iam::1:root"]},
		"conditions": [{"operator": "StringEquals", "base": "StringEquals", "key": "aws:PrincipalOrgID", "key_lower": "aws:principalorgid", "values": ["o-1"], "path": "Condition.StringEquals.aws:PrincipalOrgID"}],
	})
	count(allow_not_principal.findings) == 0 with input as t._input(restricted)
}
