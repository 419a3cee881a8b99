package nhilint.rules.github.write_all_permissions_test

import data.nhilint.rules.github.write_all_permissions as rule

_f := ".github/workflows/ci.yml"

_undeclared := {"declared": false}

_write_all := {"declared": true, "all": "write", "scopes": {}}

_input(wf_perms, job_perms) := {
	"gha_workflows": [{
		"id": _f, "kind": "gha.workflow", "file": _f, "name": "CI", "triggers": {"push": {}},
		"permissions": wf_perms, "exprs": [],
		"jobs": [_job(id, perms, wf_perms) | some [id, perms] in job_perms],
	}],
	"gha_actions": [], "files": [],
}

_job(job_id, perms, wf_perms) := {
	"id": sprintf("%s#jobs.%s", [_f, job_id]), "kind": "gha.job", "file": _f, "workflow": _f,
	"job_id": job_id, "permissions": perms, "effective_permissions": _effective(perms, wf_perms),
	"exprs": [], "steps": [],
}

_effective(perms, _) := perms if perms.declared

_effective(perms, wf_perms) := wf_perms if not perms.declared

test_fail_workflow_write_all_inherited if {
	rule.findings == {{
		"node": _f, "key": "permissions",
		"msg": `workflow "CI" sets permissions: write-all, so the GITHUB_TOKEN of job "build", job "release" can write to every scope and mint OIDC tokens; declare only the scopes each job needs`,
	}} with input as _input(_write_all, [["build", _undeclared], ["release", _undeclared]])
}

test_fail_workflow_write_all_inherited_by_one_job if {
	contents_read := {"declared": true, "all": "", "scopes": {"contents": "read"}}
	[f.msg | some f in rule.findings] == [`workflow "CI" sets permissions: write-all, so the GITHUB_TOKEN of job "release" can write to every scope and mint OIDC tokens; declare only the scopes each job needs`] with input as _input(_write_all, [["build", contents_read], ["release", _undeclared]])
}

test_fail_job_write_all if {
	rule.findings == {{
		"node": concat("#", [_f, "jobs.release"]), "key": "permissions",
		"msg": `job "release" sets permissions: write-all, so its GITHUB_TOKEN can write to every scope and mint OIDC tokens; declare only the scopes it needs`,
	}} with input as _input(_undeclared, [["release", _write_all]])
}

test_success_workflow_write_all_overridden_by_every_job if {
	contents_read := {"declared": true, "all": "", "scopes": {"contents": "read"}}
	count(rule.findings) == 0 with input as _input(_write_all, [["build", contents_read], ["release", contents_read]])
}

test_success_read_all_scopes_and_expressions if {
	read_all := {"declared": true, "all": "read", "scopes": {}}
	scoped := {"declared": true, "all": "", "scopes": {"contents": "write", "id-token": "write"}}
	dynamic := {"declared": true, "all": "", "scopes": {}, "expr": "${{ inputs.permissions }}"}
	count(rule.findings) == 0 with input as _input(read_all, [["a", scoped], ["b", dynamic], ["c", _undeclared]])
}
