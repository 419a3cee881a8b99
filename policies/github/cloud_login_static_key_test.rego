package nhilint.rules.github.cloud_login_static_key_test

import data.nhilint.rules.github.cloud_login_static_key as rule

_file := ".github/workflows/deploy.yml"

_input(steps) := {
	"gha_workflows": [{
		"id": _file, "kind": "gha.workflow", "file": _file, "name": "Deploy",
		"triggers": {"push": {"branches": ["main"]}}, "permissions": {"declared": false}, "exprs": [],
		"jobs": [{
			"id": concat("#", [_file, "jobs.deploy"]), "kind": "gha.job", "file": _file, "workflow": _file,
			"job_id": "deploy", "exprs": [], "steps": steps,
		}],
	}],
	"gha_actions": [], "files": [],
}

_step(i, uses, inputs) := {
	"id": sprintf("%s#jobs.deploy.steps[%d]", [_file, i]), "kind": "gha.step", "file": _file,
	"job": concat("#", [_file, "jobs.deploy"]), "index": i, "name": "Log in",
	"uses": _uses(uses), "with": inputs,
	"exprs": [_expr(concat(".", ["with", k]), v) | some k, v in inputs; startswith(v, "${{")],
}

_uses(raw) := {"raw": raw, "type": "action", "owner": parts[0], "repo": parts[1], "path": "", "ref": ref, "pinned": false} if {
	[name, ref] := split(raw, "@")
	parts := split(name, "/")
}

# An expression whose value is "${{ secrets.X }}", "${{ steps.s.outputs.o }}", "${{ inputs.i }}".
_expr(field, value) := {"key": concat("@", [field, "0"]), "field": field, "raw": raw, "paths": [lower(raw)], "untrusted": [], "secrets": _secret(raw)} if {
	raw := trim_space(trim_suffix(trim_prefix(value, "${{"), "}}"))
}

_secret(raw) := [trim_prefix(raw, "secrets.")] if startswith(raw, "secrets.")

_secret(raw) := [] if not startswith(raw, "secrets.")

_id(i) := sprintf("%s#jobs.deploy.steps[%d]", [_file, i])

test_fail_aws_access_keys if {
	steps := [_step(0, "aws-actions/configure-aws-credentials@v4", {
		"aws-access-key-id": "${{ secrets.AWS_ACCESS_KEY_ID }}",
		"aws-secret-access-key": "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
		"aws-region": "us-east-1",
	})]
	rule.findings == {{
		"node": _id(0), "key": "with.aws-secret-access-key",
		"msg": `step "Log in" in job "deploy" logs in to AWS with a long-lived key (with.aws-secret-access-key from secrets.AWS_SECRET_ACCESS_KEY); use OIDC instead: aws-actions/configure-aws-credentials with role-to-assume and permissions: id-token: write`,
	}} with input as _input(steps)
}

test_fail_aws_keys_chained_to_a_role if {
	steps := [_step(0, "aws-actions/configure-aws-credentials@v4", {
		"aws-access-key-id": "${{ secrets.CI_KEY_ID }}",
		"aws-secret-access-key": "${{ secrets.CI_SECRET }}",
		"role-to-assume": "arn:aws:iam::123456789012:role/deploy",
	})]
	{f.key | some f in rule.findings} == {"with.aws-secret-access-key"} with input as _input(steps)
}

test_fail_gcp_credentials_json if {
	steps := [_step(1, "google-github-actions/auth@v2", {"credentials_json": "${{ secrets.GCP_SA_KEY }}"})]
	rule.findings == {{
		"node": _id(1), "key": "with.credentials_json",
		"msg": `step "Log in" in job "deploy" logs in to Google Cloud with a long-lived key (with.credentials_json from secrets.GCP_SA_KEY); use OIDC instead: google-github-actions/auth with workload_identity_provider and service_account, and permissions: id-token: write`,
	}} with input as _input(steps)
}

test_fail_azure_creds if {
	steps := [_step(0, "Azure/login@v2", {"creds": "${{ secrets.AZURE_CREDENTIALS }}"})]
	rule.findings == {{
		"node": _id(0), "key": "with.creds",
		"msg": `step "Log in" in job "deploy" logs in to Azure with a long-lived key (with.creds from secrets.AZURE_CREDENTIALS); use OIDC instead: a federated credential: azure/login with client-id, tenant-id and subscription-id and no secret (ARM_USE_OIDC=true for Terraform), and permissions: id-token: write`,
	}} with input as _input(steps)
}

test_fail_azure_publish_profile_literal if {
	steps := [_step(2, "azure/webapps-deploy@v3", {"app-name": "shop", "publish-profile": "<publishData>…</publishData>"})]
	[f.msg | some f in rule.findings] == [`step "Log in" in job "deploy" logs in to Azure with a long-lived key (with.publish-profile from a literal value); use OIDC instead: a federated credential: azure/login with client-id, tenant-id and subscription-id and no secret (ARM_USE_OIDC=true for Terraform), and permissions: id-token: write`] with input as _input(steps)
}

test_fail_composite_action_takes_keys if {
	step := object.union(_step(0, "aws-actions/configure-aws-credentials@v4", {"aws-access-key-id": "${{ inputs.key-id }}"}), {
		"id": "deploy/action.yml#runs.steps[0]", "file": "deploy/action.yml", "job": "deploy/action.yml",
	})
	action := {"id": "deploy/action.yml", "kind": "gha.action", "file": "deploy/action.yml", "steps": [step], "exprs": []}
	rule.findings == {{
		"node": "deploy/action.yml#runs.steps[0]", "key": "with.aws-access-key-id",
		"msg": `step "Log in" of action "deploy/action.yml" logs in to AWS with a long-lived key (with.aws-access-key-id from an expression); use OIDC instead: aws-actions/configure-aws-credentials with role-to-assume and permissions: id-token: write`,
	}} with input as {"gha_workflows": [], "gha_actions": [action], "files": []}
}

test_success_aws_oidc if {
	steps := [_step(0, "aws-actions/configure-aws-credentials@v4", {"role-to-assume": "arn:aws:iam::123456789012:role/deploy", "aws-region": "eu-west-1"})]
	count(rule.findings) == 0 with input as _input(steps)
}

test_success_gcp_workload_identity if {
	steps := [_step(0, "google-github-actions/auth@v2", {
		"workload_identity_provider": "projects/123/locations/global/workloadIdentityPools/github/providers/repo",
		"service_account": "deployer@shop.iam.gserviceaccount.com",
	})]
	count(rule.findings) == 0 with input as _input(steps)
}

test_success_azure_federated if {
	steps := [_step(0, "azure/login@v2", {
		"client-id": "${{ vars.AZURE_CLIENT_ID }}", "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
		"subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
	})]
	count(rule.findings) == 0 with input as _input(steps)
}

test_success_keys_minted_by_an_earlier_step if {
	steps := [_step(1, "aws-actions/configure-aws-credentials@v4", {
		"aws-access-key-id": "${{ steps.vault.outputs.aws_access_key }}",
		"aws-secret-access-key": "${{ steps.vault.outputs.aws_secret_key }}",
	})]
	count(rule.findings) == 0 with input as _input(steps)
}

test_success_unknown_action_not_judged if {
	steps := [_step(0, "someone/s3-sync@v1", {"aws-secret-access-key": "${{ secrets.AWS_SECRET_ACCESS_KEY }}"})]
	count(rule.findings) == 0 with input as _input(steps)
}
