package nhilint.lib.terraform_test

import data.nhilint.lib.terraform

_r := {"id": "m#aws_iam_user.ci", "type": "aws_iam_user", "mode": "managed", "address": "aws_iam_user.ci", "values": {
	"name": "ci",
	"path": {"unknown": true, "expr": "var.path"},
	"login_profile": [{"password_length": 20}],
}}

test_str_reads_known_strings_only if {
	terraform.str(_r, "name") == "ci"
	not terraform.str(_r, "path")
	not terraform.str(_r, "absent")
}

test_unknown if {
	terraform.is_unknown(_r.values.path)
	terraform.expr(_r.values.path) == "var.path"
	not terraform.is_unknown(_r.values.name)
}

test_resources_by_type if {
	terraform.resources({"aws_iam_user"}) == {_r} with input as {"tf_resources": [_r, object.union(_r, {"mode": "data"})]}
	count(terraform.data_sources({"aws_iam_user"})) == 1 with input as {"tf_resources": [_r, object.union(_r, {"mode": "data"})]}
}

test_describe_and_block if {
	terraform.describe(_r) == "aws_iam_user.ci"
	terraform.describe({"id": "env#module.a.aws_iam_user.ci", "address": "module.a.aws_iam_user.ci", "module": "env#module.a"}) == "module.a.aws_iam_user.ci (called from env)"
	terraform.describe({"id": "p.json#module.a.aws_iam_user.ci", "address": "module.a.aws_iam_user.ci", "module": "p.json"}) == "module.a.aws_iam_user.ci"
	terraform.describe_module({"id": "env", "dir": "env", "address": ""}) == "env"
	terraform.describe_module({"id": "env#module.a", "dir": "mod", "address": "module.a"}) == "module.a (called from env)"
	terraform.block(_r, "login_profile").password_length == 20
	not terraform.block(_r, "absent")
}
