# METADATA
# title: Terraform mints or writes a long-lived credential
# description: |
#   Terraform creates a long-lived key, hands one to another system, or holds one in its
#   configuration:
#   - key resources: aws_iam_access_key, google_service_account_key,
#     azuread_application_password and azuread_service_principal_password (worse without an
#     end date). The secret is stored in the Terraform state, never expires by itself and
#     works from anywhere.
#   - IAM users named for automation (ci, cd, bot, deploy, pipeline, github, gitlab,
#     jenkins, terraform, automation, svc as a word of the name) with no access key in the
#     configuration: an IAM user for a machine only makes sense with a long-lived key.
#   - a key resource's secret (aws_iam_access_key.*.secret, .ses_smtp_password_v4,
#     google_service_account_key.*.private_key, azuread_*_password.*.value) flowing into a
#     module output, a CI variable (github_actions_secret and friends,
#     gitlab_project_variable, gitlab_group_variable) or a Lambda environment variable or
#     ECS container definition, or a literal key in one of them.
#   - hard-coded provider credentials: provider "aws" access_key/secret_key in AWS key
#     format, provider "google" credentials, provider "azurerm"/"azuread" client_secret.
#   Not reported: values the configuration does not decide (variables without a value,
#   data sources), placeholders, AWS example keys.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
#   - https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys
#   - https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration
# custom:
#   id: tf-static-credential
#   category: static-credential
#   severity: high
#   remediation: |
#     Let the workload federate instead of holding a key: an IAM role assumed with OIDC or an
#     instance/task role (AWS), workload identity federation (Google Cloud), a federated
#     identity credential or managed identity (Azure). Remove hard-coded provider
#     credentials and let the provider read them from the environment; rotate any key that
#     was committed.
#   examples:
#     file: main.tf
#     bad: |
#       resource "aws_iam_user" "ci" {
#         name = "github-ci"
#       }
#       resource "aws_iam_access_key" "ci" {
#         user = aws_iam_user.ci.name
#       }
#     good: |
#       resource "aws_iam_role" "ci" {
#         name               = "github-ci"
#         assume_role_policy = "{}"
#       }
package nhilint.rules.terraform.static_credential

import data.nhilint.lib.cloud
import data.nhilint.lib.result
import data.nhilint.lib.terraform

# Key-minting resources.

findings contains result.at(r, "", msg) if {
	some r in terraform.resources({"aws_iam_access_key"})
	msg := sprintf("%s creates a long-lived access key for IAM user %s: the secret is stored in the Terraform state, never expires and works from anywhere; let the workload assume an IAM role (OIDC federation or an instance/task role) instead", [
		terraform.describe(r), _shown(object.get(r.values, "user", "(unset)")),
	])
}

findings contains result.at(r, "", msg) if {
	some r in terraform.resources({"google_service_account_key"})
	msg := sprintf("%s creates a service account key for %s: the private key is stored in the Terraform state, is valid until deleted and works from anywhere; use workload identity federation or an attached service account instead", [
		terraform.describe(r), _shown(object.get(r.values, "service_account_id", "(unset)")),
	])
}

findings contains result.at(r, "", msg) if {
	some r in terraform.resources({"azuread_application_password", "azuread_service_principal_password"})
	msg := sprintf("%s creates a client secret%s: it is stored in the Terraform state and works from anywhere until it expires; use a federated identity credential or a managed identity instead", [
		terraform.describe(r), _end_date(r),
	])
}

_end_date(r) := " with no end date" if {
	not r.values.end_date
	not r.values.end_date_relative
}

_end_date(r) := "" if r.values.end_date

_end_date(r) := "" if {
	not r.values.end_date
	r.values.end_date_relative
}

# IAM users for automation without a key in the configuration.

findings contains result.at(u, "name", msg) if {
	some u in terraform.resources({"aws_iam_user"})
	name := terraform.str(u, "name")
	regex.match(`(?i)(^|[-_.@ ])(ci|cd|cicd|bot|deploy|deployer|deployment|pipeline|github|gitlab|jenkins|terraform|automation|svc)([-_.@ 0-9]|$)`, name)
	not _has_key(u)
	msg := sprintf("%s creates the IAM user %q for automation: a machine user authenticates with a long-lived access key; give the workload an IAM role it assumes with OIDC federation or an instance/task role instead", [
		terraform.describe(u), name,
	])
}

_has_key(u) if {
	some k in terraform.resources({"aws_iam_access_key"})
	k.module == u.module
	sprintf("aws_iam_user.%s", [u.name]) in k.refs
}

_has_key(u) if {
	some k in terraform.resources({"aws_iam_access_key"})
	k.module == u.module
	k.values.user == u.values.name
}

# A key's secret flowing into a place that hands it on.

_secret_ref := `(aws_iam_access_key\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.(secret|ses_smtp_password_v4|encrypted_secret)|google_service_account_key\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.private_key|azuread_(application|service_principal)_password\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.value)\b`

# [node, key, value, what] for every sink value, where _where(node, what) names the sink
# for messages (only for the few that have a finding). A complete array, not a partial
# set, whose every new entry (holding a whole module) would be compared with the others.
_sinks := array.concat(array.concat(_ci_sinks, _lambda_sinks), array.concat(_ecs_sinks, _output_sinks))

_ci_sinks := [[r, field, r.values[field], ["ci"]] |
	some [types, field] in [
		[{"github_actions_secret", "github_actions_environment_secret", "github_actions_organization_secret", "github_dependabot_secret", "github_codespaces_secret"}, "plaintext_value"],
		[{"gitlab_project_variable", "gitlab_group_variable", "gitlab_instance_variable"}, "value"],
	]
	some r in terraform.resources(types)
]

_lambda_sinks := [[r, sprintf("environment[0].variables.%s", [name]), value, ["env", name]] |
	some r in terraform.resources({"aws_lambda_function"})
	env := terraform.block(r, "environment")
	some name, value in object.get(env, "variables", {})
]

_ecs_sinks := [[r, "container_definitions", r.values.container_definitions, ["ecs"]] |
	some r in terraform.resources({"aws_ecs_task_definition"})
]

_output_sinks := [[m, concat(".", ["outputs", name]), value, ["output", name]] |
	some m in input.tf_modules
	some name, value in m.outputs
]

_where(r, ["ci"]) := sprintf("the CI secret %s", [terraform.describe(r)])

_where(r, ["env", name]) := sprintf("the environment variable %s of %s", [name, terraform.describe(r)])

_where(r, ["ecs"]) := sprintf("the container definitions of %s", [terraform.describe(r)])

_where(m, ["output", name]) := sprintf("the output %q of %s", [name, _module_label(m)])

findings contains result.at(node, key, msg) if {
	some [node, key, value, what] in _sinks
	ref := regex.find_n(_secret_ref, terraform.expr(value), 1)[0]
	_key_exists(node, ref)
	where := _where(node, what)
	msg := sprintf("%s receives %s: the long-lived key is copied where more people and systems can read it, and outlives any rotation of the original; federate the consumer (OIDC) instead of handing it a key", [
		where, ref,
	])
}

_module_label(m) := sprintf("module %s", [m.dir]) if m.address == ""

_module_label(m) := terraform.describe_module(m) if m.address != ""

# The key resource a reference names has an instance in the sink's module: an output of
# try(aws_iam_access_key.this[0].secret, "") copies nothing when count is 0.
_key_exists(sink, ref) if {
	[type, name] := array.slice(regex.find_all_string_submatch_n(`^([a-z_]+)\.([A-Za-z0-9_-]+)`, ref, 1)[0], 1, 3)
	some k in terraform.resources({type})
	k.name == name
	k.module == _module_of(sink)
}

_module_of(sink) := sink.module if sink.kind == "tf.resource"

_module_of(sink) := sink.id if sink.kind == "tf.module"

findings contains result.secret_at(node, key, msg, c.secret) if {
	some [node, key, value, what] in _sinks
	is_string(value)
	some c in cloud.literal_credentials(concat("=", [key, value]))
	where := _where(node, what)
	msg := sprintf("%s holds %s written literally (%s): everyone who can read the repository has it; revoke it and federate the consumer (OIDC) instead", [
		where, c.label, result.mask(c.secret),
	])
}

# Hard-coded provider credentials.

_provider_fields := {
	"aws": {"access_key", "secret_key", "token"},
	"google": {"credentials"},
	"google-beta": {"credentials"},
	"azurerm": {"client_secret", "client_certificate_password"},
	"azuread": {"client_secret", "client_certificate_password"},
}

findings contains result.secret_at(m, sprintf("providers[%d].values.%s", [i, field]), msg, value) if {
	some m in input.tf_modules
	some i, p in m.providers
	some field in _provider_fields[p.name]
	value := p.values[field]
	is_string(value)
	_real_credential(p.name, field, value)
	msg := sprintf("provider %q in %s has %s written in the configuration (%s): everyone who can read the repository can use it; remove it, let the provider read credentials from the environment, and federate the pipeline (OIDC)", [
		p.name, terraform.describe_module(m), field, _shown_secret(value),
	])
}

_real_credential("aws", "access_key", v) if {
	regex.match(`^(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}$`, v)
	not endswith(v, "EXAMPLE")
}

_real_credential("aws", "secret_key", v) if {
	regex.match(`^[A-Za-z0-9/+]{40}$`, v)
	not contains(v, "EXAMPLE")
}

_real_credential("aws", "token", v) if count(v) >= 100

_real_credential(name, "credentials", v) if {
	name in {"google", "google-beta"}
	_not_placeholder(v)
}

_real_credential(name, field, v) if {
	name in {"azurerm", "azuread"}
	field in {"client_secret", "client_certificate_password"}
	count(v) >= 8
	_not_placeholder(v)
}

_not_placeholder(v) if {
	v != ""
	not regex.match(`(?i)^(x+|\*+|changeme|change-me|test|mock|dummy|fake|example|secret|password|none|null|todo|<.*>|\$\{.*\})$`, v)
}

# A PEM or JSON key would be masked as "----…----" or "{\n  …\n}": say what it is instead.
_shown_secret(v) := "a JSON key" if startswith(trim_space(v), "{")

_shown_secret(v) := result.mask(v) if not startswith(trim_space(v), "{")

_shown(v) := sprintf("%q", [v]) if is_string(v)

_shown(v) := terraform.expr(v)
