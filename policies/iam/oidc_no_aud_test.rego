package nhilint.rules.iam.oidc_no_aud_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.oidc_any_repo_test as o
import data.nhilint.rules.iam.oidc_no_aud

test_fail_no_aud if {
	s := o._trust(o._github, [o._cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	o._msgs(oidc_no_aud.findings) == {[
		"Principal.Federated[0]",
		"statement 0 of policy p.json trusts GitHub Actions OIDC tokens (token.actions.githubusercontent.com) without a token.actions.githubusercontent.com:aud condition, so tokens minted for other audiences are accepted too; add StringEquals on token.actions.githubusercontent.com:aud (sts.amazonaws.com for GitHub's configure-aws-credentials)",
	]} with input as t._input(s)
}

test_success_aud_checked_or_unknown if {
	pinned := o._trust(o._github, [o._aud, o._cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	count(oidc_no_aud.findings) == 0 with input as t._input(pinned)
	unknown_conditions := object.union(o._trust(o._github, []), {"conditions_unknown": true})
	count(oidc_no_aud.findings) == 0 with input as t._input(unknown_conditions)
}
