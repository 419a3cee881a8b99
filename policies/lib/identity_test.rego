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

test_cloud_reach_gitlab_job_gcp_and_azure if {
	ids := [
		{"id": "nhi:gitlab-job:p#review", "type": "gitlab-job"},
		{"id": "nhi:gcp-service-account:sa", "type": "gcp-service-account", "name": "review", "permissions": {"admin": true, "wildcard": true, "managed": [], "roles": ["roles/owner"], "actions": []}},
		{"id": "nhi:azure-service-principal:sp", "type": "azure-service-principal", "name": "gitlab", "permissions": {"admin": true, "wildcard": true, "managed": [], "roles": ["Owner"], "actions": []}},
	]
	edges := [
		{"type": "assumes", "from": "nhi:gitlab-job:p#review", "to": "nhi:gcp-service-account:sa", "web_identity": true},
		{"type": "assumes", "from": "nhi:gitlab-job:p#review", "to": "nhi:azure-service-principal:sp", "web_identity": true},
	]
	identity.cloud_reach("p#review") == `; it impersonates GCP service account "review" (admin, wildcard, roles/owner) and signs in as Azure service principal "gitlab" (admin, wildcard, Owner)` with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_cloud_reach_gcp_and_azure if {
	ids := [
		{"id": "nhi:github-job:j1", "type": "github-job"},
		{"id": "nhi:aws-role:r", "type": "aws-role", "name": "r", "permissions": {"actions": ["s3:PutObject"]}},
		{"id": "nhi:gcp-service-account:sa", "type": "gcp-service-account", "name": "deployer", "permissions": {"admin": true, "wildcard": true, "managed": [], "roles": ["roles/owner"], "actions": []}},
		{"id": "nhi:azure-application:app", "type": "azure-application", "name": "ci", "permissions": {"admin": false, "wildcard": false, "managed": [], "roles": ["AcrPush"], "actions": []}},
	]
	edges := [
		{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:gcp-service-account:sa"},
		{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:azure-application:app"},
		{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:aws-role:r"},
	]
	identity.cloud_reach("j1") == `; it assumes AWS role "r" (s3:PutObject) and impersonates GCP service account "deployer" (admin, wildcard, roles/owner) and signs in as Azure application "ci" (AcrPush)` with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_cloud_reach_two_roles_share_the_verb if {
	ids := [
		{"id": "nhi:github-job:j1", "type": "github-job"},
		{"id": "nhi:aws-role:a", "type": "aws-role", "name": "a", "permissions": {"actions": ["s3:PutObject"]}},
		{"id": "nhi:aws-role:b", "type": "aws-role", "name": "b", "permissions": {"managed": ["ReadOnlyAccess"]}},
	]
	edges := [
		{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:aws-role:b"},
		{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:aws-role:a"},
	]
	identity.cloud_reach("j1") == `; it assumes AWS role "a" (s3:PutObject) and AWS role "b" (ReadOnlyAccess)` with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_cloud_reach_unresolved_gcp_account_is_silent if {
	ids := [
		{"id": "nhi:github-job:j1", "type": "github-job"},
		{"id": "nhi:unresolved-role:gcp:x", "type": "unresolved-role", "cloud": "gcp", "name": "x"},
	]
	edges := [{"type": "assumes", "from": "nhi:github-job:j1", "to": "nhi:unresolved-role:gcp:x"}]
	identity.cloud_reach("j1") == "" with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_job_claims_gitlab if {
	identity.job_claims({"type": "gitlab-job", "oidc_subjects": ["ref_type:branch:ref:main"]}, "group/app") == {"project_path:group/app:ref_type:branch:ref:main"}
}

_gl_sub(values) := {"operator": "StringLike", "base": "StringLike", "key_lower": "gitlab.com:sub", "values": values}

test_ci_trusts_gitlab_default_shape if {
	edges := [
		{"type": "trusts", "from": "r", "provider": "gitlab", "subjects_known": true, "subjects": ["project_path:g/app:ref_type:branch:ref:main"], "conditions": [_gl_sub(["project_path:g/app:ref_type:branch:ref:main"])]},
		{"type": "trusts", "from": "r", "provider": "gitlab", "subjects_known": true, "subjects": ["project_path:g/app:*"], "conditions": [_gl_sub(["project_path:g/app:*"])]},
		{"type": "trusts", "from": "r", "provider": "gitlab", "subjects_known": true, "subjects": ["project_path:g/app:main"], "conditions": [_gl_sub(["project_path:g/app:main"])]},
		{"type": "trusts", "from": "r", "provider": "github", "subjects_known": true, "subjects": ["repo:o/r:*"], "conditions": [_gl_sub(["repo:o/r:*"])]},
	]
	ts := identity.ci_trusts("r", "gitlab") with input as {"nhi_edges": edges}
	[t.subjects[0] | some t in ts] == ["project_path:g/app:ref_type:branch:ref:main", "project_path:g/app:*"]
	identity.trusted_paths(ts, "gitlab") == {"g/app"}
}

test_ci_users_gitlab_needs_web_identity if {
	ids := [{"id": "nhi:gitlab-job:a", "type": "gitlab-job"}, {"id": "nhi:gitlab-job:b", "type": "gitlab-job"}]
	edges := [
		{"type": "assumes", "from": "nhi:gitlab-job:a", "to": "r", "method": "cli", "web_identity": true},
		{"type": "assumes", "from": "nhi:gitlab-job:b", "to": "r", "method": "cli", "web_identity": false},
	]
	us := identity.ci_users("r", "gitlab") with input as {"nhi_identities": ids, "nhi_edges": edges}
	[u.job.id | some u in us] == ["nhi:gitlab-job:a"]
	count(identity.ci_users("r", "github")) == 0 with input as {"nhi_identities": ids, "nhi_edges": edges}
}

test_dangerous_grants_gcp_role_levels if {
	ids := [
		{"id": "nhi:gcp-role:roles/editor", "type": "gcp-role", "level": "all", "meaning": "modify every resource"},
		{"id": "nhi:gcp-role:roles/viewer", "type": "gcp-role", "level": "read", "meaning": "read every resource"},
	]
	edges := [
		{"type": "grants", "from": "sa", "to": "nhi:gcp-role:roles/editor", "cloud": "gcp", "role": "roles/editor", "level": "all", "scope_type": "folder", "scope": "", "managed": "", "policy": "", "via": {"node": "m", "key": "role"}},
		{"type": "grants", "from": "sa", "to": "nhi:gcp-role:roles/viewer", "cloud": "gcp", "role": "roles/viewer", "level": "read", "scope_type": "project", "scope": "p", "managed": "", "policy": "", "via": {"node": "v", "key": "role"}},
	]
	gs := identity.dangerous_grants("sa") with input as {"nhi_identities": ids, "nhi_edges": edges, "iam_policies": []}
	{[g.node, g.what] | some g in gs} == {["m", "the GCP role roles/editor on folder (modify every resource)"]}
}
