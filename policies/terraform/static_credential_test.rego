package nhilint.rules.terraform.static_credential_test

import data.nhilint.rules.terraform.static_credential as rule

_res(type, name, values, refs) := {
	"id": concat("", ["infra#", type, ".", name]), "kind": "tf.resource", "file": "infra/main.tf",
	"type": type, "name": name, "mode": "managed", "address": concat(".", [type, name]),
	"module": "infra", "values": values, "refs": refs, "policies": {},
}

_mod(outputs, providers) := {
	"id": "infra", "kind": "tf.module", "file": "infra/main.tf", "dir": "infra", "address": "", "root": true,
	"variables": {}, "outputs": outputs, "providers": providers, "module_calls": [],
}

_in(rs, mods) := {"tf_resources": rs, "tf_modules": mods, "tf_plans": [], "iam_policies": []}

_unknown(expr) := {"unknown": true, "expr": expr}

# Fake keys, split so that secret scanners reading this file stay quiet.
_aws_id := concat("", ["AKIA", "Q3EGRSZW7MNT4XLP"])

_aws_secret := concat("", ["Zt3qH8vLk2N9pR4s", "W7yB1cE5fG0jM6nQ2uX8aD3o"])

test_fail_access_key if {
	k := _res("aws_iam_access_key", "ci", {"user": _unknown("aws_iam_user.ci.name")}, ["aws_iam_user.ci"])
	u := _res("aws_iam_user", "ci", {"name": "github-ci"}, [])
	rule.findings == {{
		"node": k.id, "key": "",
		"msg": "aws_iam_access_key.ci creates a long-lived access key for IAM user aws_iam_user.ci.name: the secret is stored in the Terraform state, never expires and works from anywhere; let the workload assume an IAM role (OIDC federation or an instance/task role) instead",
	}} with input as _in([k, u], [])
}

test_fail_gcp_key_and_azure_password_without_end_date if {
	g := _res("google_service_account_key", "k", {"service_account_id": "projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com"}, [])
	a := _res("azuread_application_password", "p", {"application_id": _unknown("azuread_application.ci.id")}, [])
	b := _res("azuread_service_principal_password", "q", {"end_date": "2030-01-01T00:00:00Z"}, [])
	msgs := {f.msg | some f in rule.findings} with input as _in([g, a, b], [])
	count(msgs) == 3
	some m in msgs
	contains(m, "azuread_application_password.p creates a client secret with no end date")
	some n in msgs
	startswith(n, "azuread_service_principal_password.q creates a client secret: ")
}

test_fail_bot_user_without_key if {
	u := _res("aws_iam_user", "deployer", {"name": "deploy-bot"}, [])
	rule.findings == {{
		"node": u.id, "key": "name",
		"msg": `aws_iam_user.deployer creates the IAM user "deploy-bot" for automation: a machine user authenticates with a long-lived access key; give the workload an IAM role it assumes with OIDC federation or an instance/task role instead`,
	}} with input as _in([u], [])
}

test_success_human_or_unknown_user if {
	count(rule.findings) == 0 with input as _in(
		[
			_res("aws_iam_user", "alice", {"name": "alice"}, []),
			_res("aws_iam_user", "x", {"name": "cinderella"}, []),
			_res("aws_iam_user", "y", {"name": _unknown("var.user")}, []),
		],
		[],
	)
}

test_fail_secret_flows_to_github_secret_and_output if {
	s := _res("github_actions_secret", "key", {"secret_name": "AWS_SECRET_ACCESS_KEY", "plaintext_value": _unknown("aws_iam_access_key.ci.secret")}, ["aws_iam_access_key.ci"])
	m := _mod({"secret": _unknown("aws_iam_access_key.ci[0].secret")}, [])
	k := _res("aws_iam_access_key", "ci", {"user": "ci"}, [])
	{[f.node, f.key] | some f in rule.findings; f.node != k.id} == {
		[s.id, "plaintext_value"],
		["infra", "outputs.secret"],
	} with input as _in([s, k], [m])
}

test_success_secret_of_a_key_with_no_instance if {
	# count = 0: the key resource has no instance, the output copies nothing.
	m := _mod({"secret": _unknown(`try(aws_iam_access_key.this[0].secret, "")`)}, [])
	count(rule.findings) == 0 with input as _in([], [m])
}

test_fail_secret_flows_to_lambda_env if {
	l := _res("aws_lambda_function", "f", {"environment": [{"variables": {"KEY": _unknown("google_service_account_key.k.private_key"), "MODE": "prod"}}]}, [])
	k := _res("google_service_account_key", "k", {"service_account_id": "ci"}, [])
	some f in rule.findings with input as _in([l, k], [])
	f.key == "environment[0].variables.KEY"
	contains(f.msg, "the environment variable KEY of aws_lambda_function.f receives google_service_account_key.k.private_key")
}

test_fail_literal_key_in_lambda_env if {
	l := _res("aws_lambda_function", "f", {"environment": [{"variables": {"AWS_ACCESS_KEY_ID": _aws_id}}]}, [])
	some f in rule.findings with input as _in([l], [])
	f.key == "environment[0].variables.AWS_ACCESS_KEY_ID"
	f.secret == _aws_id
}

test_success_other_values_in_sinks if {
	count(rule.findings) == 0 with input as _in(
		[
			_res("github_actions_secret", "s", {"plaintext_value": _unknown("aws_iam_access_key.ci.id")}, []),
			_res("gitlab_project_variable", "v", {"value": "not-a-secret"}, []),
			_res("aws_lambda_function", "f", {"environment": [{"variables": {"ROLE": _unknown("aws_iam_role.r.arn")}}]}, []),
		],
		[_mod({"role": _unknown("aws_iam_role.r.arn")}, [])],
	)
}

test_fail_provider_literal_keys if {
	m := _mod({}, [{"name": "aws", "values": {"region": "us-east-1", "access_key": _aws_id, "secret_key": _aws_secret}}])
	{[f.key, f.secret] | some f in rule.findings} == {
		["providers[0].values.access_key", _aws_id],
		["providers[0].values.secret_key", _aws_secret],
	} with input as _in([], [m])
}

test_success_provider_placeholders_and_variables if {
	m := _mod({}, [
		{"name": "aws", "values": {"access_key": "mock_access_key", "secret_key": "test", "token": _unknown("var.token")}},
		{"name": "aws", "values": {"access_key": "AKIAIOSFODNN7EXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}},
		{"name": "azurerm", "values": {"client_secret": _unknown("var.client_secret")}},
		{"name": "google", "values": {"credentials": _unknown("file(var.key)")}},
	])
	count(rule.findings) == 0 with input as _in([], [m])
}

test_fail_azure_client_secret_literal if {
	m := _mod({}, [{"name": "azurerm", "values": {"client_secret": "s3cr3t-Value-123456"}}])
	some f in rule.findings with input as _in([], [m])
	f.key == "providers[0].values.client_secret"
	contains(f.msg, `provider "azurerm" in infra has client_secret written in the configuration (s3cr…3456)`)
}
