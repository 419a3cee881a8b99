package nhilint.rules.gitlab.static_credential_test

import data.nhilint.rules.gitlab.static_credential as rule

_f := ".gitlab-ci.yml"

_job(name, fields) := object.union(
	{
		"id": concat("#", [_f, concat(".", ["jobs", name])]), "kind": "gitlab.job", "file": _f,
		"pipeline": _f, "name": name, "variables": {}, "global_variables": [], "inherited": {},
	},
	fields,
)

_input(globals, jobs, includes) := {"gitlab_pipelines": [{
	"id": _f, "kind": "gitlab.pipeline", "file": _f,
	"variables": globals, "jobs": jobs, "includes": includes,
}]}

_var(v) := {"value": v, "resolved": v, "expand": true}

test_fail_job_variable_inherited_from_template if {
	job := _job("deploy", {
		"variables": {"AWS_ACCESS_KEY_ID": _var("AKIA2OGYBAH6TSZ4XQ7R")},
		"inherited": {"variables.AWS_ACCESS_KEY_ID": {"file": "ci/aws.yml", "from": ".aws"}},
	})
	rule.findings == {{
		"node": job.id, "key": "variables.AWS_ACCESS_KEY_ID", "secret": "AKIA2OGYBAH6TSZ4XQ7R",
		"msg": `job "deploy" has an AWS access key ID written literally in variables.AWS_ACCESS_KEY_ID (AKIA…XQ7R); revoke it and use OIDC (id_tokens) or a masked, protected CI/CD variable instead`,
		"related": [{"node": job.id, "key": "", "msg": `job "deploy" inherits this from .aws (ci/aws.yml)`}],
	}} with input as _input({}, [job], [])
}

test_fail_global_secret_key_and_script_token if {
	job := _job("publish", {"script": [{"key": "script[0]", "text": "curl -H 'PRIVATE-TOKEN: glpat-Abcdefghij0123456789' https://gitlab.example.com/api/v4/projects"}]})
	globals := {"AWS_SECRET_ACCESS_KEY": _var("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz")}
	got := rule.findings with input as _input(globals, [job], [])
	{[f.node, f.key] | some f in got} == {[_f, "variables.AWS_SECRET_ACCESS_KEY"], [job.id, "script[0]"]}
}

test_fail_include_url_with_token if {
	inc := {
		"id": "x#include[0]", "kind": "gitlab.include", "file": _f, "type": "remote",
		"location": "https://example.com/ci.yml?private_token=glpat-Abcdefghij0123456789",
	}
	count(rule.findings) == 1 with input as _input({}, [], [inc])
}

test_success_references_and_placeholders if {
	job := _job("deploy", {
		"variables": {
			"AWS_ACCESS_KEY_ID": _var("$AWS_ACCESS_KEY_ID"),
			"AWS_SECRET_ACCESS_KEY": _var("${AWS_SECRET_ACCESS_KEY}"),
			"EXAMPLE": _var("AKIAIOSFODNN7EXAMPLE"),
			"TOKEN": _var("glpat-xxxxxxxxxxxxxxxxxxxx"),
		},
		"script": [{"key": "script[0]", "text": "aws configure set aws_secret_access_key \"$AWS_SECRET_ACCESS_KEY\""}],
	})
	count(rule.findings) == 0 with input as _input({}, [job], [])
}

test_fail_shared_template_reported_once if {
	origin := {"variables.AWS_ACCESS_KEY_ID": {"file": "ci/aws.yml", "from": ".aws"}}
	var := {"AWS_ACCESS_KEY_ID": _var("AKIA2OGYBAH6TSZ4XQ7R")}
	b := _job("deploy-b", {"variables": var, "inherited": origin})
	a := _job("deploy-a", {"variables": var, "inherited": origin})
	got := rule.findings with input as _input({}, [b, a], [])
	count(got) == 1
	some f in got
	f.node == a.id
	[r.node | some r in f.related] == [a.id, b.id]
}
