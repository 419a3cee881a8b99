package nhilint.rules.github.privileged_untrusted_checkout_test

import data.nhilint.rules.github.privileged_untrusted_checkout as rule

_file := ".github/workflows/pr.yml"

_wid := concat("#", [_file, "workflow"])

_sid(i) := sprintf("%s#jobs.test.steps[%d]", [_file, i])

_undeclared := {"declared": false}

_read := {"declared": true, "all": "read", "scopes": {}}

_e(field, paths, secrets) := {"key": concat("", [field, "@0"]), "field": field, "raw": "x", "paths": paths, "untrusted": [], "secrets": secrets}

_wf(triggers, job) := {"id": _wid, "kind": "gha.workflow", "file": _file, "triggers": triggers, "exprs": [], "jobs": [job]}

_job(perms, extra, steps) := object.union(
	{"id": concat("", [_file, "#jobs.test"]), "kind": "gha.job", "job_id": "test", "effective_permissions": perms, "exprs": [], "steps": steps},
	extra,
)

_step(i, fields) := object.union({"id": _sid(i), "kind": "gha.step", "index": i, "exprs": []}, fields)

_uses(owner, repo) := {"raw": sprintf("%s/%s@v4.1.1", [owner, repo]), "type": "action", "owner": owner, "repo": repo, "path": "", "ref": "v4.1.1", "pinned": false}

_checkout_head := _step(0, {
	"name": "Check out PR", "uses": _uses("actions", "checkout"),
	"with": {"ref": "${{ github.event.pull_request.head.sha }}"},
	"exprs": [_e("with.ref", ["github.event.pull_request.head.sha"], [])],
})

_npm_test := _step(1, {"name": "Test", "run": "npm ci\nnpm test", "env": {"NPM_TOKEN": "${{ secrets.NPM_TOKEN }}"}, "exprs": [_e("env.NPM_TOKEN", ["secrets.npm_token"], ["NPM_TOKEN"])]})

_prt := {"pull_request_target": {"types": ["opened", "synchronize"]}}

_trigger_rel(t) := {"node": _wid, "key": concat(".", ["on", t]), "msg": sprintf("%s runs with the base repository's secrets and token", [t])}

test_fail_prt_checkout_head_sha_then_npm_test if {
	wf := _wf(_prt, _job(_undeclared, {}, [_checkout_head, _npm_test]))
	rule.findings == {{
		"node": _sid(0), "key": "with.ref",
		"msg": "step \"Check out PR\" in job \"test\" checks out with.ref \"${{ github.event.pull_request.head.sha }}\" on pull_request_target, and step \"Test\" runs that code with secrets NPM_TOKEN and a GITHUB_TOKEN with the repository's default permissions (possibly write: none declared) in reach",
		"related": [_trigger_rel("pull_request_target"), {"node": _sid(1), "key": "run", "msg": "runs the untrusted code"}],
	}} with input.gha_workflows as [wf]
}

test_fail_prt_refs_pull_merge_then_local_action if {
	checkout := _step(0, {
		"uses": _uses("actions", "checkout"), "with": {"ref": "refs/pull/${{ github.event.number }}/merge"},
		"exprs": [_e("with.ref", ["github.event.number"], [])],
	})
	build := _step(1, {"uses": {"raw": "./.github/actions/build", "type": "local", "pinned": true}})
	perms := {"declared": true, "all": "", "scopes": {"contents": "write"}}
	wf := _wf(_prt, _job(perms, {}, [checkout, build]))
	rule.findings == {{
		"node": _sid(0), "key": "with.ref",
		"msg": "step \"actions/checkout@v4.1.1\" in job \"test\" checks out with.ref \"refs/pull/${{ github.event.number }}/merge\" on pull_request_target, and step \"./.github/actions/build\" runs that code with a GITHUB_TOKEN with contents: write in reach",
		"related": [_trigger_rel("pull_request_target"), {"node": _sid(1), "key": "uses", "msg": "runs the untrusted code"}],
	}} with input.gha_workflows as [wf]
}

test_fail_prt_checkout_fork_repository if {
	checkout := _step(0, {
		"name": "Fork", "uses": _uses("actions", "checkout"),
		"with": {"repository": "${{ github.event.pull_request.head.repo.full_name }}"},
		"exprs": [_e("with.repository", ["github.event.pull_request.head.repo.full_name"], [])],
	})
	run := _step(1, {"name": "Build", "run": "./gradlew build"})
	wf := _wf(_prt, _job({"declared": true, "all": "write", "scopes": {}}, {}, [checkout, run]))
	rule.findings == {{
		"node": _sid(0), "key": "with.repository",
		"msg": "step \"Fork\" in job \"test\" checks out with.repository \"${{ github.event.pull_request.head.repo.full_name }}\" on pull_request_target, and step \"Build\" runs that code with a write-all GITHUB_TOKEN in reach",
		"related": [_trigger_rel("pull_request_target"), {"node": _sid(1), "key": "run", "msg": "runs the untrusted code"}],
	}} with input.gha_workflows as [wf]
}

test_fail_issue_comment_gh_pr_checkout_and_make_in_one_script if {
	run := _step(0, {
		"name": "Run benchmarks", "run": "gh pr checkout ${{ github.event.issue.number }}\nmake bench",
		"env": {"GH_TOKEN": "${{ secrets.BOT_TOKEN }}"},
		"exprs": [_e("run", ["github.event.issue.number"], []), _e("env.GH_TOKEN", ["secrets.bot_token"], ["BOT_TOKEN"])],
	})
	wf := _wf({"issue_comment": {"types": ["created"]}}, _job(_read, {"if": "contains(github.event.comment.body, '/bench')"}, [run]))
	rule.findings == {{
		"node": _sid(0), "key": "run",
		"msg": "step \"Run benchmarks\" in job \"test\" checks out the pull request head in its run script on issue_comment, and runs it in the same script with secrets BOT_TOKEN in reach",
		"related": [_trigger_rel("issue_comment"), {"node": _sid(0), "key": "run", "msg": "runs the untrusted code"}],
	}} with input.gha_workflows as [wf]
}

test_fail_workflow_run_artifact_of_pr_run if {
	ci := {"id": ".github/workflows/ci.yml", "name": "CI", "triggers": {"pull_request": {}}, "jobs": [], "exprs": []}
	download := _step(0, {
		"uses": _uses("actions", "download-artifact"),
		"with": {"name": "site", "run-id": "${{ github.event.workflow_run.id }}", "github-token": "${{ github.token }}"},
		"exprs": [_e("with.run-id", ["github.event.workflow_run.id"], []), _e("with.github-token", ["github.token"], [])],
	})
	deploy := _step(1, {"name": "Deploy preview", "run": "bash site/deploy.sh", "exprs": [_e("env.NETLIFY_TOKEN", ["secrets.netlify_token"], ["NETLIFY_TOKEN"])]})
	wf := _wf({"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}, _job(_read, {}, [download, deploy]))
	rule.findings == {{
		"node": _sid(0), "key": "with.run-id",
		"msg": "step \"actions/download-artifact@v4.1.1\" in job \"test\" downloads the artifacts of the triggering run (with.run-id \"${{ github.event.workflow_run.id }}\") on workflow_run, and step \"Deploy preview\" runs that code with secrets NETLIFY_TOKEN in reach",
		"related": [_trigger_rel("workflow_run"), {"node": _sid(1), "key": "run", "msg": "runs the untrusted code"}],
	}} with input.gha_workflows as [ci, wf]
}

test_success_labeler_without_checkout if {
	label := _step(0, {"uses": _uses("actions", "labeler"), "with": {"repo-token": "${{ secrets.GITHUB_TOKEN }}"}})
	wf := _wf(_prt, _job({"declared": true, "all": "", "scopes": {"pull-requests": "write"}}, {}, [label]))
	count(rule.findings) == 0 with input.gha_workflows as [wf]
}

test_success_job_guarded_same_repo if {
	job := _job(_undeclared, {"if": "github.event.pull_request.head.repo.full_name == github.repository"}, [_checkout_head, _npm_test])
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, job)]
}

test_success_step_guarded_same_repo if {
	guarded := object.union(_checkout_head, {"if": "${{ !github.event.pull_request.head.repo.fork }}"})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _job(_undeclared, {}, [guarded, _npm_test]))]
}

test_success_base_checkouts if {
	plain := _step(0, {"uses": _uses("actions", "checkout")})
	base := _step(0, {"uses": _uses("actions", "checkout"), "with": {"ref": "${{ github.event.pull_request.base.sha }}"}, "exprs": [_e("with.ref", ["github.event.pull_request.base.sha"], [])]})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _job(_undeclared, {}, [plain, _npm_test]))]
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _job(_undeclared, {}, [base, _npm_test]))]
}

test_success_head_checkout_not_executed if {
	diff := _step(1, {"name": "Diff", "run": "git diff --stat origin/main...HEAD > diff.txt"})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _job(_undeclared, {}, [_checkout_head, diff]))]
}

test_success_read_only_token_no_secrets if {
	test := _step(1, {"name": "Test", "run": "npm test"})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _job(_read, {}, [_checkout_head, test]))]
}

test_success_checkout_release_that_refuses_fork_refs if {
	v7 := object.union(_checkout_head, {"uses": {"raw": "actions/checkout@v7", "type": "action", "owner": "actions", "repo": "checkout", "path": "", "ref": "v7", "pinned": false}})
	count(rule.findings) == 0 with input.gha_workflows as [_wf(_prt, _job(_undeclared, {}, [v7, _npm_test]))]
}

test_success_pull_request_trigger if {
	count(rule.findings) == 0 with input.gha_workflows as [_wf({"pull_request": {}}, _job(_undeclared, {}, [_checkout_head, _npm_test]))]
}

test_success_workflow_run_after_push_build if {
	release := {"id": ".github/workflows/build.yml", "name": "Build", "triggers": {"push": {"branches": ["main"]}}, "jobs": [], "exprs": []}
	checkout := _step(0, {
		"uses": _uses("actions", "checkout"), "with": {"ref": "${{ github.event.workflow_run.head_sha }}"},
		"exprs": [_e("with.ref", ["github.event.workflow_run.head_sha"], [])],
	})
	wf := _wf({"workflow_run": {"workflows": ["Build"], "types": ["completed"]}}, _job(_undeclared, {}, [checkout, _npm_test]))
	count(rule.findings) == 0 with input.gha_workflows as [release, wf]
}
