package nhilint.lib.identity_test

import data.nhilint.lib.identity

_like := {"base": "StringLike", "operator": "StringLike", "key_lower": "token.actions.githubusercontent.com:sub"}

_equals := {"base": "StringEquals", "operator": "StringEquals", "key_lower": "token.actions.githubusercontent.com:sub"}

test_admits_like_crosses_slashes_and_colons if {
	identity.admits(_like, "repo:org/app:*", "repo:org/app:ref:refs/heads/feature/a.b")
	identity.admits(_like, "repo:org/app:ref:refs/heads/v?", "repo:org/app:ref:refs/heads/v1")
	not identity.admits(_like, "repo:org/app:*", "repo:org/other:pull_request")
}

test_admits_brackets_are_literal if {
	identity.admits(_like, "repo:org/[a]pp:*", "repo:org/[a]pp:pull_request")
	not identity.admits(_like, "repo:org/[a]pp:*", "repo:org/app:pull_request")
}

test_admits_equals_is_exact if {
	identity.admits(_equals, "repo:org/app:pull_request", "repo:org/app:pull_request")
	not identity.admits(_equals, "repo:org/app:*", "repo:org/app:pull_request")
}

test_trust_admits_needs_every_condition if {
	t := {"conditions": [
		object.union(_like, {"values": ["repo:org/*"]}),
		object.union(_equals, {"values": ["repo:org/app:environment:prod", "repo:org/app:pull_request"]}),
	]}
	identity.trust_admits(t, "repo:org/app:pull_request")
	not identity.trust_admits(t, "repo:org/app:ref:refs/heads/main")
}

test_job_claims if {
	identity.job_claims({"oidc_subjects": ["environment:production"]}, "org/app") == {"repo:org/app:environment:production"}
}
