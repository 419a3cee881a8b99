package nhilint.rules.terraform.loose_federation_test

import data.nhilint.rules.terraform.loose_federation as rule

_res(type, name, values) := {
	"id": concat("", ["infra#", type, ".", name]), "kind": "tf.resource", "file": "infra/main.tf",
	"type": type, "name": name, "mode": "managed", "address": concat(".", [type, name]),
	"module": "infra", "values": values, "refs": [], "policies": {},
}

_in(rs) := {"tf_resources": rs, "tf_modules": [], "tf_plans": [], "iam_policies": []}

_provider(values) := _res("google_iam_workload_identity_pool_provider", "github", object.union({"oidc": [{"issuer_uri": "https://token.actions.githubusercontent.com"}]}, values))

test_fail_gcp_without_condition if {
	p := _provider({})
	rule.findings == {{
		"node": p.id, "key": "oidc[0].issuer_uri",
		"msg": "google_iam_workload_identity_pool_provider.github trusts GitHub Actions tokens with no attribute_condition: any repository on that service can impersonate the identities of the pool; set attribute_condition to pin the repository, e.g. assertion.repository == 'OWNER/REPO'",
	}} with input as _in([p])
}

test_fail_gcp_condition_without_repository if {
	p := _provider({"attribute_condition": "assertion.ref == 'refs/heads/main'"})
	{f.key | some f in rule.findings} == {"attribute_condition"} with input as _in([p])
}

test_fail_gitlab_without_condition if {
	p := _res("google_iam_workload_identity_pool_provider", "gl", {"oidc": [{"issuer_uri": "https://gitlab.com"}]})
	some f in rule.findings with input as _in([p])
	contains(f.msg, "trusts GitLab tokens")
}

test_success_gcp_pinned_unknown_or_other_issuer if {
	count(rule.findings) == 0 with input as _in([
		_provider({"attribute_condition": "assertion.repository_owner == 'acme'"}),
		_provider({"attribute_condition": {"unknown": true, "expr": "var.condition"}}),
		_res("google_iam_workload_identity_pool_provider", "x", {"oidc": [{"issuer_uri": "https://sts.example.com"}]}),
		_res("google_iam_workload_identity_pool_provider", "y", {"oidc": [{"issuer_uri": {"unknown": true, "expr": "var.issuer"}}]}),
		_res("google_iam_workload_identity_pool_provider", "aws", {"aws": [{"account_id": "123"}]}),
	])
}

test_fail_flexible_wildcard_repository if {
	c := _res("azuread_application_flexible_federated_identity_credential", "ci", {"claims_matching_expression": "claims['sub'] matches 'repo:contoso/*'"})
	rule.findings == {{
		"node": c.id, "key": "claims_matching_expression",
		"msg": `azuread_application_flexible_federated_identity_credential.ci matches the subject pattern "repo:contoso/*", whose wildcard covers the repository, project or workspace: every one it matches can log in as the application; use one credential per repository without a wildcard there`,
	}} with input as _in([c])
}

test_success_flexible_wildcard_branch_only if {
	count(rule.findings) == 0 with input as _in([
		_res("azuread_application_flexible_federated_identity_credential", "ci", {"claims_matching_expression": "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'"}),
		_res("azuread_application_flexible_federated_identity_credential", "tfc", {"claims_matching_expression": "claims['sub'] matches 'organization:acme:project:p:workspace:w:run_phase:*'"}),
	])
}

test_fail_pull_request_subject if {
	c := _res("azurerm_federated_identity_credential", "pr", {"subject": "repo:acme/shop:pull_request", "issuer": "https://token.actions.githubusercontent.com"})
	{f.key | some f in rule.findings} == {"subject"} with input as _in([c])
}

test_success_environment_subject if {
	count(rule.findings) == 0 with input as _in([
		_res("azuread_application_federated_identity_credential", "env", {"subject": "repo:acme/shop:environment:prod"}),
		_res("azuread_application_federated_identity_credential", "unk", {"subject": {"unknown": true, "expr": "var.subject"}}),
	])
}
