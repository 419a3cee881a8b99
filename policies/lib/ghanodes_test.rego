package nhilint.lib.ghanodes_test

import data.nhilint.lib.ghanodes

_step := {
	"id": "w.yml#jobs.build.steps[0]", "kind": "gha.step", "file": "w.yml", "job": "w.yml#jobs.build",
	"index": 0, "run": "make", "env": {"TOKEN": "${{ secrets.NPM_TOKEN }}"},
	"exprs": [{"key": "env.TOKEN@0", "field": "env.TOKEN", "raw": "secrets.NPM_TOKEN", "paths": ["secrets.npm_token"], "untrusted": [], "secrets": ["NPM_TOKEN"]}],
}

_action_step := {"id": "a/action.yml#runs.steps[0]", "kind": "gha.step", "file": "a/action.yml", "job": "a/action.yml", "index": 0, "name": "Push", "exprs": []}

_input := {
	"gha_workflows": [{
		"id": "w.yml", "kind": "gha.workflow", "file": "w.yml", "env": {"A": "1"}, "exprs": [],
		"jobs": [{"id": "w.yml#jobs.build", "kind": "gha.job", "file": "w.yml", "job_id": "build", "exprs": [], "steps": [_step]}],
	}],
	"gha_actions": [{"id": "a/action.yml", "kind": "gha.action", "file": "a/action.yml", "name": "Publish", "steps": [_action_step], "exprs": []}],
	"files": [],
}

test_success_collections if {
	{s.id | some s in ghanodes.steps} == {"w.yml#jobs.build.steps[0]", "a/action.yml#runs.steps[0]"} with input as _input
	{n.id | some n in ghanodes.env_nodes} == {"w.yml", "w.yml#jobs.build.steps[0]"} with input as _input
}

test_success_describe if {
	ghanodes.describe(_input.gha_workflows[0]) == `workflow "w.yml"` with input as _input
	ghanodes.describe(_input.gha_workflows[0].jobs[0]) == `job "build"` with input as _input
	ghanodes.describe(_step) == `step "#1" in job "build"` with input as _input
	ghanodes.describe(_action_step) == `step "Push" of action "Publish"` with input as _input
	ghanodes.describe(_action_step) == `step "Push"` with input as {"gha_workflows": [], "gha_actions": [], "files": []}
}

test_success_secrets_in if {
	ghanodes.secrets_in(_step, "env.TOKEN") == {"NPM_TOKEN"}
	ghanodes.secrets_in(_step, "run") == set()
}
