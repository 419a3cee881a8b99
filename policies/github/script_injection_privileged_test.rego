package nhilint.rules.github.script_injection_privileged_test

import data.nhilint.rules.github.script_injection_privileged as rule

_file := ".github/workflows/triage.yml"

_wid := concat("#", [_file, "workflow"])

_sid := concat("", [_file, "#jobs.triage.steps[0]"])

_e(key, field, path, untrusted) := {"key": key, "field": field, "raw": path, "paths": [path], "untrusted": untrusted, "secrets": []}

_wf(triggers, step) := {
	"id": _wid, "kind": "gha.workflow", "file": _file, "triggers": triggers, "exprs": [],
	"jobs": [{"id": concat("", [_file, "#jobs.triage"]), "kind": "gha.job", "job_id": "triage", "exprs": [], "steps": [step]}],
}

_step(fields) := object.union({"id": _sid, "kind": "gha.step", "index": 0, "name": "Route"}, fields)

_body := "github.event.comment.body"

_rel(t) := {"node": _wid, "key": concat(".", ["on", t]), "msg": sprintf("%s can be fired by an outside user", [t])}

test_fail_comment_body_in_run_on_issue_comment if {
	step := _step({"run": "if [[ \"${{ github.event.comment.body }}\" == /deploy* ]]; then echo go; fi", "exprs": [_e("run@0", "run", _body, [_body])]})
	rule.findings == {{
		"node": _sid, "key": "run@0",
		"msg": "step \"Route\" in job \"triage\" expands github.event.comment.body into its run script on issue_comment: an outside user supplies that text and runs code with the workflow's secrets and token; pass it through env: and use the quoted shell variable",
		"related": [_rel("issue_comment")],
	}} with input.gha_workflows as [_wf({"issue_comment": {"types": ["created"]}}, step)]
}

test_fail_head_branch_in_github_script_on_workflow_run if {
	path := "github.event.workflow_run.head_branch"
	uses := {"raw": "actions/github-script@v7", "type": "action", "owner": "actions", "repo": "github-script", "path": "", "ref": "v7"}
	step := _step({"uses": uses, "with": {"script": "core.info('${{ github.event.workflow_run.head_branch }}')"}, "exprs": [_e("with.script@0", "with.script", path, [path])]})
	rule.findings == {{
		"node": _sid, "key": "with.script@0",
		"msg": "step \"Route\" in job \"triage\" expands github.event.workflow_run.head_branch into its github-script script on workflow_run: an outside user supplies that text and runs code with the workflow's secrets and token; pass it through env: and read process.env",
		"related": [_rel("workflow_run")],
	}} with input.gha_workflows as [_wf({"workflow_run": {"workflows": ["CI"]}}, step)]
}

test_fail_names_only_the_triggers_that_fill_the_path if {
	path := "github.event.issue.title"
	step := _step({"run": "echo ${{ github.event.issue.title }}", "exprs": [_e("run@0", "run", path, [path])]})
	rule.findings == {{
		"node": _sid, "key": "run@0",
		"msg": "step \"Route\" in job \"triage\" expands github.event.issue.title into its run script on issues: an outside user supplies that text and runs code with the workflow's secrets and token; pass it through env: and use the quoted shell variable",
		"related": [_rel("issues")],
	}} with input.gha_workflows as [_wf({"issues": {"types": ["opened"]}, "pull_request_target": {}}, step)]
}

test_success_env_indirection if {
	step := _step({"run": "echo \"$BODY\"", "env": {"BODY": "${{ github.event.comment.body }}"}, "exprs": [_e("env.BODY@0", "env.BODY", _body, [_body])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"issue_comment": {}}, step)]
}

test_success_trusted_number if {
	path := "github.event.issue.number"
	step := _step({"run": "gh issue edit ${{ github.event.issue.number }} --add-label triage", "exprs": [_e("run@0", "run", path, [])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"issues": {}}, step)]
}

test_success_path_filled_only_by_unprivileged_trigger if {
	path := "github.event.pull_request.title"
	step := _step({"run": "echo ${{ github.event.pull_request.title }}", "exprs": [_e("run@0", "run", path, [path])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"issues": {}, "pull_request": {}}, step)]
}

test_success_unprivileged_trigger_left_to_base_rule if {
	step := _step({"run": "echo ${{ github.event.comment.body }}", "exprs": [_e("run@0", "run", _body, [_body])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request_review_comment": {}}, step)]
}
