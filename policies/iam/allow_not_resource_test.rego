package nhilint.rules.iam.allow_not_resource_test

import data.nhilint.rules.iam.allow_not_resource
import data.nhilint.rules.iam.full_admin_test as t

test_fail_not_resource if {
	s := object.union(t._stmt("Allow", ["s3:GetObject", "s3:DeleteObject"], []), {"not_resources": ["arn:aws:s3:::logs/*"]})
	allow_not_resource.findings == {{
		"node": "p.json#Statement[0]", "key": "NotResource",
		"msg": `statement 0 of policy p.json allows "s3:DeleteObject" on every resource except "arn:aws:s3:::logs/*", including resources created later; list the resources it applies to in Resource instead`,
	}} with input as t._input(s)
}

test_success_not_resource_read_deny_unknown if {
	read := object.union(t._stmt("Allow", ["s3:Get*"], []), {"not_resources": ["arn:aws:s3:::x"]})
	count(allow_not_resource.findings) == 0 with input as t._input(read)
	deny := object.union(t._stmt("Deny", ["s3:*"], []), {"not_resources": ["arn:aws:s3:::x"]})
	count(allow_not_resource.findings) == 0 with input as t._input(deny)
	unknown := object.union(t._stmt("Allow", [{"unknown": true, "expr": "var.a"}], []), {"not_resources": ["arn:aws:s3:::x"]})
	count(allow_not_resource.findings) == 0 with input as t._input(unknown)
}

test_success_not_resource_unknown if {
	s := object.union(t._stmt("Allow", ["s3:DeleteObject"], []), {"not_resources": [{"unknown": true, "expr": "statement.value.not_resources"}]})
	count(allow_not_resource.findings) == 0 with input as t._input(s)
}
