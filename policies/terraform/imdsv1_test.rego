package nhilint.rules.terraform.imdsv1_test

import data.nhilint.rules.terraform.imdsv1 as rule

_res(type, name, values) := {
	"id": concat("", ["infra#", type, ".", name]), "kind": "tf.resource", "file": "infra/main.tf",
	"type": type, "name": name, "mode": "managed", "address": concat(".", [type, name]),
	"module": "infra", "values": values, "refs": [], "policies": {},
}

_in(rs) := {"tf_resources": rs, "tf_modules": [], "tf_plans": [], "iam_policies": []}

test_fail_missing_block if {
	r := _res("aws_instance", "runner", {"ami": "ami-1"})
	rule.findings == {{
		"node": r.id, "key": "",
		"msg": `aws_instance.runner has no metadata_options block, so http_tokens defaults to "optional" and IMDSv1 hands the instance role's credentials to any request forgery; add metadata_options { http_tokens = "required" }`,
	}} with input as _in([r])
}

test_fail_optional_tokens if {
	r := _res("aws_launch_template", "lt", {"metadata_options": [{"http_tokens": "optional", "http_endpoint": "enabled"}]})
	rule.findings == {{
		"node": r.id, "key": "metadata_options[0].http_tokens",
		"msg": `aws_launch_template.lt sets http_tokens = "optional": IMDSv1 hands the instance role's credentials to any request forgery; set http_tokens = "required"`,
	}} with input as _in([r])
}

test_fail_block_without_tokens if {
	r := _res("aws_instance", "i", {"metadata_options": [{"http_put_response_hop_limit": 2}]})
	{f.key | some f in rule.findings} == {"metadata_options[0]"} with input as _in([r])
}

test_success_required_disabled_or_unknown if {
	count(rule.findings) == 0 with input as _in([
		_res("aws_instance", "a", {"metadata_options": [{"http_tokens": "required"}]}),
		_res("aws_instance", "b", {"metadata_options": [{"http_tokens": "optional", "http_endpoint": "disabled"}]}),
		_res("aws_instance", "c", {"metadata_options": [{"http_tokens": {"unknown": true, "expr": "var.http_tokens"}}]}),
		_res("aws_s3_bucket", "d", {}),
	])
}

test_success_account_default_covers_missing_block if {
	count(rule.findings) == 0 with input as _in([
		_res("aws_instance", "a", {"ami": "ami-1"}),
		_res("aws_ec2_instance_metadata_defaults", "d", {"http_tokens": "required"}),
	])
}

test_account_default_does_not_cover_explicit_optional if {
	count(rule.findings) == 1 with input as _in([
		_res("aws_instance", "a", {"metadata_options": [{"http_tokens": "optional"}]}),
		_res("aws_ec2_instance_metadata_defaults", "d", {"http_tokens": "required"}),
	])
}

test_success_launch_template_or_unknown_block if {
	count(rule.findings) == 0 with input as _in([
		_res("aws_instance", "a", {"ami": "ami-1", "launch_template": [{"id": {"unknown": true, "expr": "aws_launch_template.lt.id"}}]}),
		_res("aws_instance", "b", {"launch_template": [{"name": "lt"}], "metadata_options": [{"http_put_response_hop_limit": 2}]}),
		_res("aws_instance", "c", {"metadata_options": {"unknown": true, "expr": "(known after apply)"}}),
		_res("aws_instance", "d", {"metadata_options": [{"unknown": true, "expr": "(known after apply)"}]}),
	])
}

test_fail_empty_block_list if {
	r := _res("aws_launch_configuration", "lc", {"metadata_options": []})
	{f.key | some f in rule.findings} == {""} with input as _in([r])
}
