package nhilint.lib.gha_test

import data.nhilint.lib.gha

_expr(field, raw, paths) := {"key": concat("", [field, "@0"]), "field": field, "raw": raw, "paths": paths, "untrusted": [], "secrets": []}

_secret_expr(field, name) := {"key": concat("", [field, "@0"]), "field": field, "raw": concat(".", ["secrets", name]), "paths": [concat(".", ["secrets", lower(name)])], "untrusted": [], "secrets": [name]}

_uses(owner, repo, ref) := {"raw": sprintf("%s/%s@%s", [owner, repo, ref]), "type": "action", "owner": owner, "repo": repo, "path": "", "ref": ref, "pinned": false}

_checkout(ref_value, exprs) := {
	"id": "w#jobs.a.steps[0]", "index": 0,
	"uses": _uses("actions", "checkout", "v4.2.2"),
	"with": {"ref": ref_value}, "exprs": exprs,
}

_prt := {"triggers": {"pull_request_target": {}}, "exprs": []}

test_privileged_triggers if {
	gha.privileged_triggers({"triggers": {"push": {}, "workflow_run": {}, "issue_comment": {}}}) == ["issue_comment", "workflow_run"]
	gha.privileged_triggers({"triggers": {"pull_request": {}}}) == []
}

test_step_label if {
	gha.step_label({"index": 2, "name": "Build", "step_id": "b"}) == "Build"
	gha.step_label({"index": 2, "step_id": "b"}) == "b"
	gha.step_label({"index": 2, "uses": {"raw": "actions/checkout@v4"}}) == "actions/checkout@v4"
	gha.step_label({"index": 2, "run": "make"}) == "#3"
}

test_fork_guarded if {
	gha.fork_guarded({"if": "github.event.pull_request.head.repo.full_name == github.repository"})
	gha.fork_guarded({"if": "${{ github.repository == github.event.pull_request.head.repo.full_name }}"})
	gha.fork_guarded({"if": "github.event.pull_request.head.repo.full_name == 'octo/app' && github.actor != 'x'"})
	gha.fork_guarded({"if": "github.event.workflow_run.head_repository.full_name == github.repository"})
	gha.fork_guarded({"if": "!github.event.pull_request.head.repo.fork"})
	gha.fork_guarded({"if": "github.event.pull_request.head.repo.fork == false"})
	gha.fork_guarded({"if": "github.event.pull_request.merged == true && contains(github.event.pull_request.labels.*.name, 'backport')"})
	gha.fork_guarded({"if": "${{ github.event.pull_request.merged }}"})
}

test_not_fork_guarded if {
	not gha.fork_guarded({"if": "github.event.pull_request.head.repo.full_name != github.repository"})
	not gha.fork_guarded({"if": "github.event.pull_request.head.repo.full_name == github.repository_owner"})
	not gha.fork_guarded({"if": "contains(github.event.pull_request.labels.*.name, 'safe to test')"})
	not gha.fork_guarded({"if": "github.event.comment.author_association == 'MEMBER'"})
	not gha.fork_guarded({"if": "!github.event.pull_request.merged"})
	not gha.fork_guarded({"if": "github.event.pull_request.merged == false"})
	not gha.fork_guarded({})
}

test_live_triggers if {
	wf := {"triggers": {"pull_request": {}, "issue_comment": {}, "push": {}}}
	gha.live_triggers(wf, "github.event.pull_request.head.sha") == {"pull_request"}
	gha.live_triggers(wf, "github.event.issue.title") == {"issue_comment"}
	gha.live_triggers(wf, "github.event.head_commit.message") == {"push"}
	gha.live_triggers(wf, "github.event.number") == {"pull_request", "issue_comment", "push"}
	gha.live_triggers({"triggers": {"workflow_call": {}}}, "github.event.issue.title") == {"workflow_call"}
	gha.live_triggers({"triggers": {"workflow_dispatch": {}}}, "github.event.issue.title") == set()
}

test_untrusted_ref_expr if {
	e := _expr("with.ref", "github.event.pull_request.head.sha || github.sha", ["github.event.pull_request.head.sha", "github.sha"])
	gha.untrusted_ref_expr(_prt, e)
	not gha.untrusted_ref_expr({"triggers": {"pull_request": {}, "issue_comment": {}}}, e)
	text := _expr("with.focus", "startsWith(github.event.pull_request.head.ref, 'backports/') && 'a backport'", ["github.event.pull_request.head.ref"])
	not gha.untrusted_ref_expr(_prt, text)
}

test_untrusted_source_checkout_head_sha if {
	e := _expr("with.ref", "github.event.pull_request.head.sha", ["github.event.pull_request.head.sha"])
	step := _checkout("${{ github.event.pull_request.head.sha }}", [e])
	gha.untrusted_source(_prt, step) == {"key": "with.ref", "what": "checks out with.ref \"${{ github.event.pull_request.head.sha }}\""}
}

test_untrusted_source_checkout_head_ref if {
	e := _expr("with.ref", "github.head_ref", ["github.head_ref"])
	gha.untrusted_source(_prt, _checkout("${{ github.head_ref }}", [e])).key == "with.ref"
}

test_untrusted_source_checkout_refs_pull if {
	e := _expr("with.ref", "github.event.number", ["github.event.number"])
	gha.untrusted_source(_prt, _checkout("refs/pull/${{ github.event.number }}/merge", [e])).key == "with.ref"
}

test_untrusted_source_checkout_repository if {
	e := _expr("with.repository", "github.event.pull_request.head.repo.full_name", ["github.event.pull_request.head.repo.full_name"])
	step := {"index": 0, "uses": _uses("actions", "checkout", "v4.2.2"), "with": {"repository": "${{ github.event.pull_request.head.repo.full_name }}"}, "exprs": [e]}
	gha.untrusted_source(_prt, step).key == "with.repository"
}

test_not_untrusted_source_base_checkouts if {
	not gha.untrusted_source(_prt, {"index": 0, "uses": _uses("actions", "checkout", "v4"), "exprs": []})
	e := _expr("with.ref", "github.event.pull_request.base.sha", ["github.event.pull_request.base.sha"])
	not gha.untrusted_source(_prt, _checkout("${{ github.event.pull_request.base.sha }}", [e]))
	b := _expr("with.ref", "github.base_ref", ["github.base_ref"])
	not gha.untrusted_source(_prt, _checkout("${{ github.base_ref }}", [b]))
}

test_checkout_refusing_fork_refs if {
	e := _expr("with.ref", "github.event.pull_request.head.sha", ["github.event.pull_request.head.sha"])
	floating := object.union(_checkout("${{ github.event.pull_request.head.sha }}", [e]), {"uses": _uses("actions", "checkout", "v4")})
	not gha.untrusted_source(_prt, floating)
	v7 := object.union(floating, {"uses": _uses("actions", "checkout", "v7.0.1")})
	not gha.untrusted_source(_prt, v7)
	unsafe := object.union(v7, {"with": {"allow-unsafe-pr-checkout": "true"}})
	gha.untrusted_source(_prt, unsafe).key == "with.ref"
	refs := object.union(floating, {"with": {"ref": "refs/pull/${{ github.event.issue.number }}/head"}, "exprs": []})
	gha.untrusted_source({"triggers": {"issue_comment": {}}}, refs).key == "with.ref"
}

test_untrusted_source_run_scripts if {
	gha.untrusted_source(_prt, {"index": 1, "run": "gh pr checkout ${{ github.event.issue.number }}", "exprs": []}) == {"key": "run", "what": "checks out the pull request head in its run script"}
	gha.untrusted_source(_prt, {"index": 1, "run": "git fetch origin pull/42/head:pr && git checkout pr", "exprs": []}).key == "run"
	e := _expr("run", "github.event.pull_request.head.sha", ["github.event.pull_request.head.sha"])
	gha.untrusted_source(_prt, {"index": 1, "run": "git checkout ${{ github.event.pull_request.head.sha }}", "exprs": [e]}) == {"key": "run", "what": "checks out a pull request ref in its run script"}
	not gha.untrusted_source(_prt, {"index": 1, "run": "echo ${{ github.event.pull_request.head.sha }}", "exprs": [e]})
	not gha.untrusted_source(_prt, {"index": 1, "run": "git fetch origin pull/$PR/head\ngit diff \"$BASE\"...\"$HEAD\" > pr.diff", "exprs": []})
}

_wr(workflows) := {"triggers": {"workflow_run": {"workflows": workflows, "types": ["completed"]}}, "exprs": []}

_download(run_id_expr) := {
	"index": 0, "uses": _uses("actions", "download-artifact", "v4"),
	"with": {"run-id": "${{ github.event.workflow_run.id }}"},
	"exprs": [_expr("with.run-id", "github.event.workflow_run.id", [run_id_expr])],
}

test_untrusted_source_artifact_of_pr_run if {
	ups := [{"name": "CI", "triggers": {"pull_request": {}}}]
	gha.untrusted_source(_wr(["CI"]), _download("github.event.workflow_run.id")).key == "with.run-id" with input.gha_workflows as ups
}

test_untrusted_source_artifact_unknown_upstream if {
	gha.untrusted_source(_wr(["Elsewhere"]), _download("github.event.workflow_run.id")).key == "with.run-id" with input.gha_workflows as []
}

test_not_untrusted_source_artifact_of_push_run if {
	ups := [{"name": "Release build", "triggers": {"push": {"branches": ["main"]}}}]
	not gha.untrusted_source(_wr(["Release build"]), _download("github.event.workflow_run.id")) with input.gha_workflows as ups
}

test_untrusted_source_dawidd6 if {
	old := {"index": 0, "uses": _uses("dawidd6", "action-download-artifact", "v2"), "with": {"run_id": "${{ github.event.workflow_run.id }}"}, "exprs": [_expr("with.run_id", "github.event.workflow_run.id", ["github.event.workflow_run.id"])]}
	gha.untrusted_source(_wr(["CI"]), old).key == "uses" with input.gha_workflows as []
	forks := {"index": 0, "uses": _uses("dawidd6", "action-download-artifact", "v6"), "with": {"allow_forks": "true"}, "exprs": []}
	gha.untrusted_source(_wr(["CI"]), forks).key == "uses" with input.gha_workflows as []
	new := object.union(old, {"uses": _uses("dawidd6", "action-download-artifact", "v6")})
	not gha.untrusted_source(_wr(["CI"]), new) with input.gha_workflows as []
}

test_executes_code if {
	gha.executes_code({"run": "npm ci\nnpm test"})
	gha.executes_code({"run": "echo hi && ./gradlew build"})
	gha.executes_code({"run": "cd app; make"})
	gha.executes_code({"run": "sudo python3 setup.py install"})
	gha.executes_code({"uses": {"type": "local", "raw": "./.github/actions/build"}})
	gha.executes_code({"uses": {"type": "action", "owner": "docker", "repo": "build-push-action", "path": ""}})
	gha.executes_code({"uses": {"type": "action", "owner": "github", "repo": "codeql-action", "path": "autobuild"}})
}

test_not_executes_code if {
	not gha.executes_code({"run": "echo \"pr is $PR\"\ncat ./pr.txt"})
	not gha.executes_code({"run": "gh pr comment 1 --body-file out.md"})
	not gha.executes_code({"uses": {"type": "action", "owner": "github", "repo": "codeql-action", "path": "analyze"}})
	not gha.executes_code({"uses": {"type": "action", "owner": "actions", "repo": "labeler", "path": ""}})
}

test_exec_after if {
	job := {"steps": [
		{"index": 0, "run": "npm ci"},
		{"index": 1, "uses": _uses("actions", "checkout", "v4")},
		{"index": 2, "run": "echo ok"},
		{"index": 3, "if": "github.event.pull_request.head.repo.full_name == github.repository", "run": "make"},
		{"index": 4, "run": "npm test"},
		{"index": 5, "run": "make"},
	]}
	gha.exec_after(job, job.steps[1]).index == 4
	not gha.exec_after(job, {"index": 5, "uses": _uses("actions", "checkout", "v4")})
}

test_exec_after_same_run_step if {
	job := {"steps": [{"index": 0, "run": "gh pr checkout 1\nnpm test"}]}
	gha.exec_after(job, job.steps[0]).index == 0
}

test_job_secrets if {
	wf := {"exprs": [_secret_expr("env.SLACK", "SLACK_HOOK")]}
	job := {"exprs": [], "steps": [
		{"index": 0, "exprs": [_secret_expr("with.token", "GITHUB_TOKEN")]},
		{"index": 1, "exprs": [_secret_expr("env.NPM_TOKEN", "NPM_TOKEN")]},
	]}
	gha.job_secrets(wf, job) == {"SLACK_HOOK", "NPM_TOKEN"}
}

test_token_write if {
	gha.token_write({"effective_permissions": {"declared": false}}) == "a GITHUB_TOKEN with the repository's default permissions (possibly write: none declared)"
	gha.token_write({"effective_permissions": {"declared": true, "all": "write", "scopes": {}}}) == "a write-all GITHUB_TOKEN"
	p := {"declared": true, "all": "", "scopes": {"contents": "read", "pull-requests": "write", "id-token": "write"}}
	gha.token_write({"effective_permissions": p}) == "a GITHUB_TOKEN with id-token: write, pull-requests: write"
	gha.token_write({"effective_permissions": {"declared": true, "all": "", "scopes": {}, "expr": "${{ x }}"}}) == "a GITHUB_TOKEN whose permissions come from an expression"
}

test_token_read_only if {
	not gha.token_write({"effective_permissions": {"declared": true, "all": "read", "scopes": {}}})
	not gha.token_write({"effective_permissions": {"declared": true, "all": "none", "scopes": {}}})
	not gha.token_write({"effective_permissions": {"declared": true, "all": "", "scopes": {"contents": "read"}}})
}

test_reach if {
	ro := {"declared": true, "all": "read", "scopes": {}}
	job := {"effective_permissions": ro, "exprs": [_secret_expr("env.B", "B"), _secret_expr("env.A", "A")]}
	gha.reach({}, job) == "secrets A, B"
	all := {"effective_permissions": {"declared": false}, "exprs": [{"secrets": ["*"], "field": "env.ALL"}]}
	gha.reach({}, all) == "the whole secrets context and a GITHUB_TOKEN with the repository's default permissions (possibly write: none declared)"
	not gha.reach({}, {"effective_permissions": ro, "exprs": []})
}

test_injections if {
	run := {"key": "run@0", "field": "run", "raw": "github.event.issue.title", "paths": ["github.event.issue.title"], "untrusted": ["github.event.issue.title"], "secrets": []}
	env := object.union(run, {"key": "env.TITLE@0", "field": "env.TITLE"})
	safe := object.union(run, {"key": "run@1", "raw": "github.event.issue.number", "paths": ["github.event.issue.number"], "untrusted": []})
	wf := {"triggers": {"issues": {}, "push": {}}}
	gha.injections(wf, {"run": "x", "exprs": [run, env, safe]}) == {{"expr": run, "paths": "github.event.issue.title", "sink": {"what": "run script", "fix": "pass it through env: and use the quoted shell variable"}, "privileged": ["issues"]}}
	script := object.union(run, {"key": "with.script@0", "field": "with.script"})
	gha.injections(gha.caller_context, {"uses": _uses("actions", "github-script", "v7"), "exprs": [script]}) == {{"expr": script, "paths": "github.event.issue.title", "sink": {"what": "github-script script", "fix": "pass it through env: and read process.env"}, "privileged": []}}
	count(gha.injections(wf, {"uses": _uses("octo", "script-runner", "v1"), "exprs": [script]})) == 0
}

test_injections_path_not_filled_by_trigger if {
	run := {"key": "run@0", "field": "run", "raw": "github.event.issue.title", "paths": ["github.event.issue.title"], "untrusted": ["github.event.issue.title"], "secrets": []}
	count(gha.injections({"triggers": {"workflow_dispatch": {}}}, {"run": "x", "exprs": [run]})) == 0
}

test_uses_sites if {
	step := {"id": "s", "index": 0, "name": "Lint", "uses": _uses("octo", "lint", "v1")}
	call := {"id": "j2", "job_id": "release", "uses": {"raw": "octo/ci/.github/workflows/r.yml@v1", "type": "reusable"}}
	wf := {"jobs": [{"id": "j", "job_id": "build", "steps": [step, {"id": "r", "index": 1, "run": "make"}]}, call]}
	astep := {"id": "a#0", "index": 0, "uses": _uses("octo", "setup", "v2")}
	action := {"id": "a", "file": "tools/action.yml", "steps": [astep]}
	gha.uses_sites == {
		"s": {"node": step, "uses": step.uses, "where": "step \"Lint\" in job \"build\""},
		"j2": {"node": call, "uses": call.uses, "where": "job \"release\""},
		"a#0": {"node": astep, "uses": astep.uses, "where": "step \"octo/setup@v2\" of action \"tools/action.yml\""},
	} with input.gha_workflows as [wf] with input.gha_actions as [action]
}

test_unpinned_remote if {
	gha.unpinned_remote(_uses("octo", "lint", "v1"))
	gha.unpinned_remote({"type": "reusable", "owner": "octo", "repo": "ci", "ref": "main", "pinned": false})
	not gha.unpinned_remote(object.union(_uses("octo", "lint", "v1"), {"pinned": true}))
	not gha.unpinned_remote({"type": "local", "raw": "./x", "pinned": true})
	not gha.unpinned_remote({"type": "docker", "image": "alpine", "ref": "3", "pinned": false})
	not gha.unpinned_remote(object.union(_uses("octo", "lint", "v1"), {"expr": true}))
}

test_github_owned if {
	gha.github_owned({"owner": "actions"})
	gha.github_owned({"owner": "GitHub"})
	not gha.github_owned({"owner": "actions-rs"})
}

test_ref_phrase if {
	gha.ref_phrase({"ref": "v4"}) == "ref \"v4\" is not a full 40-character commit SHA"
	gha.ref_phrase({"ref": ""}) == "it names no ref"
	gha.ref_phrase({}) == "it names no ref"
}

test_exec_after_artifact_directory if {
	dl := {"index": 0, "uses": _uses("actions", "download-artifact", "v4"), "with": {"path": "./site/"}}
	job := {"steps": [
		dl,
		{"index": 1, "run": "uv run ./scripts/deploy_status.py"},
		{"index": 2, "run": "npx wrangler pages deploy site"},
	]}
	gha.exec_after(job, dl).index == 2
	root := {"index": 0, "uses": _uses("actions", "download-artifact", "v4"), "with": {"name": "wheel"}}
	gha.exec_after(object.union(job, {"steps": [root, job.steps[1]]}), root).index == 1
}

test_job_fork_guarded_through_needs if {
	guard := {"job_id": "labels", "if": "github.event.pull_request.merged == true"}
	mid := {"job_id": "plan", "needs": ["labels"]}
	job := {"job_id": "pick", "needs": ["plan"], "if": "needs.plan.outputs.x != ''"}
	wf := {"jobs": [guard, mid, job]}
	gha.job_fork_guarded(wf, job)
	not gha.job_fork_guarded(wf, object.union(job, {"if": "always() && needs.plan.result == 'success'"}))
	not gha.job_fork_guarded({"jobs": [object.union(guard, {"if": "true"}), mid, job]}, job)
}
