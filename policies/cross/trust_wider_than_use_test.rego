package nhilint.rules.cross.trust_wider_than_use_test

import data.nhilint.rules.cross.trust_wider_than_use as rule

_role := {"id": "nhi:aws-role:r", "type": "aws-role", "name": "release"}

_job(subjects, exact) := {"id": "nhi:github-job:j", "type": "github-job", "name": "Deploy / deploy", "oidc_subjects": subjects, "oidc_subjects_exact": exact}

_assume := {"type": "assumes", "from": "nhi:github-job:j", "to": _role.id, "method": "configure-aws-credentials", "with_static_key": false, "via": {"node": "wf#jobs.deploy.steps[0]", "key": "with.role-to-assume"}}

_cond(op, values) := {
	"operator": op, "base": op, "key": "token.actions.githubusercontent.com:sub",
	"key_lower": "token.actions.githubusercontent.com:sub",
	"path": sprintf("Condition.%s.token.actions.githubusercontent.com:sub", [op]), "values": values,
}

_trust(op, values) := {
	"type": "trusts", "from": _role.id, "to": "nhi:oidc-provider:gh", "provider": "github",
	"statement": "tf#trust.Statement[0]", "subjects": values, "subjects_known": true,
	"conditions": [_cond(op, values)], "via": {"node": "tf#trust.Statement[0]", "key": "Principal.Federated[0]"},
}

_input(job, trust) := {"nhi_identities": [_role, job], "nhi_edges": [_assume, trust]}

test_fail_repo_wildcard_used_from_production if {
	fs := rule.findings with input as _input(_job(["environment:production"], true), _trust("StringLike", ["repo:org/app:*"]))
	fs == {{
		"node": "tf#trust.Statement[0]", "key": "Condition.StringLike.token.actions.githubusercontent.com:sub[0]",
		"msg": "the trust of role \"release\" admits GitHub OIDC tokens with sub \"repo:org/app:*\", but the only jobs that assume it (Deploy / deploy) present \"repo:org/app:environment:production\": every other branch, tag, pull request and environment of org/app can take the role too; allow exactly \"repo:org/app:environment:production\" with StringEquals",
		"related": [{"node": "wf#jobs.deploy.steps[0]", "key": "with.role-to-assume", "msg": "job \"Deploy / deploy\" assumes the role with sub \"repo:org/app:environment:production\""}],
	}}
}

test_fail_ref_wildcard_used_from_main if {
	fs := rule.findings with input as _input(_job(["ref:refs/heads/main"], true), _trust("StringLike", ["repo:org/app:ref:refs/heads/*"]))
	count(fs) == 1
}

test_success_exact_trust if {
	count(rule.findings) == 0 with input as _input(_job(["environment:production"], true), _trust("StringEquals", ["repo:org/app:environment:production"]))
}

test_success_job_runs_on_unknown_refs if {
	count(rule.findings) == 0 with input as _input(_job(["ref:refs/heads/main"], false), _trust("StringLike", ["repo:org/app:*"]))
}

test_success_org_wildcard_left_to_iam_rules if {
	count(rule.findings) == 0 with input as _input(_job(["ref:refs/heads/main"], true), _trust("StringLike", ["repo:org/*"]))
}

test_success_no_job_assumes_it if {
	count(rule.findings) == 0 with input as {"nhi_identities": [_role], "nhi_edges": [_trust("StringLike", ["repo:org/app:*"])]}
}

_gl_cond(op, values) := {
	"operator": op, "base": op, "key": "gitlab.com:sub", "key_lower": "gitlab.com:sub",
	"path": sprintf("Condition.%s.gitlab.com:sub", [op]), "values": values,
}

_gl_trust(op, values) := {
	"type": "trusts", "from": _role.id, "to": "nhi:oidc-provider:gitlab.com", "provider": "gitlab",
	"statement": "tf#trust.Statement[0]", "subjects": values, "subjects_known": true,
	"conditions": [_gl_cond(op, values)], "via": {"node": "tf#trust.Statement[0]", "key": "Principal.Federated[0]"},
}

_gl_job(subjects, exact) := {"id": "nhi:gitlab-job:j", "type": "gitlab-job", "name": ".gitlab-ci.yml / deploy", "oidc_subjects": subjects, "oidc_subjects_exact": exact}

_gl_assume(web) := {"type": "assumes", "from": "nhi:gitlab-job:j", "to": _role.id, "method": "cli", "with_static_key": false, "web_identity": web, "via": {"node": ".gitlab-ci.yml#jobs.deploy", "key": "script[0]"}}

test_fail_gitlab_project_wildcard_used_from_main if {
	fs := rule.findings with input as {
		"nhi_identities": [_role, _gl_job(["ref_type:branch:ref:main"], true)],
		"nhi_edges": [_gl_assume(true), _gl_trust("StringLike", ["project_path:group/app:*"])],
	}
	fs == {{
		"node": "tf#trust.Statement[0]", "key": "Condition.StringLike.gitlab.com:sub[0]",
		"msg": "the trust of role \"release\" admits GitLab OIDC tokens with sub \"project_path:group/app:*\", but the only jobs that assume it (.gitlab-ci.yml / deploy) present \"project_path:group/app:ref_type:branch:ref:main\": every other branch and tag of group/app can take the role too; allow exactly \"project_path:group/app:ref_type:branch:ref:main\" with StringEquals",
		"related": [{"node": ".gitlab-ci.yml#jobs.deploy", "key": "script[0]", "msg": "job \".gitlab-ci.yml / deploy\" assumes the role with sub \"project_path:group/app:ref_type:branch:ref:main\""}],
	}}
}

test_success_gitlab_job_without_web_identity if {
	count(rule.findings) == 0 with input as {
		"nhi_identities": [_role, _gl_job(["ref_type:branch:ref:main"], true)],
		"nhi_edges": [_gl_assume(false), _gl_trust("StringLike", ["project_path:group/app:*"])],
	}
}

test_success_gitlab_job_on_unknown_refs if {
	count(rule.findings) == 0 with input as {
		"nhi_identities": [_role, _gl_job([], false)],
		"nhi_edges": [_gl_assume(true), _gl_trust("StringLike", ["project_path:group/app:*"])],
	}
}

test_success_github_job_against_gitlab_trust if {
	count(rule.findings) == 0 with input as {
		"nhi_identities": [_role, _job(["ref:refs/heads/main"], true)],
		"nhi_edges": [_assume, _gl_trust("StringLike", ["project_path:group/app:*"])],
	}
}
