package nhilint.rules.github.undeclared_permissions_test

import data.nhilint.rules.github.undeclared_permissions as rule

_f := ".github/workflows/bot.yml"

_undeclared := {"declared": false}

_read := {"declared": true, "all": "", "scopes": {"contents": "read"}}

_input(triggers, wf_perms, jobs) := {
	"gha_workflows": [{
		"id": _f, "kind": "gha.workflow", "file": _f, "name": "Bot", "triggers": triggers,
		"permissions": wf_perms, "exprs": [],
		"jobs": [_job(j, wf_perms) | some j in jobs],
	}],
	"gha_actions": [], "files": [],
}

# A job from {"id", "perms"?, "secrets"? (names read by a step), "paths"?, "environment"?, "inherit"?}.
_job(j, wf_perms) := object.union(
	{
		"id": sprintf("%s#jobs.%s", [_f, j.id]), "kind": "gha.job", "file": _f, "workflow": _f, "job_id": j.id,
		"permissions": object.get(j, "perms", _undeclared),
		"effective_permissions": _effective(object.get(j, "perms", _undeclared), wf_perms),
		"exprs": [], "secrets_inherit": object.get(j, "inherit", false),
		"steps": [{
			"id": sprintf("%s#jobs.%s.steps[0]", [_f, j.id]), "kind": "gha.step", "file": _f, "index": 0, "run": "make",
			"exprs": [{
				"key": "run@0", "field": "run", "raw": "x", "untrusted": [],
				"paths": object.get(j, "paths", []), "secrets": object.get(j, "secrets", []),
			}],
		}],
	},
	{"environment": {"name": j.environment} | j.environment},
)

_effective(perms, _) := perms if perms.declared

_effective(perms, wf_perms) := wf_perms if not perms.declared

_msg_tail := "which get the default GITHUB_TOKEN (write on every scope where the repository or organization default is permissive)"

test_fail_privileged_trigger if {
	rule.findings == {{
		"node": _f, "key": "on",
		"msg": sprintf(`workflow "Bot" declares no permissions for job "label", %s while it runs on issue_comment, pull_request_target; declare least permissions, e.g. contents: read`, [_msg_tail]),
	}} with input as _input({"pull_request_target": {"types": ["opened"]}, "issue_comment": {}}, _undeclared, [{"id": "label"}])
}

test_fail_push_workflow_reading_secrets if {
	rule.findings == {{
		"node": _f, "key": "on",
		"msg": sprintf(`workflow "Bot" declares no permissions for job "build", job "publish", %s while job "publish" reads secrets.NPM_TOKEN; declare least permissions, e.g. contents: read`, [_msg_tail]),
	}} with input as _input({"push": {"tags": ["v*"]}}, _undeclared, [{"id": "build"}, {"id": "publish", "secrets": ["NPM_TOKEN"]}])
}

test_fail_only_the_undeclared_job_is_named if {
	jobs := [
		{"id": "test", "perms": _read, "secrets": ["CODECOV_TOKEN"]},
		{"id": "deploy", "environment": "production", "paths": ["github.token"]},
	]
	rule.findings == {{
		"node": _f, "key": "on",
		"msg": sprintf(`workflow "Bot" declares no permissions for job "deploy", %s while job "deploy" deploys to an environment, uses github.token; declare least permissions, e.g. contents: read`, [_msg_tail]),
	}} with input as _input({"push": {"branches": ["main"]}}, _undeclared, jobs)
}

test_fail_trigger_and_inherited_secrets if {
	[f.msg | some f in rule.findings] == [sprintf(`workflow "Bot" declares no permissions for job "call", %s while it runs on workflow_run and job "call" inherits secrets; declare least permissions, e.g. contents: read`, [_msg_tail])] with input as _input({"workflow_run": {"workflows": ["CI"]}}, _undeclared, [{"id": "call", "inherit": true}])
}

test_success_workflow_declares_permissions if {
	count(rule.findings) == 0 with input as _input({"pull_request_target": {}}, _read, [{"id": "deploy", "secrets": ["AWS_KEY"], "environment": "prod"}])
}

test_success_every_job_declares_permissions if {
	count(rule.findings) == 0 with input as _input({"issues": {}}, _undeclared, [{"id": "triage", "perms": _read, "secrets": ["BOT_TOKEN"]}])
}

test_success_plain_ci_without_secrets if {
	count(rule.findings) == 0 with input as _input({"push": {}, "pull_request": {}}, _undeclared, [{"id": "test", "paths": ["github.sha"]}])
}

test_success_reusable_workflow_only if {
	count(rule.findings) == 0 with input as _input({"workflow_call": {"secrets": ["NPM_TOKEN"]}}, _undeclared, [{"id": "publish", "secrets": ["NPM_TOKEN"]}])
}

test_fail_workflow_env_reads_secrets if {
	base := _input({"schedule": {"cron": ["0 3 * * *"]}}, _undeclared, [{"id": "sync"}])
	wf := object.union(base.gha_workflows[0], {"exprs": [{
		"key": "env.SLACK_WEBHOOK@0", "field": "env.SLACK_WEBHOOK", "raw": "secrets.SLACK_WEBHOOK",
		"paths": ["secrets.slack_webhook"], "untrusted": [], "secrets": ["SLACK_WEBHOOK"],
	}]})
	rule.findings == {{
		"node": _f, "key": "on",
		"msg": sprintf(`workflow "Bot" declares no permissions for job "sync", %s while its env reads secrets.SLACK_WEBHOOK; declare least permissions, e.g. contents: read`, [_msg_tail]),
	}} with input as object.union(base, {"gha_workflows": [wf]})
}
