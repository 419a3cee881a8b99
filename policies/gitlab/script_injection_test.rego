package nhilint.rules.gitlab.script_injection_test

import data.nhilint.rules.gitlab.script_injection as rule

_f := ".gitlab-ci.yml"

_job(name, fields) := object.union(
	{
		"id": concat("#", [_f, concat(".", ["jobs", name])]), "kind": "gitlab.job", "file": _f,
		"pipeline": _f, "name": name, "variables": {}, "global_variables": [], "inherited": {},
	},
	fields,
)

_input(jobs) := {"gitlab_pipelines": [{
	"id": _f, "kind": "gitlab.pipeline", "file": _f,
	"variables": {}, "jobs": jobs, "includes": [],
}]}

_script(lines) := [{"key": sprintf("script[%d]", [i]), "text": t} | some i, t in lines]

_keys(lines) := keys if {
	got := rule.findings with input as _input([_job("j", {"script": _script(lines)})])
	keys := {f.key | some f in got}
}

test_fail_eval if {
	job := _job("announce", {"script": _script([`eval "./notify.sh --title $CI_MERGE_REQUEST_TITLE"`])})
	rule.findings == {{
		"node": job.id, "key": "script[0]",
		"msg": `job "announce" re-parses $CI_MERGE_REQUEST_TITLE as code in script[0] (eval): its value is written by whoever pushes the commit or opens the merge request, and text like $(curl …) in it runs in the job with its variables and tokens; pass it as a quoted argument instead, never through eval`,
	}} with input as _input([job])
}

test_fail_sh_c_interpreters_and_source if {
	_keys([
		`sh -c "git tag ${CI_COMMIT_BRANCH}-rc"`,
		`bash -ec "echo $CI_COMMIT_MESSAGE | tee msg"`,
		`python3 -c "print('''$CI_COMMIT_TITLE''')"`,
		`source <(echo "export TITLE=$CI_MERGE_REQUEST_TITLE")`,
	]) == {"script[0]", "script[1]", "script[2]", "script[3]"}
}

test_fail_through_job_variable if {
	job := _job("j", {
		"variables": {"MSG": {"value": "$CI_COMMIT_MESSAGE", "resolved": "$CI_COMMIT_MESSAGE", "expand": true}},
		"script": _script([`eval "echo $MSG"`]),
	})
	some f in rule.findings with input as _input([job])
	contains(f.msg, "$MSG (set from CI_COMMIT_MESSAGE)")
}

test_success_expanded_once if {
	_keys([
		`echo "$CI_COMMIT_MESSAGE"`,
		`git commit -m "$CI_MERGE_REQUEST_TITLE"`,
		`sh -c 'echo "$CI_COMMIT_MESSAGE"'`,
		`sh -c 'printf "%s\n" "$1"' sh "$CI_MERGE_REQUEST_TITLE"`,
		`eval 'echo $CI_COMMIT_TITLE'`,
		`eval "$(ssh-agent -s)"`,
		`bash -c "echo $CI_COMMIT_SHA"`,
		`echo $CI_COMMIT_BRANCHES_FILE`,
	]) == set()
}

_inc(inputs) := {
	"id": ".gitlab-ci.yml#include[0]", "kind": "gitlab.include", "file": ".gitlab-ci.yml",
	"pipeline": ".gitlab-ci.yml", "type": "local", "location": "ci/notify.yml",
	"resolved": ["ci/notify.yml"], "inputs": inputs,
}

_notify(text) := {
	"id": ".gitlab-ci.yml#jobs.notify", "kind": "gitlab.job", "file": "ci/notify.yml",
	"pipeline": ".gitlab-ci.yml", "name": "notify", "variables": {}, "global_variables": [], "inherited": {},
	"script": [{"key": "script[0]", "text": text}],
}

_pipeline(job, inc) := {"gitlab_pipelines": [{
	"id": ".gitlab-ci.yml", "kind": "gitlab.pipeline", "file": ".gitlab-ci.yml",
	"variables": {}, "jobs": [job], "includes": [inc],
}]}

test_fail_expand_vars_input_from_mr_title if {
	job := _notify(`./post.sh "$[[ inputs.title | expand_vars ]]"`)
	inc := _inc({"title": "$CI_COMMIT_TITLE"})
	rule.findings == {{
		"node": job.id, "key": "script[0]",
		"msg": `job "notify" pastes input title, set from $CI_COMMIT_TITLE, into the script text of script[0] with expand_vars: GitLab substitutes the value before the shell runs, so text like $(curl …) in it runs in the job with its variables and tokens; drop expand_vars and pass the input as a quoted variable instead`,
		"related": [{"node": inc.id, "key": "inputs.title", "msg": "include of ci/notify.yml sets input title to $CI_COMMIT_TITLE"}],
	}} with input as _pipeline(job, inc)
}

test_success_expand_vars_trusted_input_or_no_expand_vars if {
	count(rule.findings) == 0 with input as _pipeline(_notify(`./post.sh "$[[ inputs.title | expand_vars ]]"`), _inc({"title": "$CI_PROJECT_NAME"}))
	count(rule.findings) == 0 with input as _pipeline(_notify(`./post.sh "$[[ inputs.title ]]"`), _inc({"title": "$CI_COMMIT_MESSAGE"}))
}
