package nhilint.rules.github.cloud_key_env_test

import data.nhilint.rules.github.cloud_key_env as rule

_f := ".github/workflows/infra.yml"

_job_id := concat("#", [_f, "jobs.apply"])

_step_id := concat("#", [_f, "jobs.apply.steps[1]"])

# A workflow with env maps at each level: {"workflow": {...}, "job": {...}, "step": {...}}.
# A value "${{ secrets.X }}" gets the expression the parser would list for it.
_input(envs) := {
	"gha_workflows": [object.union(_node(_f, "gha.workflow", object.get(envs, "workflow", {})), {
		"name": "Infra", "triggers": {"push": {}},
		"jobs": [object.union(_node(_job_id, "gha.job", object.get(envs, "job", {})), {
			"job_id": "apply", "workflow": _f,
			"steps": [object.union(_node(_step_id, "gha.step", object.get(envs, "step", {})), {
				"job": _job_id, "index": 1, "name": "Terraform apply", "run": "terraform apply -auto-approve",
			})],
		})],
	})],
	"gha_actions": [], "files": [],
}

_node(id, kind, env) := {"id": id, "kind": kind, "file": _f, "env": env, "exprs": [_expr(k, v) | some k, v in env; contains(v, "${{")]}

_expr(name, value) := {
	"key": sprintf("env.%s@0", [name]), "field": sprintf("env.%s", [name]), "raw": raw,
	"paths": [lower(raw)], "untrusted": [], "secrets": [trim_prefix(raw, "secrets.") | startswith(raw, "secrets.")],
} if {
	raw := trim_space(trim_suffix(trim_prefix(value, "${{"), "}}"))
}

_aws_oidc := "aws-actions/configure-aws-credentials with role-to-assume and permissions: id-token: write"

_azure_oidc := "a federated credential: azure/login with client-id, tenant-id and subscription-id and no secret (ARM_USE_OIDC=true for Terraform), and permissions: id-token: write"

_gcp_oidc := "google-github-actions/auth with workload_identity_provider and service_account, and permissions: id-token: write"

test_fail_workflow_env_aws_keys if {
	envs := {"workflow": {
		"AWS_ACCESS_KEY_ID": "${{ secrets.AWS_ACCESS_KEY_ID }}",
		"AWS_SECRET_ACCESS_KEY": "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
		"AWS_REGION": "eu-west-1",
	}}
	rule.findings == {{
		"node": _f, "key": "env.AWS_SECRET_ACCESS_KEY",
		"msg": sprintf(`workflow "Infra" sets AWS_SECRET_ACCESS_KEY from secrets.AWS_SECRET_ACCESS_KEY, a long-lived AWS key, for every job; use OIDC instead: %s`, [_aws_oidc]),
	}} with input as _input(envs)
}

test_fail_job_env_terraform_azure if {
	envs := {"job": {
		"ARM_CLIENT_ID": "${{ vars.ARM_CLIENT_ID }}",
		"ARM_CLIENT_SECRET": "${{ secrets.ARM_CLIENT_SECRET }}",
		"ARM_TENANT_ID": "${{ vars.ARM_TENANT_ID }}",
	}}
	rule.findings == {{
		"node": _job_id, "key": "env.ARM_CLIENT_SECRET",
		"msg": sprintf(`job "apply" sets ARM_CLIENT_SECRET from secrets.ARM_CLIENT_SECRET, a long-lived Azure key, for every step; use OIDC instead: %s`, [_azure_oidc]),
	}} with input as _input(envs)
}

test_fail_step_env_gcp_key if {
	envs := {"step": {"GOOGLE_CREDENTIALS": "${{ secrets.GCP_SA_KEY }}"}}
	rule.findings == {{
		"node": _step_id, "key": "env.GOOGLE_CREDENTIALS",
		"msg": sprintf(`step "Terraform apply" in job "apply" sets GOOGLE_CREDENTIALS from secrets.GCP_SA_KEY, a long-lived Google Cloud key, for its commands; use OIDC instead: %s`, [_gcp_oidc]),
	}} with input as _input(envs)
}

test_fail_each_scope_reported_once if {
	envs := {
		"job": {"AZURE_CLIENT_SECRET": "${{ secrets.AZURE_CLIENT_SECRET }}"},
		"step": {"GCP_SA_KEY": "${{ secrets.GCP_SA_KEY }}"},
	}
	{[f.node, f.key] | some f in rule.findings} == {
		[_job_id, "env.AZURE_CLIENT_SECRET"],
		[_step_id, "env.GCP_SA_KEY"],
	} with input as _input(envs)
}

test_success_key_id_and_region_only if {
	envs := {"job": {"AWS_ACCESS_KEY_ID": "${{ secrets.AWS_ACCESS_KEY_ID }}", "AWS_REGION": "us-east-1"}}
	count(rule.findings) == 0 with input as _input(envs)
}

test_success_credentials_from_an_oidc_login_step if {
	envs := {"step": {"AWS_SECRET_ACCESS_KEY": "${{ steps.creds.outputs.aws-secret-access-key }}"}}
	count(rule.findings) == 0 with input as _input(envs)
}

test_success_azure_terraform_oidc if {
	envs := {"job": {
		"ARM_USE_OIDC": "true", "ARM_CLIENT_ID": "${{ vars.ARM_CLIENT_ID }}",
		"ARM_TENANT_ID": "${{ vars.ARM_TENANT_ID }}", "ARM_SUBSCRIPTION_ID": "${{ vars.ARM_SUBSCRIPTION_ID }}",
	}}
	count(rule.findings) == 0 with input as _input(envs)
}

test_success_s3_compatible_storage if {
	envs := {"step": {
		"AWS_ENDPOINT_URL_S3": "https://0123456789abcdef.r2.cloudflarestorage.com",
		"AWS_SECRET_ACCESS_KEY": "${{ secrets.R2_SECRET_ACCESS_KEY }}",
	}}
	count(rule.findings) == 0 with input as _input(envs)
}
