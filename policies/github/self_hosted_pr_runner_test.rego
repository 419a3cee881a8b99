package nhilint.rules.github.self_hosted_pr_runner_test

import data.nhilint.rules.github.self_hosted_pr_runner as rule

_file := ".github/workflows/ci.yml"

_wid := concat("#", [_file, "workflow"])

_jid := concat("", [_file, "#jobs.test"])

_job(runs_on, extra) := object.union({"id": _jid, "kind": "gha.job", "job_id": "test", "runs_on": runs_on, "steps": [], "exprs": []}, extra)

_wf(triggers, job) := {"id": _wid, "kind": "gha.workflow", "file": _file, "triggers": triggers, "exprs": [], "jobs": [job]}

_self := {"labels": ["self-hosted", "linux", "x64"], "self_hosted": true, "github_hosted": false}

_rel(t) := {"node": _wid, "key": concat(".", ["on", t]), "msg": sprintf("%s runs for pull requests from forks", [t])}

test_fail_pull_request_on_self_hosted if {
	wf := _wf({"push": {"branches": ["main"]}, "pull_request": {}}, _job(_self, {}))
	rule.findings == {{
		"node": _jid, "key": "runs-on",
		"msg": "job \"test\" runs on self-hosted runner [self-hosted, linux, x64] and is triggered by pull_request: pull requests from forks run their code on that machine",
		"related": [_rel("pull_request")],
	}} with input.gha_workflows as [wf]
}

test_fail_pull_request_target_and_review_comment if {
	wf := _wf({"pull_request_target": {}, "pull_request_review_comment": {}}, _job({"labels": ["Self-Hosted"], "self_hosted": true, "github_hosted": false}, {}))
	rule.findings == {{
		"node": _jid, "key": "runs-on",
		"msg": "job \"test\" runs on self-hosted runner [Self-Hosted] and is triggered by pull_request_review_comment, pull_request_target: pull requests from forks run their code on that machine",
		"related": [_rel("pull_request_review_comment"), _rel("pull_request_target")],
	}} with input.gha_workflows as [wf]
}

test_success_github_hosted if {
	wf := _wf({"pull_request": {}}, _job({"labels": ["ubuntu-latest"], "self_hosted": false, "github_hosted": true}, {}))
	count(rule.findings) == 0 with input.gha_workflows as [wf]
}

test_success_push_only if {
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"push": {}, "workflow_dispatch": {}}, _job(_self, {}))]
}

test_success_guarded_same_repo if {
	job := _job(_self, {"if": "github.event.pull_request.head.repo.full_name == github.repository"})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, job)]
}

test_success_runner_group_unknown if {
	job := _job({"labels": [], "group": "large-runners", "self_hosted": false, "github_hosted": false}, {})
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, job)]
}
