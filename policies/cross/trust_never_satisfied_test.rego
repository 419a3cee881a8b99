package nhilint.rules.cross.trust_never_satisfied_test

import data.nhilint.rules.cross.trust_never_satisfied as rule

_role := {"id": "nhi:aws-role:r", "type": "aws-role", "name": "deploy"}

_job(subjects, exact) := {"id": "nhi:github-job:j", "type": "github-job", "name": "Deploy / deploy", "oidc_subjects": subjects, "oidc_subjects_exact": exact}

_assume(static) := {"type": "assumes", "from": "nhi:github-job:j", "to": _role.id, "method": "configure-aws-credentials", "with_static_key": static, "via": {"node": "wf#jobs.deploy.steps[0]", "key": "with.role-to-assume"}}

_trust(op, values) := {
	"type": "trusts", "from": _role.id, "to": "nhi:oidc-provider:gh", "provider": "github",
	"statement": "tf#trust.Statement[0]", "subjects": values, "subjects_known": true,
	"conditions": [{
		"operator": op, "base": op, "key": "token.actions.githubusercontent.com:sub",
		"key_lower": "token.actions.githubusercontent.com:sub",
		"path": sprintf("Condition.%s.token.actions.githubusercontent.com:sub", [op]), "values": values,
	}],
	"via": {"node": "tf#trust.Statement[0]", "key": "Principal.Federated[0]"},
}

_input(job, trust) := {"nhi_identities": [_role, job], "nhi_edges": [_assume(false), trust]}

test_fail_environment_job_against_branch_trust if {
	fs := rule.findings with input as _input(_job(["environment:production"], true), _trust("StringEquals", ["repo:org/app:ref:refs/heads/main"]))
	fs == {{
		"node": "wf#jobs.deploy.steps[0]", "key": "with.role-to-assume",
		"msg": "job \"Deploy / deploy\" assumes role \"deploy\" with an OIDC token whose sub is \"repo:org/app:environment:production\", which the role's trust never admits (it allows \"repo:org/app:ref:refs/heads/main\"): the step fails with \"Not authorized to perform sts:AssumeRoleWithWebIdentity\"; add the exact sub to the trust with StringEquals, or run the job where the trust expects",
		"related": [{"node": "tf#trust.Statement[0]", "key": "Condition.StringEquals.token.actions.githubusercontent.com:sub[0]", "msg": "role \"deploy\" trusts this sub"}],
	}}
}

test_fail_pull_request_against_branch_pattern if {
	count(rule.findings) == 1 with input as _input(_job(["pull_request"], true), _trust("StringLike", ["repo:org/app:ref:refs/heads/*"]))
}

test_success_matching_environment if {
	count(rule.findings) == 0 with input as _input(_job(["environment:production"], true), _trust("StringEquals", ["repo:org/app:environment:production"]))
}

test_success_wildcard_admits if {
	count(rule.findings) == 0 with input as _input(_job(["ref:refs/heads/main"], true), _trust("StringLike", ["repo:org/app:*"]))
}

test_success_unknown_subject if {
	count(rule.findings) == 0 with input as _input(_job(["ref:refs/heads/main"], false), _trust("StringEquals", ["repo:org/app:environment:production"]))
}

test_success_static_key_login if {
	count(rule.findings) == 0 with input as {"nhi_identities": [_role, _job(["environment:production"], true)], "nhi_edges": [_assume(true), _trust("StringEquals", ["repo:org/app:ref:refs/heads/main"])]}
}

test_success_custom_sub_template if {
	count(rule.findings) == 0 with input as _input(_job(["environment:production"], true), _trust("StringEquals", ["repo:org/app:environment:production:job_workflow_ref:org/app/.github/workflows/d.yml@refs/heads/main"]))
}

_gl_job(subjects, exact) := {"id": "nhi:gitlab-job:j", "type": "gitlab-job", "name": ".gitlab-ci.yml / deploy", "oidc_subjects": subjects, "oidc_subjects_exact": exact}

_gl_assume := {"type": "assumes", "from": "nhi:gitlab-job:j", "to": _role.id, "method": "cli", "with_static_key": false, "web_identity": true, "via": {"node": ".gitlab-ci.yml#jobs.deploy", "key": "script[0]"}}

_gl_trust(op, values) := {
	"type": "trusts", "from": _role.id, "to": "nhi:oidc-provider:gitlab.com", "provider": "gitlab",
	"statement": "tf#trust.Statement[0]", "subjects": values, "subjects_known": true,
	"conditions": [{
		"operator": op, "base": op, "key": "gitlab.com:sub", "key_lower": "gitlab.com:sub",
		"path": sprintf("Condition.%s.gitlab.com:sub", [op]), "values": values,
	}],
	"via": {"node": "tf#trust.Statement[0]", "key": "Principal.Federated[0]"},
}

test_fail_gitlab_tag_job_against_branch_trust if {
	fs := rule.findings with input as {
		"nhi_identities": [_role, _gl_job(["ref_type:tag:ref:v1"], true)],
		"nhi_edges": [_gl_assume, _gl_trust("StringEquals", ["project_path:group/app:ref_type:branch:ref:main"])],
	}
	fs == {{
		"node": ".gitlab-ci.yml#jobs.deploy", "key": "script[0]",
		"msg": "job \".gitlab-ci.yml / deploy\" assumes role \"deploy\" with an OIDC token whose sub is \"project_path:group/app:ref_type:tag:ref:v1\", which the role's trust never admits (it allows \"project_path:group/app:ref_type:branch:ref:main\"): the step fails with \"Not authorized to perform sts:AssumeRoleWithWebIdentity\"; add the exact sub to the trust with StringEquals, or run the job where the trust expects",
		"related": [{"node": "tf#trust.Statement[0]", "key": "Condition.StringEquals.gitlab.com:sub[0]", "msg": "role \"deploy\" trusts this sub"}],
	}}
}

test_success_gitlab_matching_branch if {
	count(rule.findings) == 0 with input as {
		"nhi_identities": [_role, _gl_job(["ref_type:branch:ref:main"], true)],
		"nhi_edges": [_gl_assume, _gl_trust("StringEquals", ["project_path:group/app:ref_type:branch:ref:main"])],
	}
}

test_success_gitlab_custom_claim_shape if {
	count(rule.findings) == 0 with input as {
		"nhi_identities": [_role, _gl_job(["ref_type:tag:ref:v1"], true)],
		"nhi_edges": [_gl_assume, _gl_trust("StringEquals", ["project_path:group/app:ref_type:branch:ref:main:environment:prod"])],
	}
}
