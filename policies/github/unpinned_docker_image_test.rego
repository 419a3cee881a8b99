package nhilint.rules.github.unpinned_docker_image_test

import data.nhilint.rules.github.unpinned_docker_image as rule

_file := ".github/workflows/lint.yml"

_sid := concat("", [_file, "#jobs.lint.steps[0]"])

_wf(uses) := {
	"id": concat("#", [_file, "workflow"]), "kind": "gha.workflow", "file": _file, "triggers": {"push": {}}, "exprs": [],
	"jobs": [{"id": concat("", [_file, "#jobs.lint"]), "kind": "gha.job", "job_id": "lint", "exprs": [], "steps": [{"id": _sid, "kind": "gha.step", "index": 0, "name": "Hadolint", "uses": uses, "exprs": []}]}],
}

_action(image) := {"id": "action.yml", "kind": "gha.action", "file": "action.yml", "name": "Scan", "runs": {"using": "docker", "image": image}}

test_fail_docker_uses_tag if {
	u := {"raw": "docker://hadolint/hadolint:v2.12.0", "type": "docker", "image": "hadolint/hadolint", "ref": "v2.12.0", "pinned": false}
	rule.findings == {{
		"node": _sid, "key": "uses",
		"msg": "step \"Hadolint\" in job \"lint\" runs Docker image \"docker://hadolint/hadolint:v2.12.0\" without an @sha256 digest: the tag can be re-pushed",
	}} with input.gha_workflows as [_wf(u)] with input.gha_actions as []
}

test_fail_docker_action_runs_image if {
	rule.findings == {{
		"node": "action.yml", "key": "runs.image",
		"msg": "action \"Scan\" runs Docker image \"docker://ghcr.io/octo/scanner:latest\" without an @sha256 digest: the tag can be re-pushed",
	}} with input.gha_workflows as [] with input.gha_actions as [_action("docker://ghcr.io/octo/scanner:latest")]
}

test_success_digest_pinned if {
	u := {"raw": "docker://alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5", "type": "docker", "image": "alpine", "digest": "sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5", "pinned": true}
	count(rule.findings) == 0 with input.gha_workflows as [_wf(u)] with input.gha_actions as [_action("docker://alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5")]
}

test_success_dockerfile_action if {
	count(rule.findings) == 0 with input.gha_workflows as [] with input.gha_actions as [_action("Dockerfile")]
}

test_success_remote_action_left_to_other_rules if {
	u := {"raw": "hadolint/hadolint-action@v3", "type": "action", "owner": "hadolint", "repo": "hadolint-action", "path": "", "ref": "v3", "pinned": false}
	count(rule.findings) == 0 with input.gha_workflows as [_wf(u)] with input.gha_actions as []
}
