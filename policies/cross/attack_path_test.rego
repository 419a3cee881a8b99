package nhilint.rules.cross.attack_path_test

import data.nhilint.rules.cross.attack_path as rule

_file := ".github/workflows/pr.yml"

_jid := concat("", [_file, "#jobs.test"])

_sid(i) := sprintf("%s#jobs.test.steps[%d]", [_file, i])

_uses(owner, repo) := {"raw": sprintf("%s/%s@v4.1.1", [owner, repo]), "type": "action", "owner": owner, "repo": repo, "path": "", "ref": "v4.1.1", "pinned": false}

_checkout := {
	"id": _sid(0), "kind": "gha.step", "index": 0, "uses": _uses("actions", "checkout"),
	"with": {"ref": "${{ github.event.pull_request.head.sha }}"},
	"exprs": [{"key": "with.ref@0", "field": "with.ref", "raw": "x", "paths": ["github.event.pull_request.head.sha"], "untrusted": [], "secrets": []}],
}

_assume := {
	"id": _sid(1), "kind": "gha.step", "index": 1, "uses": _uses("aws-actions", "configure-aws-credentials"),
	"with": {"role-to-assume": "arn:aws:iam::123456789012:role/deploy"}, "exprs": [],
}

_build := {"id": _sid(2), "kind": "gha.step", "index": 2, "name": "Build", "run": "npm ci", "exprs": []}

_wf(triggers) := {
	"id": _file, "kind": "gha.workflow", "file": _file, "triggers": triggers, "exprs": [],
	"jobs": [{
		"id": _jid, "kind": "gha.job", "job_id": "test", "exprs": [],
		"effective_permissions": {"declared": true, "all": "", "scopes": {"id-token": "write"}},
		"steps": [_checkout, _assume, _build],
	}],
}

_job := {"id": "nhi:github-job:j", "type": "github-job", "name": "PR / test", "defined_by": _jid, "defined_key": ""}

_role := {"id": "nhi:aws-role:r", "type": "aws-role", "name": "deploy", "defined_by": "infra#aws_iam_role.deploy", "defined_key": ""}

_admin := {"id": "nhi:aws-managed-policy:AdministratorAccess", "type": "aws-managed-policy", "name": "AdministratorAccess", "level": "all", "meaning": "every action on every resource"}

_assume_edge := {"type": "assumes", "from": _job.id, "to": _role.id, "via": {"node": _sid(1), "key": "with.role-to-assume"}}

_trust_edge := {"type": "trusts", "from": _role.id, "to": "nhi:oidc-provider:gh", "via": {"node": "infra#trust.Statement[0]", "key": "Principal.Federated[0]"}}

_grant_admin := {"type": "grants", "from": _role.id, "to": _admin.id, "managed": "AdministratorAccess", "policy": "", "via": {"node": "infra#aws_iam_role_policy_attachment.a", "key": "policy_arn"}}

_grant_policy := {"type": "grants", "from": _role.id, "to": "infra#p.policy", "managed": "", "policy": "infra#p.policy", "via": {"node": "infra#p", "key": "policy"}}

_policy(actions, resources) := {"id": "infra#p.policy", "name": "aws_iam_role_policy.p.policy", "statements": [{
	"id": "infra#p.policy.Statement[0]", "index": 0, "sid": "", "effect": "Allow",
	"actions": actions, "not_actions": [], "resources": resources, "not_resources": [],
	"principals": {}, "conditions": [],
}]}

_prt := {"pull_request_target": {}}

test_fail_prt_checkout_assumes_admin_role if {
	fs := rule.findings with input as {
		"gha_workflows": [_wf(_prt)], "iam_policies": [],
		"nhi_identities": [_job, _role, _admin], "nhi_edges": [_assume_edge, _trust_edge, _grant_admin],
	}
	count(fs) == 1
	some f in fs
	f.node == _jid
	f.key == ""
	f.msg == "job \"test\" runs code an outsider controls (step \"actions/checkout@v4.1.1\" checks out with.ref \"${{ github.event.pull_request.head.sha }}\" on pull_request_target) and assumes AWS role \"deploy\", which is granted the AWS managed policy AdministratorAccess (every action on every resource): whoever opens the pull request gets these AWS permissions; do not assume cloud roles in jobs that run pull request code, and scope the role's policy"
	[r.node | some r in f.flow] == [_file, _sid(0), _sid(1), "infra#aws_iam_role.deploy", "infra#aws_iam_role_policy_attachment.a"]
	{"node": "infra#trust.Statement[0]", "key": "Principal.Federated[0]", "msg": "role \"deploy\" trusts these OIDC tokens"} in f.related
	{"node": "infra#aws_iam_role_policy_attachment.a", "key": "policy_arn", "msg": "grants role \"deploy\" the AWS managed policy AdministratorAccess (every action on every resource)"} in f.related
}

test_fail_inline_policy_passrole_on_star if {
	fs := rule.findings with input as {
		"gha_workflows": [_wf(_prt)], "iam_policies": [_policy(["s3:GetObject", "iam:PassRole"], ["*"])],
		"nhi_identities": [_job, _role], "nhi_edges": [_assume_edge, _grant_policy],
	}
	count(fs) == 1
	some f in fs
	f.flow[4] == {"node": "infra#p.policy.Statement[0]", "key": "Action[1]", "msg": "it is granted \"iam:PassRole\" on every resource (statement 0 of policy aws_iam_role_policy.p.policy)"}
}

test_success_scoped_policy if {
	count(rule.findings) == 0 with input as {
		"gha_workflows": [_wf(_prt)], "iam_policies": [_policy(["s3:*"], ["arn:aws:s3:::previews/*"])],
		"nhi_identities": [_job, _role], "nhi_edges": [_assume_edge, _grant_policy],
	}
}

test_success_pull_request_trigger if {
	count(rule.findings) == 0 with input as {
		"gha_workflows": [_wf({"pull_request": {}})], "iam_policies": [],
		"nhi_identities": [_job, _role, _admin], "nhi_edges": [_assume_edge, _grant_admin],
	}
}

test_success_unresolved_role if {
	unresolved := object.union(_role, {"type": "unresolved-role"})
	count(rule.findings) == 0 with input as {
		"gha_workflows": [_wf(_prt)], "iam_policies": [],
		"nhi_identities": [_job, unresolved, _admin], "nhi_edges": [_assume_edge, _grant_admin],
	}
}

_sa := {"id": "nhi:gcp-service-account:sa", "type": "gcp-service-account", "name": "deployer", "defined_by": "infra#google_service_account.deployer", "defined_key": ""}

_owner := {"id": "nhi:gcp-role:roles/owner", "type": "gcp-role", "name": "roles/owner", "level": "all", "meaning": "every permission on every resource, IAM included"}

_impersonate_edge := {"type": "assumes", "from": _job.id, "to": _sa.id, "via": {"node": _sid(1), "key": "with.service_account"}}

_grant_owner := {
	"type": "grants", "from": _sa.id, "to": _owner.id, "cloud": "gcp", "role": "roles/owner", "level": "all",
	"scope_type": "project", "scope": "my-proj", "managed": "", "policy": "",
	"via": {"node": "infra#google_project_iam_member.owner", "key": "role"},
}

test_fail_prt_checkout_impersonates_gcp_owner if {
	fs := rule.findings with input as {
		"gha_workflows": [_wf(_prt)], "iam_policies": [],
		"nhi_identities": [_job, _sa, _owner], "nhi_edges": [_impersonate_edge, _grant_owner],
	}
	count(fs) == 1
	some f in fs
	f.msg == "job \"test\" runs code an outsider controls (step \"actions/checkout@v4.1.1\" checks out with.ref \"${{ github.event.pull_request.head.sha }}\" on pull_request_target) and impersonates GCP service account \"deployer\", which is granted the GCP role roles/owner on project my-proj (every permission on every resource, IAM included): whoever opens the pull request gets these Google Cloud permissions; do not assume cloud roles in jobs that run pull request code, and grant the service account only the roles it needs, on the resources it needs"
	f.flow[2] == {"node": _sid(1), "key": "with.service_account", "msg": "the job impersonates service account \"deployer\""}
	f.flow[4] == {"node": "infra#google_project_iam_member.owner", "key": "role", "msg": "it is granted the GCP role roles/owner on project my-proj (every permission on every resource, IAM included)"}
}

_app := {"id": "nhi:azure-application:app", "type": "azure-application", "name": "ci", "defined_by": "infra#azuread_application.ci", "defined_key": ""}

_role_def(name, level) := {"id": sprintf("nhi:azure-role:%s", [name]), "type": "azure-role", "name": name, "level": level, "meaning": "m"}

_sp_grant(name, level) := {
	"type": "grants", "from": "nhi:azure-service-principal:sp", "to": sprintf("nhi:azure-role:%s", [name]), "cloud": "azure",
	"role": name, "level": level, "scope_type": "subscription", "scope": "data.azurerm_subscription.current.id",
	"managed": "", "policy": "", "via": {"node": "infra#azurerm_role_assignment.a", "key": "role_definition_name"},
}

_azure_input(name, level) := {
	"gha_workflows": [_wf(_prt)], "iam_policies": [],
	"nhi_identities": [_job, _app, _role_def(name, level)],
	"nhi_edges": [
		{"type": "assumes", "from": _job.id, "to": _app.id, "via": {"node": _sid(1), "key": "with.client-id"}},
		{"type": "has-principal", "from": _app.id, "to": "nhi:azure-service-principal:sp", "via": {"node": "infra#azuread_service_principal.ci", "key": "client_id"}},
		_sp_grant(name, level),
	],
}

test_fail_prt_checkout_signs_in_as_azure_owner_through_its_service_principal if {
	fs := rule.findings with input as _azure_input("Owner", "all")
	count(fs) == 1
	some f in fs
	contains(f.msg, "and signs in as Azure application \"ci\", which is granted the Azure role Owner on subscription data.azurerm_subscription.current.id (m)")
}

test_success_azure_reader if {
	count(rule.findings) == 0 with input as _azure_input("Reader", "read")
}
