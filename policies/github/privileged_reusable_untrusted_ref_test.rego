package nhilint.rules.github.privileged_reusable_untrusted_ref_test

import data.nhilint.rules.github.privileged_reusable_untrusted_ref as rule

_file := ".github/workflows/pr-target.yml"

_wid := concat("#", [_file, "workflow"])

_jid := concat("", [_file, "#jobs.build"])

_read := {"declared": true, "all": "read", "scopes": {}}

_e(field, paths) := {"key": concat("", [field, "@0"]), "field": field, "raw": "x", "paths": paths, "untrusted": [], "secrets": []}

_uses := {"raw": "octo-org/ci/.github/workflows/build.yml@v2", "type": "reusable", "owner": "octo-org", "repo": "ci", "path": ".github/workflows/build.yml", "ref": "v2", "pinned": false}

_head_with := {"ref": "${{ github.event.pull_request.head.sha }}", "node-version": "20"}

_head_exprs := [_e("with.ref", ["github.event.pull_request.head.sha"])]

_call(perms, extra) := object.union(
	{"id": _jid, "kind": "gha.job", "job_id": "build", "uses": _uses, "with": _head_with, "exprs": _head_exprs, "effective_permissions": perms},
	extra,
)

_wf(triggers, job) := {"id": _wid, "kind": "gha.workflow", "file": _file, "triggers": triggers, "exprs": [], "jobs": [job]}

_prt := {"pull_request_target": {}}

_prt_rel := {"node": _wid, "key": "on.pull_request_target", "msg": "pull_request_target runs with the base repository's secrets and token"}

_secrets_rel := {"node": _jid, "key": "secrets", "msg": "hands the caller's secrets to the called workflow"}

test_fail_secrets_inherit_with_head_sha if {
	wf := _wf(_prt, _call(_read, {"secrets_inherit": true}))
	rule.findings == {{
		"node": _jid, "key": "with.ref",
		"msg": "job \"build\" passes pull request code (with.ref \"${{ github.event.pull_request.head.sha }}\") to reusable workflow \"octo-org/ci/.github/workflows/build.yml@v2\" on pull_request_target, together with all its secrets (secrets: inherit)",
		"related": [_prt_rel, _secrets_rel],
	}} with input.gha_workflows as [wf]
}

test_fail_named_secrets_with_head_ref if {
	job := _call(_read, {
		"with": {"branch": "${{ github.head_ref }}"}, "exprs": [_e("with.branch", ["github.head_ref"])],
		"secrets": {"npm-token": "${{ secrets.NPM_TOKEN }}", "codecov-token": "${{ secrets.CODECOV_TOKEN }}"},
	})
	rule.findings == {{
		"node": _jid, "key": "with.branch",
		"msg": "job \"build\" passes pull request code (with.branch \"${{ github.head_ref }}\") to reusable workflow \"octo-org/ci/.github/workflows/build.yml@v2\" on pull_request_target, together with secrets codecov-token, npm-token",
		"related": [_prt_rel, _secrets_rel],
	}} with input.gha_workflows as [_wf(_prt, job)]
}

test_fail_write_token_on_workflow_run if {
	job := _call({"declared": false}, {
		"with": {"sha": "${{ github.event.workflow_run.head_sha }}"}, "exprs": [_e("with.sha", ["github.event.workflow_run.head_sha"])],
	})
	wf := _wf({"workflow_run": {"workflows": ["PR"]}}, job)
	rule.findings == {{
		"node": _jid, "key": "with.sha",
		"msg": "job \"build\" passes pull request code (with.sha \"${{ github.event.workflow_run.head_sha }}\") to reusable workflow \"octo-org/ci/.github/workflows/build.yml@v2\" on workflow_run, together with a GITHUB_TOKEN with the repository's default permissions (possibly write: none declared)",
		"related": [{"node": _wid, "key": "on.workflow_run", "msg": "workflow_run runs with the base repository's secrets and token"}],
	}} with input.gha_workflows as [wf]
}

test_success_no_secrets_read_only if {
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _call(_read, {}))]
}

test_success_base_ref_input if {
	job := _call(_read, {"secrets_inherit": true, "with": {"ref": "${{ github.base_ref }}"}, "exprs": [_e("with.ref", ["github.base_ref"])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, job)]
}

test_success_guarded_call if {
	job := _call(_read, {"secrets_inherit": true, "if": "github.event.pull_request.head.repo.full_name == github.repository"})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, job)]
}

test_success_pull_request_trigger if {
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, _call(_read, {"secrets_inherit": true}))]
}

test_success_merged_guard_in_needed_job if {
	labels := {"id": concat("", [_file, "#jobs.labels"]), "kind": "gha.job", "job_id": "labels", "if": "github.event.pull_request.merged == true", "exprs": [], "steps": []}
	job := _call(_read, {
		"needs": ["labels"], "secrets": {"app-key": "${{ secrets.APP_KEY }}"},
		"with": {"sha": "${{ github.event.pull_request.merge_commit_sha }}"}, "exprs": [_e("with.sha", ["github.event.pull_request.merge_commit_sha"])],
	})
	wf := {"id": _wid, "kind": "gha.workflow", "file": _file, "triggers": {"pull_request_target": {"types": ["closed"]}}, "exprs": [], "jobs": [labels, job]}
	count(rule.findings) == 0 with input.gha_workflows as [wf]
}
