package nhilint.rules.github.unpinned_github_action_test

import data.nhilint.rules.github.unpinned_github_action as rule

_file := ".github/workflows/ci.yml"

_uses(owner, repo, path, ref, pinned) := {"raw": sprintf("%s/%s%s@%s", [owner, repo, path, ref]), "type": "action", "owner": owner, "repo": repo, "path": path, "ref": ref, "pinned": pinned}

_wf(steps) := {
	"id": concat("#", [_file, "workflow"]), "kind": "gha.workflow", "file": _file, "triggers": {"push": {}}, "exprs": [],
	"jobs": [{"id": concat("", [_file, "#jobs.test"]), "kind": "gha.job", "job_id": "test", "exprs": [], "steps": steps}],
}

_step(i, uses) := {"id": sprintf("%s#jobs.test.steps[%d]", [_file, i]), "kind": "gha.step", "index": i, "uses": uses, "exprs": []}

test_fail_actions_checkout_tag if {
	rule.findings == {{
		"node": concat("", [_file, "#jobs.test.steps[0]"]), "key": "uses",
		"msg": "step \"actions/checkout@v4\" in job \"test\" uses GitHub-owned \"actions/checkout@v4\", but ref \"v4\" is not a full 40-character commit SHA",
	}} with input.gha_workflows as [_wf([_step(0, _uses("actions", "checkout", "", "v4", false))])] with input.gha_actions as []
}

test_fail_github_codeql_subpath if {
	rule.findings == {{
		"node": concat("", [_file, "#jobs.test.steps[0]"]), "key": "uses",
		"msg": "step \"github/codeql-action/analyze@v3\" in job \"test\" uses GitHub-owned \"github/codeql-action/analyze@v3\", but ref \"v3\" is not a full 40-character commit SHA",
	}} with input.gha_workflows as [_wf([_step(0, _uses("github", "codeql-action", "/analyze", "v3", false))])] with input.gha_actions as []
}

test_success_sha_pinned if {
	u := _uses("actions", "checkout", "", "11bd71901bbe5b1630ceea73d27597364c9af683", true)
	count(rule.findings) == 0 with input.gha_workflows as [_wf([_step(0, u)])] with input.gha_actions as []
}

test_success_third_party_left_to_other_rule if {
	count(rule.findings) == 0 with input.gha_workflows as [_wf([_step(0, _uses("actions-rs", "toolchain", "", "v1", false))])] with input.gha_actions as []
}
