package nhilint.rules.iam.oidc_stringlike_exact_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.oidc_any_ref
import data.nhilint.rules.iam.oidc_any_repo_test as o
import data.nhilint.rules.iam.oidc_stringlike_exact

test_fail_stringlike_exact if {
	s := o._trust(o._github, [o._aud, o._cond("StringLike", "token.actions.githubusercontent.com:sub", ["repo:org/app:ref:refs/heads/main", "repo:org/app:*"])])
	o._msgs(oidc_stringlike_exact.findings) == {[
		"Condition.StringLike.token.actions.githubusercontent.com:sub[0]",
		`statement 0 of policy p.json matches sub "repo:org/app:ref:refs/heads/main" with StringLike although it has no wildcard; use StringEquals so a later "*" cannot widen the trust unnoticed`,
	]} with input as t._input(s)
	[f.key | some f in oidc_any_ref.findings] == ["Condition.StringLike.token.actions.githubusercontent.com:sub[1]"] with input as t._input(s)
}

test_success_equals_or_real_wildcard if {
	pinned := o._trust(o._github, [o._aud, o._cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	count(oidc_stringlike_exact.findings) == 0 with input as t._input(pinned)
	like := o._trust(o._github, [o._aud, o._cond("StringLike", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:*"])])
	count(oidc_stringlike_exact.findings) == 0 with input as t._input(like)
}
