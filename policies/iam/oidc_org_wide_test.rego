package nhilint.rules.iam.oidc_org_wide_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.oidc_any_ref
import data.nhilint.rules.iam.oidc_any_repo
import data.nhilint.rules.iam.oidc_any_repo_test as o
import data.nhilint.rules.iam.oidc_org_wide

test_fail_org_wide if {
	s := o._trust(o._github, [o._aud, o._cond("ForAnyValue:StringLike", "token.actions.githubusercontent.com:sub", ["repo:my-org/*"])])
	o._msgs(oidc_org_wide.findings) == {[
		"Condition.ForAnyValue:StringLike.token.actions.githubusercontent.com:sub[0]",
		`statement 0 of policy p.json lets GitHub Actions tokens with sub "repo:my-org/*" assume this role: any repository of "my-org", including ones created later, can take its credentials; name the repository, e.g. repo:OWNER/REPO:environment:NAME (or repo:OWNER/REPO:ref:refs/heads/main)`,
	]} with input as t._input(s)
	count(oidc_any_repo.findings) == 0 with input as t._input(s)
	count(oidc_any_ref.findings) == 0 with input as t._input(s)
}

test_success_one_repository_or_pinned if {
	pinned := o._trust(o._github, [o._aud, o._cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	count(oidc_org_wide.findings) == 0 with input as t._input(pinned)
	any_ref := o._trust(o._github, [o._aud, o._cond("StringLike", "token.actions.githubusercontent.com:sub", ["repo:org/app:*"])])
	count(oidc_org_wide.findings) == 0 with input as t._input(any_ref)
	unknown := o._trust(o._github, [o._aud, o._cond("StringLike", "token.actions.githubusercontent.com:sub", [{"unknown": true, "expr": "var.sub"}])])
	count(oidc_org_wide.findings) == 0 with input as t._input(unknown)
}
