package nhilint.rules.terraform.wildcard_permission_test

import data.nhilint.rules.terraform.wildcard_permission as rule

_res(type, name, values) := {
	"id": concat("", ["infra#", type, ".", name]), "kind": "tf.resource", "file": "infra/main.tf",
	"type": type, "name": name, "mode": "managed", "address": concat(".", [type, name]),
	"module": "infra", "values": values, "refs": [], "policies": {},
}

_in(rs) := {"tf_resources": rs, "tf_modules": [], "tf_plans": [], "iam_policies": []}

_admin := "arn:aws:iam::aws:policy/AdministratorAccess"

test_fail_admin_attached_to_role if {
	r := _res("aws_iam_role_policy_attachment", "ci", {"role": "github-ci", "policy_arn": _admin})
	rule.findings == {{
		"node": r.id, "key": "policy_arn",
		"msg": `aws_iam_role_policy_attachment.ci attaches the AWS managed policy AdministratorAccess to role "github-ci": it allows every action on every resource of the account; attach a policy that lists only the actions and resources it uses`,
	}} with input as _in([r])
}

test_fail_iam_full_access_to_user_through_unknown_name if {
	r := _res("aws_iam_user_policy_attachment", "bot", {"user": {"unknown": true, "expr": "aws_iam_user.bot.name"}, "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"})
	some f in rule.findings with input as _in([r])
	contains(f.msg, `to user aws_iam_user.bot.name: it allows full control of IAM`)
}

test_fail_managed_policy_arns_element if {
	r := _res("aws_iam_role", "deploy", {"name": "deploy", "managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess"]})
	{f.key | some f in rule.findings} == {"managed_policy_arns[1]"} with input as _in([r])
}

test_fail_policy_attachment_lists_principals if {
	r := _res("aws_iam_policy_attachment", "all", {"roles": ["a"], "users": ["b"], "policy_arn": _admin})
	some f in rule.findings with input as _in([r])
	contains(f.msg, `to roles "a", users "b"`)
}

test_success_narrow_or_unknown_policy if {
	count(rule.findings) == 0 with input as _in([
		_res("aws_iam_role_policy_attachment", "a", {"role": "r", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
		_res("aws_iam_role_policy_attachment", "b", {"role": "r", "policy_arn": {"unknown": true, "expr": "var.policy_arn"}}),
		_res("aws_iam_role_policy_attachment", "c", {"role": "r", "policy_arn": "arn:aws:iam::123456789012:policy/AdministratorAccess"}),
	])
}

test_fail_gcp_owner_to_service_account if {
	r := _res("google_project_iam_member", "ci", {"project": "p", "role": "roles/owner", "member": "serviceAccount:ci@p.iam.gserviceaccount.com"})
	rule.findings == {{
		"node": r.id, "key": "role",
		"msg": `google_project_iam_member.ci grants the basic role roles/owner to serviceAccount:ci@p.iam.gserviceaccount.com: it gives full control of every resource, including IAM; grant a predefined role on the resources it uses instead`,
	}} with input as _in([r])
}

test_fail_gcp_editor_binding_and_policy_data if {
	b := _res("google_project_iam_binding", "ed", {"role": "roles/editor", "members": ["user:a@x.com", "serviceAccount:ci@p.iam.gserviceaccount.com"]})
	d := object.union(_res("google_iam_policy", "p", {"binding": [{"role": "roles/viewer", "members": ["serviceAccount:x@p.iam.gserviceaccount.com"]}, {"role": "roles/owner", "members": ["serviceAccount:x@p.iam.gserviceaccount.com"]}]}), {"mode": "data", "address": "data.google_iam_policy.p"})
	{f.key | some f in rule.findings} == {"role", "binding[1].role"} with input as _in([b, d])
}

test_success_gcp_basic_role_to_user_or_unknown_member if {
	count(rule.findings) == 0 with input as _in([
		_res("google_project_iam_member", "u", {"role": "roles/owner", "member": "user:admin@example.com"}),
		_res("google_project_iam_member", "v", {"role": "roles/owner", "member": {"unknown": true, "expr": "var.member"}}),
		_res("google_project_iam_member", "w", {"role": "roles/storage.admin", "member": "serviceAccount:ci@p.iam.gserviceaccount.com"}),
	])
}

test_fail_azure_owner_at_subscription_for_service_principal if {
	r := _res("azurerm_role_assignment", "ci", {
		"scope": {"unknown": true, "expr": "data.azurerm_subscription.primary.id"},
		"role_definition_name": "Owner",
		"principal_id": {"unknown": true, "expr": "azuread_service_principal.ci.object_id"},
	})
	rule.findings == {{
		"node": r.id, "key": "role_definition_name",
		"msg": "azurerm_role_assignment.ci assigns the built-in role Owner at subscription scope (data.azurerm_subscription.primary.id) to a service principal: it gives full control of every resource in the subscription, including access management; assign a narrower role at resource group or resource scope",
	}} with input as _in([r])
}

test_fail_azure_contributor_by_role_id if {
	r := _res("azurerm_role_assignment", "ci", {
		"scope": "/subscriptions/00000000-0000-0000-0000-000000000000",
		"role_definition_id": "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
		"principal_id": {"unknown": true, "expr": "var.principal_id"},
		"principal_type": "ServicePrincipal",
	})
	{f.key | some f in rule.findings} == {"role_definition_id"} with input as _in([r])
}

test_success_azure_narrow_scope_user_or_unknown_scope if {
	count(rule.findings) == 0 with input as _in([
		_res("azurerm_role_assignment", "rg", {"scope": "/subscriptions/x/resourceGroups/app", "role_definition_name": "Owner", "principal_type": "ServicePrincipal"}),
		_res("azurerm_role_assignment", "user", {"scope": "/subscriptions/x", "role_definition_name": "Owner", "principal_type": "User"}),
		_res("azurerm_role_assignment", "unk", {"scope": {"unknown": true, "expr": "var.scope"}, "role_definition_name": "Owner", "principal_type": "ServicePrincipal"}),
		_res("azurerm_role_assignment", "reader", {"scope": "/subscriptions/x", "role_definition_name": "Reader", "principal_type": "ServicePrincipal"}),
	])
}

test_fail_azure_owner_at_templated_subscription_scope if {
	r := _res("azurerm_role_assignment", "ci", {
		"scope": {"unknown": true, "expr": `"/subscriptions/${var.subscription_id}"`},
		"role_definition_name": "Owner",
		"principal_type": "ServicePrincipal",
	})
	{f.key | some f in rule.findings} == {"role_definition_name"} with input as _in([r])
}

test_success_azure_templated_resource_group_scope if {
	r := _res("azurerm_role_assignment", "ci", {
		"scope": {"unknown": true, "expr": `"/subscriptions/${var.subscription_id}/resourceGroups/${var.rg}"`},
		"role_definition_name": "Owner",
		"principal_type": "ServicePrincipal",
	})
	count(rule.findings) == 0 with input as _in([r])
}
