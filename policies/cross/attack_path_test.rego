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

# GitLab: a merge request job that assumes an administrator role.

_gl_file := ".gitlab-ci.yml"

_gl_jid := concat("", [_gl_file, "#jobs.preview"])

_gl_mr_rule := {"key": "rules[0]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`}

_gl_job(fields) := object.union(
	{
		"id": _gl_jid, "kind": "gitlab.job", "file": _gl_file, "pipeline": _gl_file, "name": "preview",
		"variables": {}, "global_variables": [], "inherited": {},
		"id_tokens": {"AWS_TOKEN": {"aud": ["sts.amazonaws.com"]}},
		"rules": [_gl_mr_rule],
		"script": [
			{"key": "script[0]", "text": "aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/deploy --web-identity-token $AWS_TOKEN"},
			{"key": "script[1]", "text": "npm ci && npm run build"},
		],
	},
	fields,
)

_gl_identity := {"id": "nhi:gitlab-job:gl", "type": "gitlab-job", "name": ".gitlab-ci.yml / preview", "defined_by": _gl_jid, "defined_key": ""}

_gl_assume := {"type": "assumes", "from": _gl_identity.id, "to": _role.id, "web_identity": true, "via": {"node": _gl_jid, "key": "script[0]"}}

_gl_trust := {"type": "trusts", "from": _role.id, "to": "nhi:oidc-provider:gitlab.com", "provider": "gitlab", "via": {"node": "infra#trust.Statement[0]", "key": "Principal.Federated[0]"}}

_gl_input(job, workflow, role, grants) := {
	"gitlab_pipelines": [{
		"id": _gl_file, "kind": "gitlab.pipeline", "file": _gl_file, "variables": {},
		"jobs": [job], "includes": [], "workflow_rules": workflow,
	}],
	"gha_workflows": [], "iam_policies": [_policy(["s3:*"], ["arn:aws:s3:::previews/*"]), _admin_policy],
	"nhi_identities": [_gl_identity, role, _admin],
	"nhi_edges": array.concat([_gl_assume, _gl_trust], grants),
}

test_fail_gitlab_mr_job_assumes_admin_role if {
	fs := rule.findings with input as _gl_input(_gl_job({}), [], _role, [_grant_admin])
	fs == {{
		"node": _gl_jid, "key": "",
		"msg": `job "preview" runs code an outsider controls (its rules[0] runs it in merge request pipelines: its script runs the merge request's code) and assumes AWS role "deploy", which is granted the AWS managed policy AdministratorAccess (every action on every resource): whoever opens a merge request from a fork gets these AWS permissions once its pipeline runs in this project; exclude fork merge requests with a first rule if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID (when: never) or do not assume cloud roles in merge request pipelines, and scope the role's policy`,
		"related": [
			{"node": _gl_jid, "key": "rules[0]", "msg": "runs the job in merge request pipelines: a merge request from a fork that runs in this project gets its variables and ID tokens"},
			{"node": _gl_jid, "key": "script[0]", "msg": "runs the merge request's code: the runner checks out its source branch"},
			{"node": _gl_jid, "key": "script[0]", "msg": "assumes role \"deploy\""},
			{"node": "infra#aws_iam_role.deploy", "key": "", "msg": "defines role \"deploy\""},
			{"node": "infra#aws_iam_role_policy_attachment.a", "key": "policy_arn", "msg": "grants role \"deploy\" the AWS managed policy AdministratorAccess (every action on every resource)"},
			{"node": "infra#trust.Statement[0]", "key": "Principal.Federated[0]", "msg": "role \"deploy\" trusts these OIDC tokens"},
		],
		"flow": [
			{"node": _gl_jid, "key": "rules[0]", "msg": "an outsider opens a merge request from a fork, and its pipeline runs in this project"},
			{"node": _gl_jid, "key": "script[0]", "msg": "the script runs the merge request's code"},
			{"node": _gl_jid, "key": "script[0]", "msg": "the job assumes role \"deploy\""},
			{"node": "infra#aws_iam_role.deploy", "key": "", "msg": "role \"deploy\" is defined here"},
			{"node": "infra#aws_iam_role_policy_attachment.a", "key": "policy_arn", "msg": "it is granted the AWS managed policy AdministratorAccess (every action on every resource)"},
		],
	}}
}

test_fail_gitlab_only_merge_requests_and_workflow_rules if {
	only := _gl_job({"only": {"refs": ["merge_requests"]}})
	fs := rule.findings with input as _gl_input(object.remove(only, ["rules"]), [], _role, [_grant_admin])
	some f in fs
	f.flow[0] == {"node": _gl_jid, "key": "only", "msg": "an outsider opens a merge request from a fork, and its pipeline runs in this project"}
	wf := [{"key": "workflow.rules[0]", "if": "$CI_MERGE_REQUEST_IID"}]
	gs := rule.findings with input as _gl_input(object.remove(_gl_job({}), ["rules"]), wf, _role, [_grant_admin])
	some g in gs
	g.flow[0].node == _gl_file
	g.flow[0].key == "workflow.rules"
}

test_fail_gitlab_injection_of_merge_request_title if {
	job := _gl_job({"script": [
		{"key": "script[0]", "text": "aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/deploy --web-identity-token $AWS_TOKEN"},
		{"key": "script[1]", "text": `eval "./notify.sh --title $CI_MERGE_REQUEST_TITLE"`},
	]})
	fs := rule.findings with input as _gl_input(job, [], _role, [_grant_policy_admin])
	some f in fs
	contains(f.msg, `(its rules[0] runs it in merge request pipelines: script[1] re-parses $CI_MERGE_REQUEST_TITLE as code (eval)) and assumes AWS role "deploy", which is granted "*" on every resource`)
	f.flow[1] == {"node": _gl_jid, "key": "script[1]", "msg": "script[1] re-parses $CI_MERGE_REQUEST_TITLE as code (eval)"}
}

_admin_policy := object.union(_policy(["*"], ["*"]), {"id": "infra#admin.policy", "name": "aws_iam_role_policy.admin.policy"})

_grant_policy_admin := {"type": "grants", "from": _role.id, "to": "infra#admin.policy", "managed": "", "policy": "infra#admin.policy", "via": {"node": "infra#admin", "key": "policy"}}

test_success_gitlab_fork_guarded if {
	guarded := _gl_job({"rules": [
		{"key": "rules[0]", "if": "$CI_MERGE_REQUEST_SOURCE_PROJECT_PATH != $CI_PROJECT_PATH", "when": "never"},
		object.union(_gl_mr_rule, {"key": "rules[1]"}),
	]})
	count(rule.findings) == 0 with input as _gl_input(guarded, [], _role, [_grant_admin])
	wf_guard := [{"key": "workflow.rules[0]", "if": "$CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID"}]
	count(rule.findings) == 0 with input as _gl_input(_gl_job({}), wf_guard, _role, [_grant_admin])
}

test_success_gitlab_not_in_merge_request_pipelines if {
	branch := _gl_job({"rules": [{"key": "rules[0]", "if": `$CI_COMMIT_BRANCH == "main"`}]})
	count(rule.findings) == 0 with input as _gl_input(branch, [], _role, [_grant_admin])
	stopped := _gl_job({"rules": [
		{"key": "rules[0]", "if": "$CI_MERGE_REQUEST_IID", "when": "never"},
		{"key": "rules[1]", "when": "always"},
	]})
	count(rule.findings) == 0 with input as _gl_input(stopped, [], _role, [_grant_admin])
	no_rules := object.remove(_gl_job({}), ["rules"])
	count(rule.findings) == 0 with input as _gl_input(no_rules, [], _role, [_grant_admin])
	wf := [{"key": "workflow.rules[0]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`}]
	excepted := object.union(no_rules, {"except": {"refs": ["merge_requests"]}})
	count(rule.findings) == 0 with input as _gl_input(excepted, wf, _role, [_grant_admin])
}

test_success_gitlab_scoped_role if {
	count(rule.findings) == 0 with input as _gl_input(_gl_job({}), [], _role, [_grant_policy])
}

test_success_gitlab_role_not_in_scan if {
	unresolved := {"id": _role.id, "type": "unresolved-role", "name": "arn:aws:iam::123456789012:role/deploy", "defined_by": "", "defined_key": ""}
	count(rule.findings) == 0 with input as _gl_input(_gl_job({}), [], unresolved, [])
}

test_success_gitlab_token_for_a_github_only_role if {
	inp := _gl_input(_gl_job({}), [], _role, [_grant_admin])
	github_only := object.union(inp, {"nhi_edges": [_gl_assume, object.union(_gl_trust, {"provider": "github"}), _grant_admin]})
	count(rule.findings) == 0 with input as github_only
}

# GitLab jobs' Google Cloud and Azure logins: the same path to a service account or an Entra
# ID identity.

_gl_gcp_input(trust_provider) := {
	"gitlab_pipelines": [{
		"id": _gl_file, "kind": "gitlab.pipeline", "file": _gl_file, "variables": {},
		"jobs": [_gl_job({"script": [
			{"key": "script[0]", "text": "gcloud iam workload-identity-pools create-cred-config $WIF --service-account=deployer@my-proj.iam.gserviceaccount.com --credential-source-file=.token --output-file=c.json"},
			{"key": "script[1]", "text": "gcloud run deploy app --source ."},
		]})],
		"includes": [], "workflow_rules": [],
	}],
	"gha_workflows": [], "iam_policies": [],
	"nhi_identities": [_gl_identity, _sa, _owner],
	"nhi_edges": [
		{"type": "assumes", "from": _gl_identity.id, "to": _sa.id, "web_identity": true, "via": {"node": _gl_jid, "key": "script[0]"}},
		{"type": "trusts", "from": _sa.id, "to": "nhi:oidc-provider:pool", "provider": trust_provider, "cloud": "gcp", "via": {"node": "infra#google_service_account_iam_member.wif", "key": "member"}},
		_grant_owner,
	],
}

test_fail_gitlab_mr_job_impersonates_gcp_owner if {
	fs := rule.findings with input as _gl_gcp_input("gitlab")
	count(fs) == 1
	some f in fs
	f.node == _gl_jid
	contains(f.msg, `and impersonates GCP service account "deployer", which is granted the GCP role roles/owner on project my-proj (every permission on every resource, IAM included): whoever opens a merge request from a fork gets these Google Cloud permissions`)
	f.flow[2] == {"node": _gl_jid, "key": "script[0]", "msg": "the job impersonates service account \"deployer\""}
	f.flow[4] == {"node": "infra#google_project_iam_member.owner", "key": "role", "msg": "it is granted the GCP role roles/owner on project my-proj (every permission on every resource, IAM included)"}
	{"node": "infra#google_service_account_iam_member.wif", "key": "member", "msg": "service account \"deployer\" trusts these OIDC tokens"} in {r | some r in f.related}
}

test_success_gitlab_token_for_a_github_only_service_account if {
	count(rule.findings) == 0 with input as _gl_gcp_input("github")
}

_gl_azure_input(edge) := {
	"gitlab_pipelines": [{
		"id": _gl_file, "kind": "gitlab.pipeline", "file": _gl_file, "variables": {},
		"jobs": [_gl_job({})], "includes": [], "workflow_rules": [],
	}],
	"gha_workflows": [], "iam_policies": [],
	"nhi_identities": [_gl_identity, _app, _role_def("Owner", "all")],
	"nhi_edges": [
		object.union({"type": "assumes", "from": _gl_identity.id, "to": _app.id, "via": {"node": _gl_jid, "key": "script[0]"}}, edge),
		{"type": "has-principal", "from": _app.id, "to": "nhi:azure-service-principal:sp", "via": {"node": "infra#azuread_service_principal.ci", "key": "client_id"}},
		_sp_grant("Owner", "all"),
	],
}

test_fail_gitlab_mr_job_signs_in_as_azure_owner if {
	# az login --service-principal --federated-token (no trust in the scan), and -p SECRET.
	some edge in [{"web_identity": true}, {"web_identity": false, "with_static_key": true}]
	fs := rule.findings with input as _gl_azure_input(edge)
	count(fs) == 1
	some f in fs
	contains(f.msg, `and signs in as Azure application "ci", which is granted the Azure role Owner on subscription data.azurerm_subscription.current.id (m): whoever opens a merge request from a fork gets these Azure permissions`)
	f.flow[2] == {"node": _gl_jid, "key": "script[0]", "msg": "the job signs in as application \"ci\""}
}
