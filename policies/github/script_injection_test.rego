package nhilint.rules.github.script_injection_test

import data.nhilint.rules.github.script_injection as rule

_file := ".github/workflows/pr-title.yml"

_sid := concat("", [_file, "#jobs.check.steps[0]"])

_e(key, field, paths, untrusted) := {"key": key, "field": field, "raw": concat(" || ", paths), "paths": paths, "untrusted": untrusted, "secrets": []}

_title := "github.event.pull_request.title"

_wf(triggers, step) := {
	"id": concat("#", [_file, "workflow"]), "kind": "gha.workflow", "file": _file, "triggers": triggers, "exprs": [],
	"jobs": [{"id": concat("", [_file, "#jobs.check"]), "kind": "gha.job", "job_id": "check", "exprs": [], "steps": [step]}],
}

_step(fields) := object.union({"id": _sid, "kind": "gha.step", "index": 0}, fields)

_script := {"raw": "actions/github-script@v7", "type": "action", "owner": "actions", "repo": "github-script", "path": "", "ref": "v7", "pinned": false}

test_fail_pr_title_in_run if {
	step := _step({"name": "Check title", "run": "echo \"${{ github.event.pull_request.title }}\" | grep -E '^feat'", "exprs": [_e("run@0", "run", [_title], [_title])]})
	rule.findings == {{
		"node": _sid, "key": "run@0",
		"msg": "step \"Check title\" in job \"check\" expands github.event.pull_request.title, which an outside user controls, into its run script; pass it through env: and use the quoted shell variable",
	}} with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_fail_one_finding_per_expression if {
	step := _step({"run": "echo ${{ github.head_ref }} ${{ github.event.pull_request.body }}", "exprs": [
		_e("run@0", "run", ["github.head_ref"], ["github.head_ref"]),
		_e("run@1", "run", ["github.event.pull_request.body"], ["github.event.pull_request.body"]),
	]})
	rule.findings == {
		{"node": _sid, "key": "run@0", "msg": "step \"#1\" in job \"check\" expands github.head_ref, which an outside user controls, into its run script; pass it through env: and use the quoted shell variable"},
		{"node": _sid, "key": "run@1", "msg": "step \"#1\" in job \"check\" expands github.event.pull_request.body, which an outside user controls, into its run script; pass it through env: and use the quoted shell variable"},
	} with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_fail_github_script if {
	step := _step({"name": "Lint title", "uses": _script, "with": {"script": "const t = '${{ github.event.pull_request.title }}'"}, "exprs": [_e("with.script@0", "with.script", [_title], [_title])]})
	rule.findings == {{
		"node": _sid, "key": "with.script@0",
		"msg": "step \"Lint title\" in job \"check\" expands github.event.pull_request.title, which an outside user controls, into its github-script script; pass it through env: and read process.env",
	}} with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_fail_composite_action_step if {
	msgpath := "github.event.head_commit.message"
	step := {"id": "action.yml#runs.steps[1]", "kind": "gha.step", "index": 1, "run": "echo ${{ github.event.head_commit.message }}", "exprs": [_e("run@0", "run", [msgpath], [msgpath])]}
	action := {"id": "action.yml", "kind": "gha.action", "file": "action.yml", "name": "Release notes", "runs": {"using": "composite"}, "steps": [step]}
	rule.findings == {{
		"node": "action.yml#runs.steps[1]", "key": "run@0",
		"msg": "step \"#2\" of action \"Release notes\" expands github.event.head_commit.message, which an outside user controls, into its run script; pass it through env: and use the quoted shell variable",
	}} with input.gha_workflows as [] with input.gha_actions as [action]
}

test_fail_path_filled_only_by_unprivileged_trigger if {
	step := _step({"name": "Echo", "run": "echo ${{ github.event.pull_request.title }}", "exprs": [_e("run@0", "run", [_title], [_title])]})
	rule.findings == {{
		"node": _sid, "key": "run@0",
		"msg": "step \"Echo\" in job \"check\" expands github.event.pull_request.title, which an outside user controls, into its run script; pass it through env: and use the quoted shell variable",
	}} with input.gha_workflows as [_wf({"pull_request": {}, "issues": {}}, step)] with input.gha_actions as []
}

test_success_path_not_filled_by_any_trigger if {
	step := _step({"run": "echo ${{ github.event.issue.title }}", "exprs": [_e("run@0", "run", ["github.event.issue.title"], ["github.event.issue.title"])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"workflow_dispatch": {}}, step)] with input.gha_actions as []
}

test_success_env_indirection if {
	step := _step({"run": "echo \"$TITLE\"", "env": {"TITLE": "${{ github.event.pull_request.title }}"}, "exprs": [_e("env.TITLE@0", "env.TITLE", [_title], [_title])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_success_trusted_context_in_run if {
	step := _step({"run": "echo ${{ github.event.pull_request.number }} ${{ inputs.version }}", "exprs": [
		_e("run@0", "run", ["github.event.pull_request.number"], []),
		_e("run@1", "run", ["inputs.version"], []),
	]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_success_untrusted_in_other_action_input if {
	step := _step({"uses": {"raw": "octo/notify@v1", "type": "action", "owner": "octo", "repo": "notify", "path": "", "ref": "v1"}, "with": {"message": "${{ github.event.pull_request.title }}"}, "exprs": [_e("with.message@0", "with.message", [_title], [_title])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_success_privileged_trigger_left_to_privileged_rule if {
	step := _step({"run": "echo ${{ github.event.pull_request.title }}", "exprs": [_e("run@0", "run", [_title], [_title])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request_target": {}}, step)] with input.gha_actions as []
}

_json_expr(key, field, in_string) := {
	"key": key, "field": field, "raw": "toJSON(github.event.pull_request)", "paths": ["github.event.pull_request"],
	"untrusted": ["github.event.pull_request"], "secrets": [], "in_string": in_string,
}

test_success_github_script_json_literal if {
	step := _step({"uses": _script, "with": {"script": "const pr = ${{ toJSON(github.event.pull_request) }};"}, "exprs": [_json_expr("with.script@0", "with.script", false)]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_fail_github_script_json_in_quotes if {
	step := _step({"uses": _script, "with": {"script": "const pr = JSON.parse('${{ toJSON(github.event.pull_request) }}');"}, "exprs": [_json_expr("with.script@0", "with.script", true)]})
	rule.findings == {{
		"node": _sid, "key": "with.script@0",
		"msg": "step \"actions/github-script@v7\" in job \"check\" expands github.event.pull_request, which an outside user controls, into its github-script script; pass it through env: and read process.env",
	}} with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}

test_fail_json_in_shell if {
	step := _step({"run": "echo ${{ toJSON(github.event.pull_request) }} | jq .title", "exprs": [_json_expr("run@0", "run", false)]})
	rule.findings == {{
		"node": _sid, "key": "run@0",
		"msg": "step \"#1\" in job \"check\" expands github.event.pull_request, which an outside user controls, into its run script; pass it through env: and use the quoted shell variable",
	}} with input.gha_workflows as [_wf({"pull_request": {}}, step)] with input.gha_actions as []
}
