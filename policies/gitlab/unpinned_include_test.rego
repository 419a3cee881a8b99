package nhilint.rules.gitlab.unpinned_include_test

import data.nhilint.rules.gitlab.unpinned_include as rule

_f := ".gitlab-ci.yml"

_input(incs) := {"gitlab_pipelines": [{
	"id": _f, "kind": "gitlab.pipeline", "file": _f, "variables": {}, "jobs": [],
	"includes": [object.union({"id": sprintf("%s#include[%d]", [_f, i]), "kind": "gitlab.include", "file": _f}, inc) |
		some i, inc in incs
	],
}]}

test_fail_project_without_ref_and_on_branch if {
	got := rule.findings with input as _input([
		{"type": "project", "project": "g/t", "location": "g/t"},
		{"type": "project", "project": "g/t", "location": "g/t", "ref": "main"},
	])
	got == {
		{"node": ".gitlab-ci.yml#include[0]", "key": "project", "msg": "include of project g/t has no ref: it follows the default branch, so any push there changes this pipeline; pin ref: to a commit SHA or a release tag"},
		{"node": ".gitlab-ci.yml#include[1]", "key": "ref", "msg": `include of project g/t uses ref "main", a branch that can move: any push there changes this pipeline; pin ref: to a commit SHA or a release tag`},
	}
}

test_fail_remote_and_component if {
	got := rule.findings with input as _input([
		{"type": "remote", "remote": "https://x/ci.yml", "location": "https://x/ci.yml"},
		{"type": "component", "component": "gitlab.com/c/s", "version": "~latest", "location": "gitlab.com/c/s@~latest"},
		{"type": "component", "component": "gitlab.com/c/s", "version": "main", "location": "gitlab.com/c/s@main"},
	])
	{f.key | some f in got} == {"remote", "component"}
	count(got) == 3
}

test_success_pinned if {
	count(rule.findings) == 0 with input as _input([
		{"type": "project", "project": "g/t", "ref": "2f1c9a7e4b3d8f6a0c5e1b9d7a3f2e8c4b6d0a1f"},
		{"type": "project", "project": "g/t", "ref": "v1.4.2"},
		{"type": "project", "project": "g/t", "ref": "707b49ef"},
		{"type": "remote", "remote": "https://gitlab.example.com/g/t/-/raw/a4eb2bbf65c482f024cae7ee178b8fe0cfef0537/ci.yml"},
		{"type": "project", "project": "g/t", "ref": "$TEMPLATES_REF"},
		{"type": "remote", "remote": "https://x/ci.yml", "integrity": "sha256-L3/GAoKaw0Arw6hDCKeKQlV1QPEgHYxGBHsH4zG1IY8="},
		{"type": "component", "component": "gitlab.com/c/s", "version": "1.2"},
		{"type": "component", "component": "gitlab.com/c/s", "version": "2f1c9a7e4b3d8f6a0c5e1b9d7a3f2e8c4b6d0a1f"},
		{"type": "template", "location": "Jobs/SAST.gitlab-ci.yml"},
		{"type": "local", "location": "ci/x.yml"},
	])
}
