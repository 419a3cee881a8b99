package nhilint.rules.iam.oidc_any_ref_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.oidc_any_ref
import data.nhilint.rules.iam.oidc_any_repo_test as o
import data.nhilint.rules.iam.oidc_no_aud
import data.nhilint.rules.iam.oidc_org_wide

test_fail_any_ref_gitlab if {
	s := o._trust("arn:aws:iam::1:oidc-provider/gitlab.example.com", [
		o._cond("StringEquals", "gitlab.example.com:aud", ["https://gitlab.example.com"]),
		o._cond("StringLike", "gitlab.example.com:sub", ["project_path:group/app:ref_type:branch:ref:*"]),
	])
	o._msgs(oidc_any_ref.findings) == {[
		"Condition.StringLike.gitlab.example.com:sub[0]",
		`statement 0 of policy p.json lets GitLab CI tokens with sub "project_path:group/app:ref_type:branch:ref:*" assume this role: any branch, tag, pull request or environment of group/app can take its credentials, bypassing branch protection and environment reviewers; pin one, e.g. project_path:GROUP/PROJECT:ref_type:branch:ref:main`,
	]} with input as t._input(s)
	count(oidc_no_aud.findings) == 0 with input as t._input(s)
	count(oidc_org_wide.findings) == 0 with input as t._input(s)
}

test_success_pinned_ref_or_environment if {
	pinned := o._trust(o._github, [o._aud, o._cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	count(oidc_any_ref.findings) == 0 with input as t._input(pinned)
	main := o._trust(o._github, [o._aud, o._cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:ref:refs/heads/main"])])
	count(oidc_any_ref.findings) == 0 with input as t._input(main)
	gitlab := o._trust("arn:aws:iam::1:oidc-provider/gitlab.com", [
		o._cond("StringEquals", "gitlab.com:aud", ["https://gitlab.com"]),
		o._cond("StringEquals", "gitlab.com:sub", ["project_path:group/app:ref_type:branch:ref:main"]),
	])
	count(oidc_any_ref.findings) == 0 with input as t._input(gitlab)
}
