package nhilint.rules.iam.oidc_any_repo_test

import data.nhilint.rules.iam.full_admin_test as t
import data.nhilint.rules.iam.oidc_any_repo

_gh := "token.actions.githubusercontent.com"

_github := "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"

_cond(op, key, values) := {
	"operator": op, "base": trim_prefix(op, "ForAnyValue:"), "key": key, "key_lower": lower(key),
	"values": values, "path": concat(".", ["Condition", op, key]),
}

_aud := _cond("StringEquals", "token.actions.githubusercontent.com:aud", ["sts.amazonaws.com"])

_trust(federated, conditions) := object.union(t._stmt("Allow", ["sts:AssumeRoleWithWebIdentity"], []), {
	"principals": {"Federated": [federated]}, "conditions": conditions,
})

_msgs(findings) := {[f.key, f.msg] | some f in findings}

test_fail_no_sub_only_aud if {
	_msgs(oidc_any_repo.findings) == {[
		"Principal.Federated[0]",
		"statement 0 of policy p.json trusts GitHub Actions OIDC tokens (token.actions.githubusercontent.com) with no token.actions.githubusercontent.com:sub condition: a workflow in any repository can assume this role; pin the subject with StringEquals, e.g. repo:OWNER/REPO:environment:NAME (or repo:OWNER/REPO:ref:refs/heads/main)",
	]} with input as t._input(_trust(_github, [_aud]))
}

test_fail_no_sub_issuer_from_condition_keys if {
	s := _trust({"unknown": true, "expr": "aws_iam_openid_connect_provider.github.arn"}, [_aud])
	[f.key | some f in oidc_any_repo.findings] == [""] with input as t._input(s)
}

test_fail_sub_any_owner if {
	s := _trust(_github, [_aud, _cond("StringLike", "token.actions.githubusercontent.com:sub", ["repo:org/app:ref:refs/heads/main", "repo:*"])])
	_msgs(oidc_any_repo.findings) == {[
		"Condition.StringLike.token.actions.githubusercontent.com:sub[1]",
		`statement 0 of policy p.json lets GitHub Actions tokens with sub "repo:*" assume this role: that matches workflows of any owner's repositories, not just yours; pin the subject, e.g. repo:OWNER/REPO:environment:NAME (or repo:OWNER/REPO:ref:refs/heads/main)`,
	]} with input as t._input(s)
}

test_fail_every_statement_is_checked if {
	pinned := _trust(_github, [_aud, _cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	open := object.union(_trust(_github, [_aud]), {"id": "p.json#Statement[1]", "index": 1})
	input_ := {"iam_policies": [object.union(t._input(pinned).iam_policies[0], {"statements": [pinned, open]})]}
	[f.node | some f in oidc_any_repo.findings] == ["p.json#Statement[1]"] with input as input_
}

test_fail_unknown_sub_does_not_hide_a_wildcard if {
	s := _trust(_github, [_aud, _cond("StringLike", "token.actions.githubusercontent.com:sub", [{"unknown": true, "expr": "var.sub"}, "*"])])
	[f.key | some f in oidc_any_repo.findings] == ["Condition.StringLike.token.actions.githubusercontent.com:sub[1]"] with input as t._input(s)
}

test_success_pinned_unknown_other_issuers if {
	pinned := _trust(_github, [_aud, _cond("StringEquals", "token.actions.githubusercontent.com:sub", ["repo:org/app:environment:prod"])])
	count(oidc_any_repo.findings) == 0 with input as t._input(pinned)
	unknown_sub := _trust(_github, [_aud, _cond("StringLike", "token.actions.githubusercontent.com:sub", [{"unknown": true, "expr": "var.sub"}])])
	count(oidc_any_repo.findings) == 0 with input as t._input(unknown_sub)
	unknown_conditions := object.union(_trust(_github, []), {"conditions_unknown": true})
	count(oidc_any_repo.findings) == 0 with input as t._input(unknown_conditions)
	equals_star := _trust(_github, [_aud, _cond("StringEquals", "token.actions.githubusercontent.com:sub", ["*"])])
	count(oidc_any_repo.findings) == 0 with input as t._input(equals_star)
	eks := _trust("arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", [])
	count(oidc_any_repo.findings) == 0 with input as t._input(eks)
	deny := object.union(_trust(_github, []), {"effect": "Deny"})
	count(oidc_any_repo.findings) == 0 with input as t._input(deny)
	repo_claim := _trust(_github, [_aud, _cond("StringEquals", "token.actions.githubusercontent.com:repository", ["org/app"])])
	count(oidc_any_repo.findings) == 0 with input as t._input(repo_claim)
}
