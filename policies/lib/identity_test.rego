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

test_cloud_reach_names_role_permissions if {
	ids := [
		{"id": "nhi:github-job:j1", "type": "github-job"},
		{"id": "nhi:aws-role:deploy", "type": "aws-role", "name": "deploy", "permissions": {"admin": true, "wildcard": true, "managed": ["AdministratorAccess"], "actions": []}},
	]
	edges := [{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:aws-role:deploy"}]
	identity.cloud_reach("j1") == `; it assumes AWS role "deploy" (admin, wildcard, AdministratorAccess)` with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_cloud_reach_empty_without_known_permissions if {
	ids := [
		{"id": "nhi:github-job:j1", "type": "github-job"},
		{"id": "nhi:unresolved-role:x", "type": "unresolved-role", "name": "x"},
	]
	edges := [{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:unresolved-role:x"}]
	identity.cloud_reach("j1") == "" with input as {"nhi_identities": ids, "nhi_edges": edges}
	identity.cloud_reach("j2") == "" with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_cloud_reach_gitlab_job if {
	ids := [
		{"id": "nhi:gitlab-job:p#deploy", "type": "gitlab-job"},
		{"id": "nhi:aws-role:r", "type": "aws-role", "name": "r", "permissions": {"actions": ["s3:PutObject"]}},
	]
	edges := [{"type": "assumes", "from": "nhi:gitlab-job:p#deploy", "to": "nhi:aws-role:r"}]
	identity.cloud_reach("p#deploy") == `; it assumes AWS role "r" (s3:PutObject)` with input as {"nhi_identities": ids, "nhi_edges": edges}
}
