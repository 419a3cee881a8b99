package nhilint.rules.github.static_credential_test

import data.nhilint.lib.result
import data.nhilint.rules.github.static_credential as rule

# Fake keys, split so that secret scanners reading this file stay quiet.
_aws_id := concat("", ["AKIA", "Q3EGRSZW7MNT4XLP"])

_aws_secret := concat("", ["Zt3qH8vLk2N9pR4s", "W7yB1cE5fG0jM6nQ2uX8aD3o"])

_azure := concat("", ["Abc8Q", "~Xy7zW6vU5tS4rQ3pO2nM1lK0jI9hG8fE7d"])

_ghp := concat("", ["ghp_", "Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb"])

_npm := concat("", ["npm_", "a8Kd93Jf7Hs2Lq5Zx4Cv1Bn6Mm0Pp3Oo9Ii2"])

_slack_hook := concat("", ["https://hooks.slack.com/services/", "T0A1B2C3D/B0E1F2G3H4I/q1W2e3R4t5Y6u7I8o9P0a1S2d"])

_pem := concat("", ["-----BEGIN PRIVATE", " KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\\n-----END PRIVATE", " KEY-----\\n"])

_f := ".github/workflows/release.yml"

_job_id := concat("#", [_f, "jobs.release"])

_step_id := concat("#", [_f, "jobs.release.steps[0]"])

_input(wf, job, step) := {
	"gha_workflows": [object.union(object.union({"id": _f, "kind": "gha.workflow", "file": _f, "name": "Release", "exprs": []}, wf), {
		"jobs": [object.union(
			{"id": _job_id, "kind": "gha.job", "file": _f, "job_id": "release", "exprs": [], "steps": [object.union(
				{"id": _step_id, "kind": "gha.step", "file": _f, "job": _job_id, "index": 0, "name": "Publish", "exprs": []},
				step,
			)]},
			job,
		)],
	})],
	"gha_actions": [], "files": [],
}

test_fail_aws_key_pair_in_step_env if {
	step := {"env": {"AWS_ACCESS_KEY_ID": _aws_id, "AWS_SECRET_ACCESS_KEY": _aws_secret, "AWS_REGION": "us-east-1"}}
	rule.findings == {
		{
			"node": _step_id, "key": "env.AWS_ACCESS_KEY_ID", "secret": _aws_id,
			"msg": `step "Publish" in job "release" has an AWS access key ID written literally in env.AWS_ACCESS_KEY_ID (AKIA…4XLP); revoke it and use OIDC or a secret instead`,
		},
		{
			"node": _step_id, "key": "env.AWS_SECRET_ACCESS_KEY", "secret": _aws_secret,
			"msg": `step "Publish" in job "release" has an AWS secret access key written literally in env.AWS_SECRET_ACCESS_KEY (Zt3q…aD3o); revoke it and use OIDC or a secret instead`,
		},
	} with input as _input({}, {}, step)
}

test_fail_github_token_in_run_script if {
	step := {"run": sprintf("curl -sf -H \"Authorization: token %s\" https://api.github.com/repos/acme/shop/releases\n", [_ghp])}
	rule.findings == {{
		"node": _step_id, "key": "run", "secret": _ghp,
		"msg": sprintf(`step "Publish" in job "release" has a GitHub personal access token written literally in run (%s); revoke it and use OIDC or a secret instead`, [result.mask(_ghp)]),
	}} with input as _input({}, {}, step)
}

test_fail_gcp_service_account_json_in_workflow_env if {
	json := sprintf(`{"type": "service_account", "project_id": "acme-shop", "private_key_id": "3f2a", "private_key": "%s", "client_email": "ci@acme-shop.iam.gserviceaccount.com"}`, [_pem])
	findings := rule.findings with input as _input({"env": {"GOOGLE_CREDENTIALS": json}}, {}, {})
	[[f.node, f.key, f.msg] | some f in findings] == [[_f, "env.GOOGLE_CREDENTIALS", `workflow "Release" has a Google Cloud service-account key written literally in env.GOOGLE_CREDENTIALS (-----BEGIN PRIVATE KEY-----); revoke it and use OIDC or a secret instead`]]
	[f.secret | some f in findings] == [trim_suffix(_pem, "\\n")]
}

test_fail_azure_secret_in_action_input if {
	step := {"with": {"client-id": "9f3c1a52-6b1e-4d0a-a3f7-1c2b3d4e5f60", "client-secret": _azure}}
	rule.findings == {{
		"node": _step_id, "key": "with.client-secret", "secret": _azure,
		"msg": `step "Publish" in job "release" has an Azure client secret written literally in with.client-secret (Abc8…fE7d); revoke it and use OIDC or a secret instead`,
	}} with input as _input({}, {}, step)
}

test_fail_npm_token_passed_to_reusable_workflow if {
	job := {"steps": [], "uses": {"raw": "./.github/workflows/publish.yml", "type": "local"}, "secrets": {"npm-token": _npm}}
	rule.findings == {{
		"node": _job_id, "key": "secrets.npm-token", "secret": _npm,
		"msg": `job "release" has an npm access token written literally in secrets.npm-token (npm_…9Ii2); revoke it and use OIDC or a secret instead`,
	}} with input as _input({}, job, {})
}

test_fail_slack_webhook_as_action_input_default if {
	action := {
		"id": "notify/action.yml", "kind": "gha.action", "file": "notify/action.yml", "name": "Notify", "exprs": [],
		"inputs": {"webhook": {"default": _slack_hook, "required": "false"}, "channel": {"default": "#deploys"}},
	}
	rule.findings == {{
		"node": "notify/action.yml", "key": "inputs.webhook", "secret": _slack_hook,
		"msg": sprintf(`action "Notify" has a Slack webhook URL written literally in inputs.webhook (%s); revoke it and use OIDC or a secret instead`, [result.mask(_slack_hook)]),
	}} with input as {"gha_workflows": [], "gha_actions": [action], "files": []}
}

test_success_secrets_and_expressions if {
	step := {
		"env": {"AWS_ACCESS_KEY_ID": "${{ secrets.AWS_ACCESS_KEY_ID }}", "AWS_SECRET_ACCESS_KEY": "${{ secrets.AWS_SECRET_ACCESS_KEY }}"},
		"with": {"token": "${{ secrets.GITHUB_TOKEN }}"},
		"run": "aws configure set aws_secret_access_key \"$AWS_SECRET_ACCESS_KEY\"\n",
	}
	count(rule.findings) == 0 with input as _input({}, {}, step)
}

test_success_documented_examples_and_placeholders if {
	step := {"env": {
		"AWS_ACCESS_KEY_ID": concat("", ["AKIAIOSFODNN7", "EXAMPLE"]),
		"AWS_SECRET_ACCESS_KEY": concat("", ["wJalrXUtnFEMI/K7MDENG/bPxRfiCY", "EXAMPLEKEY"]),
		"GH_TOKEN": concat("", ["ghp_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]),
	}}
	count(rule.findings) == 0 with input as _input({}, {}, step)
}

test_success_ordinary_values if {
	step := {
		"with": {"ref": "0123456789abcdef0123456789abcdef01234567", "role-to-assume": "arn:aws:iam::123456789012:role/release"},
		"env": {"AZURE_CLIENT_ID": "9f3c1a52-6b1e-4d0a-a3f7-1c2b3d4e5f60"},
		"run": "ssh-keygen -t ed25519 -f key -N '' && cat key.pub\n",
	}
	count(rule.findings) == 0 with input as _input({}, {}, step)
}
