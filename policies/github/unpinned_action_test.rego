package nhilint.rules.github.unpinned_action_test

import data.nhilint.rules.github.unpinned_action as rule

_file := ".github/workflows/ci.yml"

_sha := "11bd71901bbe5b1630ceea73d27597364c9af683"

_uses(owner, repo, ref, pinned) := {"raw": sprintf("%s/%s@%s", [owner, repo, ref]), "type": "action", "owner": owner, "repo": repo, "path": "", "ref": ref, "pinned": pinned}

_wf(jobs) := {"id": concat("#", [_file, "workflow"]), "kind": "gha.workflow", "file": _file, "triggers": {"push": {}}, "exprs": [], "jobs": jobs}

_job(steps) := {"id": concat("", [_file, "#jobs.build"]), "kind": "gha.job", "job_id": "build", "exprs": [], "steps": steps}

_step(i, name, uses) := {"id": sprintf("%s#jobs.build.steps[%d]", [_file, i]), "kind": "gha.step", "index": i, "name": name, "uses": uses, "exprs": []}

test_fail_third_party_tag if {
	wf := _wf([_job([_step(0, "Changed files", _uses("tj-actions", "changed-files", "v45", false))])])
	rule.findings == {{
		"node": concat("", [_file, "#jobs.build.steps[0]"]), "key": "uses",
		"msg": "step \"Changed files\" in job \"build\" uses third-party action \"tj-actions/changed-files@v45\", but ref \"v45\" is not a full 40-character commit SHA: its owner can change the code that runs",
	}} with input.gha_workflows as [wf] with input.gha_actions as []
}

test_fail_short_sha_and_branch if {
	wf := _wf([_job([
		_step(0, "Lint", _uses("golangci", "golangci-lint-action", "3cfe3a4", false)),
		_step(1, "Deploy", _uses("octo-org", "deploy", "main", false)),
	])])
	rule.findings == {
		{"node": concat("", [_file, "#jobs.build.steps[0]"]), "key": "uses", "msg": "step \"Lint\" in job \"build\" uses third-party action \"golangci/golangci-lint-action@3cfe3a4\", but ref \"3cfe3a4\" is not a full 40-character commit SHA: its owner can change the code that runs"},
		{"node": concat("", [_file, "#jobs.build.steps[1]"]), "key": "uses", "msg": "step \"Deploy\" in job \"build\" uses third-party action \"octo-org/deploy@main\", but ref \"main\" is not a full 40-character commit SHA: its owner can change the code that runs"},
	} with input.gha_workflows as [wf] with input.gha_actions as []
}

test_fail_reusable_workflow if {
	call := {
		"id": concat("", [_file, "#jobs.release"]), "kind": "gha.job", "job_id": "release", "exprs": [],
		"uses": {"raw": "octo-org/workflows/.github/workflows/release.yml@v1", "type": "reusable", "owner": "octo-org", "repo": "workflows", "path": ".github/workflows/release.yml", "ref": "v1", "pinned": false},
	}
	rule.findings == {{
		"node": concat("", [_file, "#jobs.release"]), "key": "uses",
		"msg": "job \"release\" uses third-party reusable workflow \"octo-org/workflows/.github/workflows/release.yml@v1\", but ref \"v1\" is not a full 40-character commit SHA: its owner can change the code that runs",
	}} with input.gha_workflows as [_wf([call])] with input.gha_actions as []
}

test_fail_composite_action_step if {
	step := {"id": "setup/action.yml#runs.steps[0]", "kind": "gha.step", "index": 0, "uses": _uses("pnpm", "action-setup", "v4", false), "exprs": []}
	action := {"id": "setup/action.yml", "kind": "gha.action", "file": "setup/action.yml", "name": "Setup", "runs": {"using": "composite"}, "steps": [step]}
	rule.findings == {{
		"node": "setup/action.yml#runs.steps[0]", "key": "uses",
		"msg": "step \"pnpm/action-setup@v4\" of action \"Setup\" uses third-party action \"pnpm/action-setup@v4\", but ref \"v4\" is not a full 40-character commit SHA: its owner can change the code that runs",
	}} with input.gha_workflows as [] with input.gha_actions as [action]
}

test_success_sha_pinned if {
	wf := _wf([_job([_step(0, "Changed files", _uses("tj-actions", "changed-files", _sha, true))])])
	count(rule.findings) == 0 with input.gha_workflows as [wf] with input.gha_actions as []
}

test_success_local_and_github_owned if {
	wf := _wf([_job([
		_step(0, "Checkout", _uses("actions", "checkout", "v4", false)),
		_step(1, "Build", {"raw": "./.github/actions/build", "type": "local", "pinned": true}),
	])])
	count(rule.findings) == 0 with input.gha_workflows as [wf] with input.gha_actions as []
}

test_success_docker_left_to_docker_rule if {
	docker := {"raw": "docker://alpine:3.20", "type": "docker", "image": "alpine", "ref": "3.20", "pinned": false}
	count(rule.findings) == 0 with input.gha_workflows as [_wf([_job([_step(0, "Alpine", docker)])])] with input.gha_actions as []
}

test_success_expression_uses if {
	u := object.union(_uses("octo", "tool", "${{ matrix.ref }}", false), {"expr": true})
	count(rule.findings) == 0 with input.gha_workflows as [_wf([_job([_step(0, "Tool", u)])])] with input.gha_actions as []
}

test_success_trusted_owner_from_config if {
	wf := _wf([_job([_step(0, "Deploy", _uses("My-Org", "deploy", "v2", false))])])
	count(rule.findings) == 0 with input.gha_workflows as [wf] with input.gha_actions as []
		with data.nhilint.config.trusted_action_owners as ["my-org"]
}

test_fail_owner_not_in_trusted_list if {
	wf := _wf([_job([_step(0, "Deploy", _uses("octo-org", "deploy", "v2", false))])])
	count(rule.findings) == 1 with input.gha_workflows as [wf] with input.gha_actions as []
		with data.nhilint.config.trusted_action_owners as ["my-org"]
}
