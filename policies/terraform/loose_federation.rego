# METADATA
# title: Workload identity federation trusts more than one repository
# description: |
#   A federation that lets CI/CD jobs log in with their OIDC token does not pin the
#   repository: a Google Cloud workload identity pool provider for GitHub Actions or GitLab
#   with no attribute_condition, or one that reads no repository, owner or project claim
#   (assertion.repository, repository_owner, repository_id, sub, project_path,
#   namespace_path, ...), lets every repository on github.com or gitlab.com that targets
#   the pool impersonate the identity; a flexible federated identity credential
#   (azuread_application_flexible_federated_identity_credential) whose claims matching
#   expression has a wildcard in the repository, project or workspace part of the subject
#   trusts every repository matching it; an Azure federated identity credential
#   (azuread_application_federated_identity_credential, azurerm_federated_identity_credential)
#   with the subject repo:OWNER/REPO:pull_request lets the workflow of any pull request log in,
#   before review. Not reported: conditions, issuers or subjects the configuration does not
#   decide, other issuers.
# related_resources:
#   - https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/iam_workload_identity_pool_provider
#   - https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
# custom:
#   id: tf-loose-federation
#   category: missing-oidc
#   severity: high
#   remediation: |
#     Pin the repository: on Google Cloud set attribute_condition to
#     assertion.repository == 'OWNER/REPO' (or assertion.repository_id for rename safety),
#     adding the branch or environment where it matters; on Azure use one credential per
#     repository and environment (repo:OWNER/REPO:environment:prod) and no wildcard in the
#     repository part of a claims matching expression.
#   examples:
#     file: main.tf
#     bad: |
#       resource "google_iam_workload_identity_pool_provider" "github" {
#         workload_identity_pool_id          = "ci"
#         workload_identity_pool_provider_id = "github"
#         attribute_mapping = {
#           "google.subject" = "assertion.sub"
#         }
#         oidc {
#           issuer_uri = "https://token.actions.githubusercontent.com"
#         }
#       }
#     good: |
#       resource "google_iam_workload_identity_pool_provider" "github" {
#         workload_identity_pool_id          = "ci"
#         workload_identity_pool_provider_id = "github"
#         attribute_mapping = {
#           "google.subject" = "assertion.sub"
#         }
#         attribute_condition = "assertion.repository == 'acme/shop'"
#         oidc {
#           issuer_uri = "https://token.actions.githubusercontent.com"
#         }
#       }
package nhilint.rules.terraform.loose_federation

import data.nhilint.lib.result
import data.nhilint.lib.terraform

_ci_issuer(uri) := "GitHub Actions" if {
	is_string(uri)
	startswith(uri, "https://token.actions.githubusercontent.com")
}

_ci_issuer(uri) := "GitLab" if {
	is_string(uri)
	regex.match(`^https://gitlab\.com/?$`, uri)
}

_scoping_claim := `\b(assertion|attribute)\.(repository|repository_owner|repository_id|repository_owner_id|job_workflow_ref|sub|project_path|namespace_path|project_id|namespace_id)\b`

findings contains result.at(p, "oidc[0].issuer_uri", msg) if {
	some p in terraform.resources({"google_iam_workload_identity_pool_provider"})
	ci := _ci_issuer(terraform.block(p, "oidc").issuer_uri)
	not p.values.attribute_condition
	msg := sprintf("%s trusts %s tokens with no attribute_condition: any repository on that service can impersonate the identities of the pool; set attribute_condition to pin the repository, e.g. assertion.repository == 'OWNER/REPO'", [
		terraform.describe(p), ci,
	])
}

findings contains result.at(p, "attribute_condition", msg) if {
	some p in terraform.resources({"google_iam_workload_identity_pool_provider"})
	ci := _ci_issuer(terraform.block(p, "oidc").issuer_uri)
	cond := terraform.str(p, "attribute_condition")
	not regex.match(_scoping_claim, cond)
	msg := sprintf("%s trusts %s tokens with an attribute_condition that reads no repository, owner or project claim (%q): any repository on that service can impersonate the identities of the pool; pin the repository, e.g. assertion.repository == 'OWNER/REPO'", [
		terraform.describe(p), ci, cond,
	])
}

findings contains result.at(c, "claims_matching_expression", msg) if {
	some c in terraform.resources({"azuread_application_flexible_federated_identity_credential"})
	expr := terraform.str(c, "claims_matching_expression")
	some pattern in _loose_patterns(expr)
	msg := sprintf("%s matches the subject pattern %q, whose wildcard covers the repository, project or workspace: every one it matches can log in as the application; use one credential per repository without a wildcard there", [
		terraform.describe(c), pattern,
	])
}

# Subject patterns with a wildcard before the part naming a branch, environment or run phase.
_loose_patterns(expr) := {p |
	some m in regex.find_all_string_submatch_n(`claims\['sub'\]\s+matches\s+'([^']*)'`, expr, -1)
	p := m[1]
	_wild_scope(p)
}

_wild_scope(p) if regex.match(`^repo:[^:]*\*`, p)

_wild_scope(p) if regex.match(`^project_path:[^:]*\*`, p)

_wild_scope(p) if regex.match(`^organization:[^:]*:project:[^:]*:workspace:[^:]*\*`, p)

_wild_scope(p) if regex.match(`^organization:[^:]*\*`, p)

_wild_scope(p) if startswith(p, "*")

findings contains result.at(c, "subject", msg) if {
	some c in terraform.resources({"azuread_application_federated_identity_credential", "azurerm_federated_identity_credential"})
	subject := terraform.str(c, "subject")
	regex.match(`^repo:[^:]+:pull_request$`, subject)
	msg := sprintf("%s trusts the subject %q: the workflow of any pull request, before review, can log in as the identity; trust an environment (repo:OWNER/REPO:environment:NAME) or a protected branch instead", [
		terraform.describe(c), subject,
	])
}
