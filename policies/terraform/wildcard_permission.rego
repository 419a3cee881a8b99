# METADATA
# title: Administrator role granted to an identity in Terraform
# description: |
#   Terraform attaches a broad built-in role to an identity: the AWS managed policies
#   AdministratorAccess, PowerUserAccess or IAMFullAccess attached to a role, user or group
#   (policy attachments, managed_policy_arns, aws_iam_role_policy_attachments_exclusive);
#   the Google Cloud basic roles roles/owner or roles/editor granted to a service account on
#   a project, folder or organization (iam_member, iam_binding, google_iam_policy bindings);
#   the Azure built-in roles Owner or Contributor assigned to a service principal or managed
#   identity at subscription scope. A CI/CD identity holding one of these turns one leaked
#   token into control of the whole account, project or subscription (IAMFullAccess lets it
#   grant itself anything). Values the configuration does not decide (a variable without a
#   value, a computed id) are not reported; inline policies with "*" are reported by the
#   iam-* rules.
# related_resources:
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#   - https://cloud.google.com/iam/docs/roles-overview#basic
#   - https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/role_assignment
# custom:
#   id: tf-wildcard-permission
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Grant the identity a role that lists only what it does: a customer managed policy with
#     the actions and ARNs it uses (AWS), a predefined role on the resources it touches
#     (Google Cloud), a built-in role at resource group or resource scope (Azure).
#   examples:
#     file: main.tf
#     bad: |
#       resource "aws_iam_role_policy_attachment" "ci" {
#         role       = "github-ci"
#         policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
#       }
#     good: |
#       resource "aws_iam_role_policy_attachment" "ci" {
#         role       = "github-ci"
#         policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
#       }
package nhilint.rules.terraform.wildcard_permission

import data.nhilint.lib.result
import data.nhilint.lib.terraform

_aws_admin := {
	"AdministratorAccess": "every action on every resource of the account",
	"PowerUserAccess": "every action except IAM user and group management, on every resource",
	"IAMFullAccess": "full control of IAM, enough to grant itself any other permission",
}

_attachments := {
	"aws_iam_role_policy_attachment": "role",
	"aws_iam_user_policy_attachment": "user",
	"aws_iam_group_policy_attachment": "group",
}

findings contains result.at(r, "policy_arn", msg) if {
	some r in terraform.resources(object.keys(_attachments))
	name := _aws_admin_name(r.values.policy_arn)
	kind := _attachments[r.type]
	msg := sprintf("%s attaches the AWS managed policy %s to %s %s: it allows %s; attach a policy that lists only the actions and resources it uses", [
		terraform.describe(r), name, kind, _shown(r.values[kind]), _aws_admin[name],
	])
}

findings contains result.at(r, "policy_arn", msg) if {
	some r in terraform.resources({"aws_iam_policy_attachment"})
	name := _aws_admin_name(r.values.policy_arn)
	msg := sprintf("%s attaches the AWS managed policy %s to %s: it allows %s; attach a policy that lists only the actions and resources it uses", [
		terraform.describe(r), name, _principals(r), _aws_admin[name],
	])
}

findings contains result.at(r, sprintf("%s[%d]", [field, i]), msg) if {
	some [type, field, kind] in [
		["aws_iam_role", "managed_policy_arns", "role"],
		["aws_iam_role_policy_attachments_exclusive", "policy_arns", "role"],
		["aws_iam_user_policy_attachments_exclusive", "policy_arns", "user"],
		["aws_iam_group_policy_attachments_exclusive", "policy_arns", "group"],
	]
	some r in terraform.resources({type})
	is_array(r.values[field])
	some i, arn in r.values[field]
	name := _aws_admin_name(arn)
	msg := sprintf("%s gives %s %s the AWS managed policy %s: it allows %s; attach a policy that lists only the actions and resources it uses", [
		terraform.describe(r), kind, _owner(r, kind), name, _aws_admin[name],
	])
}

_owner(r, "role") := _shown(object.get(r.values, "name", r.name)) if r.type == "aws_iam_role"

_owner(r, kind) := _shown(r.values[_name_field[kind]]) if r.type != "aws_iam_role"

_name_field := {"role": "role_name", "user": "user_name", "group": "group_name"}

_aws_admin_name(arn) := name if {
	is_string(arn)
	name := regex.find_all_string_submatch_n(`^arn:aws[a-z-]*:iam::aws:policy/([A-Za-z]+)$`, arn, 1)[0][1]
	_aws_admin[name]
}

_principals(r) := concat(", ", [sprintf("%s %s", [kind, _shown(v)]) |
	some kind in ["roles", "users", "groups"]
	some v in object.get(r.values, kind, [])
])

# Google Cloud basic roles granted to a service account.

_gcp_basic := {
	"roles/owner": "full control of every resource, including IAM",
	"roles/editor": "write access to almost every resource",
}

_gcp_members := {"google_project_iam_member", "google_folder_iam_member", "google_organization_iam_member"}

_gcp_bindings := {"google_project_iam_binding", "google_folder_iam_binding", "google_organization_iam_binding"}

findings contains result.at(r, "role", msg) if {
	some r in terraform.resources(_gcp_members)
	why := _gcp_basic[r.values.role]
	_service_account(r.values.member)
	msg := sprintf("%s grants the basic role %s to %s: it gives %s; grant a predefined role on the resources it uses instead", [
		terraform.describe(r), r.values.role, r.values.member, why,
	])
}

findings contains result.at(r, "role", msg) if {
	some r in terraform.resources(_gcp_bindings)
	why := _gcp_basic[r.values.role]
	accounts := [m | some m in r.values.members; _service_account(m)]
	count(accounts) > 0
	msg := sprintf("%s grants the basic role %s to %s: it gives %s; grant a predefined role on the resources it uses instead", [
		terraform.describe(r), r.values.role, concat(", ", accounts), why,
	])
}

findings contains result.at(d, sprintf("binding[%d].role", [i]), msg) if {
	some d in terraform.data_sources({"google_iam_policy"})
	some i, b in object.get(d.values, "binding", [])
	why := _gcp_basic[b.role]
	accounts := [m | some m in b.members; _service_account(m)]
	count(accounts) > 0
	msg := sprintf("%s binds the basic role %s to %s: it gives %s; grant a predefined role on the resources it uses instead", [
		terraform.describe(d), b.role, concat(", ", accounts), why,
	])
}

_service_account(m) if {
	is_string(m)
	regex.match(`^serviceAccount:[^@]+@`, m)
}

# Azure Owner and Contributor at subscription scope for a service principal.

_azure_roles := {
	"Owner": "full control of every resource in the subscription, including access management",
	"Contributor": "write access to every resource in the subscription",
}

_azure_role_ids := {
	"8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
	"b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
}

findings contains result.at(r, key, msg) if {
	some r in terraform.resources({"azurerm_role_assignment"})
	some [key, role] in _azure_role(r)
	_subscription_scope(r.values.scope)
	_service_principal(r)
	msg := sprintf("%s assigns the built-in role %s at subscription scope (%s) to a service principal: it gives %s; assign a narrower role at resource group or resource scope", [
		terraform.describe(r), role, _shown(r.values.scope), _azure_roles[role],
	])
}

# [key, role] for each way the assignment names Owner or Contributor.
_azure_role(r) := {["role_definition_name", role] |
	role := r.values.role_definition_name
	_azure_roles[role]
} | {["role_definition_id", role] |
	id := r.values.role_definition_id
	is_string(id)
	some suffix, role in _azure_role_ids
	endswith(lower(id), suffix)
}

_subscription_scope(scope) if {
	is_string(scope)
	regex.match(`^/subscriptions/[^/]+/?$`, scope)
}

_subscription_scope(scope) if {
	regex.match(`^data\.azurerm_subscription\.[A-Za-z0-9_-]+\.id$`, terraform.expr(scope))
}

# "/subscriptions/${var.subscription_id}": the id is unknown, the scope is still a subscription.
_subscription_scope(scope) if {
	regex.match(`^"/subscriptions/\$\{[^}/]+\}/?"$`, terraform.expr(scope))
}

_service_principal(r) if r.values.principal_type == "ServicePrincipal"

_service_principal(r) if {
	not r.values.principal_type
	regex.match(`(azuread_service_principal\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.(object_id|id)|azurerm_user_assigned_identity\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.principal_id|\.identity\[0\]\.principal_id)$`, terraform.expr(r.values.principal_id))
}

_shown(v) := sprintf("%q", [v]) if is_string(v)

_shown(v) := terraform.expr(v)

_shown(v) := "(unset)" if {
	not is_string(v)
	not terraform.is_unknown(v)
}
