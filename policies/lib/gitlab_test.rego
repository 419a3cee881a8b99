package nhilint.lib.gitlab_test

import data.nhilint.lib.gitlab

_f := ".gitlab-ci.yml"

_var(v) := {"value": v, "resolved": v, "expand": true}

_job(name, fields) := object.union(
	{
		"id": concat("#", [_f, concat(".", ["jobs", name])]), "kind": "gitlab.job", "file": _f,
		"pipeline": _f, "name": name, "variables": {}, "global_variables": [], "inherited": {},
	},
	fields,
)

_pipeline(globals, jobs) := {
	"id": _f, "kind": "gitlab.pipeline", "file": _f,
	"variables": globals, "jobs": jobs, "includes": [{"id": "x#include[0]", "kind": "gitlab.include", "location": "ci/a.yml"}],
}

test_jobs_includes_and_pipelines_by_id if {
	job := _job("build", {})
	inp := {"gitlab_pipelines": [_pipeline({}, [job])]}
	gitlab.jobs == {job.id: job} with input as inp
	object.keys(gitlab.includes) == {"x#include[0]"} with input as inp
	object.keys(gitlab.pipelines) == {_f} with input as inp
}

test_variables_own_override_inherited_globals if {
	job := _job("deploy", {"variables": {"REGION": _var("eu-west-1")}, "global_variables": ["REGION", "STAGE"]})
	p := _pipeline({"REGION": _var("us-east-1"), "STAGE": _var("prod"), "UNUSED": _var("x")}, [job])
	vars := gitlab.variables(job) with input as {"gitlab_pipelines": [p]}
	object.keys(vars) == {"REGION", "STAGE"}
	vars.REGION.value == "eu-west-1"
	vars.REGION.node.id == job.id
	vars.STAGE.node.id == _f
	vars.STAGE.key == "variables.STAGE"
}

test_script_lines_in_run_order if {
	job := _job("j", {
		"after_script": [{"key": "after_script[0]", "text": "c"}],
		"script": [{"key": "script[0]", "text": "b"}],
		"before_script": [{"key": "before_script[0]", "text": "a"}],
	})
	[l.text | some l in gitlab.script_lines(job)] == ["a", "b", "c"]
}

test_describe if {
	gitlab.describe(_job("deploy", {})) == `job "deploy"`
	gitlab.describe({"kind": "gitlab.pipeline", "file": _f}) == "pipeline .gitlab-ci.yml"
	gitlab.describe({"kind": "gitlab.include", "location": "ci/a.yml"}) == "include of ci/a.yml"
}

test_references_variable if {
	gitlab.references_variable("$AWS_KEY")
	gitlab.references_variable("prefix-${TOKEN}")
	not gitlab.references_variable("AKIA2OGYBAH6TSZ4XQ7R")
	not gitlab.references_variable("costs $5")
}

test_gitlab_tokens_skip_placeholders if {
	gitlab.gitlab_tokens("token glpat-Abcdefghij0123456789") == {{"label": "a GitLab access token", "secret": "glpat-Abcdefghij0123456789"}}
	count(gitlab.gitlab_tokens("glpat-xxxxxxxxxxxxxxxxxxxx")) == 0
	count(gitlab.gitlab_tokens("no token here")) == 0
}

test_line_key_points_into_literal_blocks if {
	block := {"key": "script[0]", "text": "set -e\necho hi\naws configure set aws_access_key_id $K", "block": true}
	gitlab.line_key(block, `aws configure`) == "script[0].line2"
	gitlab.line_key(block, `set -e`) == "script[0]"
	gitlab.line_key({"key": "script[1]", "text": "aws configure"}, `aws`) == "script[1]"
}

test_job_finding_adds_inheriting_job if {
	job := _job("deploy", {"inherited": {"variables.K": {"file": "ci/aws.yml", "from": ".aws"}}})
	f := gitlab.job_finding(job, "variables.K", {"node": job.id, "key": "variables.K", "msg": "m"})
	f.related == [{"node": job.id, "key": "", "msg": `job "deploy" inherits this from .aws (ci/aws.yml)`}]
	plain := gitlab.job_finding(job, "script[0]", {"node": job.id, "key": "script[0]", "msg": "m"})
	not plain.related
}

test_shared_finding_once_on_first_inheritor if {
	origin := {"variables.K": {"file": "ci/aws.yml", "from": ".aws"}}
	b := _job("b", {"inherited": origin})
	a := _job("a", {"inherited": origin})
	inp := {"gitlab_pipelines": [_pipeline({}, [b, a])]}
	gitlab.inheritors(b, "variables.K") == ["a", "b"] with input as inp
	f := gitlab.shared_finding(a, "variables.K", {"node": a.id, "key": "variables.K", "msg": "m"}) with input as inp
	[r.node | some r in f.related] == [a.id, b.id]
	not gitlab.shared_finding(b, "variables.K", {}) with input as inp
}

_mr_rule(i, cond) := {"key": sprintf("rules[%d]", [i]), "if": cond}

test_runs_in_mr_reasons if {
	job := _job("a", {"rules": [_mr_rule(0, `$CI_PIPELINE_SOURCE == "merge_request_event"`)]})
	p := _pipeline({}, [job])
	gitlab.runs_in_mr(job, p) == {
		"node": job, "key": "rules[0]", "msg": "this rule runs it in merge request pipelines",
		"what": "its rules[0] runs it in merge request pipelines",
	}
	only := _job("b", {"only": {"refs": ["merge_requests"]}})
	gitlab.runs_in_mr(only, p).key == "only"
	plain := _job("c", {})
	wf := object.union(p, {"workflow_rules": [{"key": "workflow.rules[0]", "if": "$CI_MERGE_REQUEST_IID"}]})
	gitlab.runs_in_mr(plain, wf).key == "workflow.rules"
	gitlab.runs_in_mr(plain, wf).node.id == _f
}

test_runs_in_mr_not if {
	p := _pipeline({}, [])
	not gitlab.runs_in_mr(_job("plain", {}), p)
	not gitlab.runs_in_mr(_job("branch", {"rules": [_mr_rule(0, `$CI_COMMIT_BRANCH == "main"`)]}), p)
	not gitlab.runs_in_mr(_job("negated", {"rules": [_mr_rule(0, `$CI_PIPELINE_SOURCE != "merge_request_event"`)]}), p)
	not gitlab.runs_in_mr(_job("never", {"rules": [object.union(_mr_rule(0, "$CI_MERGE_REQUEST_ID"), {"when": "never"})]}), p)
	stopped := _job("stopped", {"rules": [
		object.union(_mr_rule(0, "$CI_MERGE_REQUEST_IID"), {"when": "never"}),
		_mr_rule(1, `$CI_PIPELINE_SOURCE == "merge_request_event"`),
	]})
	not gitlab.runs_in_mr(stopped, p)
}

test_excepts_mr if {
	gitlab.excepts_mr(_job("a", {"except": {"refs": ["merge_requests", "tags"]}}))
	not gitlab.excepts_mr(_job("b", {"except": {"refs": ["main"]}}))
	not gitlab.excepts_mr(_job("c", {}))
}

test_fork_guarded if {
	p := _pipeline({}, [])
	never := {"when": "never"}
	gitlab.fork_guarded(_job("a", {"rules": [object.union(_mr_rule(0, "$CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID"), never)]}), p)
	gitlab.fork_guarded(_job("b", {}), object.union(p, {"workflow_rules": [{"key": "workflow.rules[0]", "if": "$CI_COMMIT_REF_PROTECTED == \"true\""}]}))
	not gitlab.fork_guarded(_job("c", {"rules": [_mr_rule(0, "$CI_MERGE_REQUEST_IID")]}), p)
	gitlab.fork_guarded(_job("d", {"rules": [_mr_rule(0, `$CI_PIPELINE_SOURCE == "merge_request_event" && $CI_PROJECT_PATH == $CI_MERGE_REQUEST_SOURCE_PROJECT_PATH`)]}), p)
	gitlab.fork_guarded(_job("e", {"rules": [object.union(_mr_rule(0, `$CI_COMMIT_REF_PROTECTED == "false"`), never)]}), p)

	# The opposite directions let forks in.
	not gitlab.fork_guarded(_job("f", {"rules": [_mr_rule(0, "$CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID")]}), p)
	not gitlab.fork_guarded(_job("g", {"rules": [object.union(_mr_rule(0, "$CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID"), never)]}), p)
	not gitlab.fork_guarded(_job("h", {"rules": [object.union(_mr_rule(0, `$CI_COMMIT_REF_PROTECTED == "true"`), never)]}), p)
	not gitlab.fork_guarded(_job("i", {"rules": [_mr_rule(0, `$CI_MERGE_REQUEST_IID || $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID`)]}), p)
}

test_script_injections if {
	job := _job("j", {
		"variables": {"MSG": _var("$CI_COMMIT_MESSAGE")},
		"script": [
			{"key": "script[0]", "text": `echo "$CI_MERGE_REQUEST_TITLE"`},
			{"key": "script[1]", "text": "set -e\neval \"echo $MSG\"", "block": true},
		],
	})
	gitlab.script_injections(job) == {{
		"key": "script[1].line1", "line": "script[1]", "name": "MSG",
		"origin": "$MSG (set from CI_COMMIT_MESSAGE)", "context": "eval",
	}} with input as {"gitlab_pipelines": [_pipeline({}, [job])]}
}
