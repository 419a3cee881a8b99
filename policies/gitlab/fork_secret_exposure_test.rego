package nhilint.rules.gitlab.fork_secret_exposure_test

import data.nhilint.rules.gitlab.fork_secret_exposure as rule

_f := ".gitlab-ci.yml"

_job(name, fields) := object.union(
	{
		"id": concat("#", [_f, concat(".", ["jobs", name])]), "kind": "gitlab.job", "file": _f,
		"pipeline": _f, "name": name, "variables": {}, "global_variables": [], "inherited": {},
	},
	fields,
)

_input(workflow, jobs) := {"gitlab_pipelines": [{
	"id": _f, "kind": "gitlab.pipeline", "file": _f,
	"variables": {}, "jobs": jobs, "includes": [], "workflow_rules": workflow,
}]}

_mr := {"key": "rules[0]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`}

_vault := {"DEPLOY_KEY": {"provider": "vault", "config": "preview/key@ops"}}

test_fail_secrets_in_mr_job if {
	job := _job("preview", {"rules": [_mr], "secrets": _vault})
	rule.findings == {{
		"node": job.id, "key": "secrets.DEPLOY_KEY",
		"msg": `job "preview" runs in merge request pipelines and reads secret DEPLOY_KEY from vault; when a merge request from a fork runs in this project its code gets them: exclude fork sources with a rule on $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID (when: never) or run the job on protected branches only`,
		"related": [{"node": job.id, "key": "rules[0]", "msg": "this rule runs it in merge request pipelines"}],
	}} with input as _input([], [job])
}

test_fail_workflow_mr_and_only if {
	a := _job("a", {"environment": {"name": "production"}})
	b := _job("b", {"only": {"refs": ["merge_requests"]}, "variables": {"AWS_SECRET_ACCESS_KEY": {"value": "$K", "resolved": "$K"}}})
	c := _job("c", {"environment": {"name": "review/$CI_COMMIT_REF_SLUG"}, "id_tokens": {"T": {"aud": ["https://vault"]}}, "rules": [{"key": "rules[0]", "if": "$CI_MERGE_REQUEST_IID"}]})
	got := rule.findings with input as _input([{"key": "workflow.rules[0]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`}], [a, b, c])
	{[f.node, f.key] | some f in got} == {[a.id, "environment"], [b.id, "variables.AWS_SECRET_ACCESS_KEY"], [c.id, "id_tokens.T"]}
}

test_success_guarded_or_not_mr if {
	guarded := _job("g", {"secrets": _vault, "rules": [
		{"key": "rules[0]", "if": "$CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID", "when": "never"},
		object.union(_mr, {"key": "rules[1]"}),
	]})
	branch := _job("b", {"secrets": _vault, "rules": [{"key": "rules[0]", "if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]})
	stopped := _job("s", {"secrets": _vault, "rules": [
		{"key": "rules[0]", "if": "$CI_MERGE_REQUEST_IID", "when": "never"},
		{"key": "rules[1]", "when": "always"},
	]})
	not_mr := _job("n", {"secrets": _vault, "rules": [{"key": "rules[0]", "if": `$CI_PIPELINE_SOURCE != "merge_request_event"`}]})
	no_creds := _job("c", {"rules": [_mr], "script": [{"key": "script[0]", "text": "make test"}]})
	excepted := _job("e", {"environment": {"name": "production"}, "except": {"refs": ["merge_requests"]}})
	count(rule.findings) == 0 with input as _input([{"key": "workflow.rules[0]", "if": "$CI_MERGE_REQUEST_IID"}], [guarded, branch, stopped, not_mr, no_creds, excepted])
}

test_success_workflow_guard if {
	job := _job("a", {"environment": {"name": "production"}})
	wf := [
		{"key": "workflow.rules[0]", "if": "$CI_MERGE_REQUEST_SOURCE_PROJECT_PATH != $CI_PROJECT_PATH", "when": "never"},
		{"key": "workflow.rules[1]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`},
	]
	count(rule.findings) == 0 with input as _input(wf, [job])
}

test_fail_production_audience_without_environment if {
	job := {
		"id": ".gitlab-ci.yml#jobs.e2e", "kind": "gitlab.job", "file": ".gitlab-ci.yml", "pipeline": ".gitlab-ci.yml",
		"name": "e2e", "variables": {}, "global_variables": [], "inherited": {},
		"rules": [{"key": "rules[0]", "if": `$CI_PIPELINE_SOURCE == "merge_request_event"`}],
		"id_tokens": {"AWS_TOKEN": {"aud": ["https://prod.example.com"]}, "TEST_TOKEN": {"aud": ["https://staging.example.com"]}},
	}
	got := rule.findings with input as {"gitlab_pipelines": [{
		"id": ".gitlab-ci.yml", "kind": "gitlab.pipeline", "file": ".gitlab-ci.yml",
		"variables": {}, "jobs": [job], "includes": [],
	}]}
	{f.key | some f in got} == {"id_tokens.AWS_TOKEN"}
}
