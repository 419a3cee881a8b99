# METADATA
# description: |
#   Helpers over the identity graph (input.nhi_identities, input.nhi_edges;
#   docs/input-identity.md) for the cross-document rules of policies/cross.
package nhilint.lib.identity

import data.nhilint.lib.iam

# METADATA
# description: Every identity by id.
identities := {n.id: n | some n in input.nhi_identities}

# METADATA
# description: Every IAM policy by id.
policies := {p.id: p | some p in input.iam_policies}

# METADATA
# description: Every GitHub Actions job by id, as [workflow, job].
gha_jobs := {job.id: [wf, job] | some wf in input.gha_workflows; some job in wf.jobs}

# METADATA
# description: The edges of a type leaving an identity.
edges_from(id, type) := [e | some e in input.nhi_edges; e.from == id; e.type == type]

# METADATA
# description: The edges of a type reaching an identity.
edges_to(id, type) := [e | some e in input.nhi_edges; e.to == id; e.type == type]

# METADATA
# description: The related location where an edge is written.
via_related(e, msg) := {"node": e.via.node, "key": e.via.key, "msg": msg}

# METADATA
# description: |
#   The grants of an identity that amount to administrator, privilege-escalation or
#   wildcard access, each as {"edge", "node", "key", "what"}: "node"/"key" locate the
#   granting statement's action, the attachment of a managed policy, or the role of a GCP
#   IAM member or Azure role assignment. An Entra ID application's include the grants of its
#   service principals.
dangerous_grants(id) := {g |
	some e in _grants_of(id)
	some g in _dangerous(e)
}

_grants_of(id) := array.concat(edges_from(id, "grants"), [e |
	some p in edges_from(id, "has-principal")
	some e in edges_from(p.to, "grants")
])

_dangerous_levels := {"all", "privesc", "service"}

_dangerous(e) := {{"edge": e, "node": e.via.node, "key": e.via.key, "what": what}} if {
	e.managed != ""
	m := identities[e.to]
	m.level in _dangerous_levels
	what := sprintf("the AWS managed policy %s (%s)", [e.managed, m.meaning])
}

_dangerous(e) := {{"edge": e, "node": e.via.node, "key": e.via.key, "what": what}} if {
	e.cloud in {"gcp", "azure"}
	e.level in _dangerous_levels
	m := identities[e.to]
	what := sprintf("the %s role %s on %s (%s)", [_cloud_names[e.cloud], e.role, _scope(e), m.meaning])
}

_cloud_names := {"gcp": "GCP", "azure": "Azure"}

_scope(e) := sprintf("%s %s", [e.scope_type, e.scope]) if e.scope != ""

_scope(e) := e.scope_type if e.scope == ""

_dangerous(e) := {g |
	p := policies[e.policy]
	some s in p.statements
	not s.unknown
	iam.allows(s)
	count(iam.star_resources(s)) > 0
	hits := _dangerous_actions(s)
	count(hits) > 0
	g := {
		"edge": e, "node": s.id, "key": sprintf("Action[%d]", [hits[0]]),
		"what": sprintf("%s on every resource (%s)", [iam.show([s.actions[i] | some i in hits]), iam.describe(p, s)]),
	}
} if {
	e.managed == ""
	not e.cloud
}

_dangerous_actions(s) := hits if {
	hits := array.concat(iam.all_actions(s), iam.service_wildcards(s))
	count(hits) > 0
} else := iam.privesc_actions(s)

# METADATA
# description: |
#   IAM string matching of a condition value against a claim: StringLike's * (any run of
#   characters, "/" and ":" included) and ? (one character); StringEquals compares exactly.
admits(c, v, claim) if {
	iam.like(c)
	glob.match(_glob_escape(v), ["\u0000"], claim)
}

admits(c, v, claim) if {
	not iam.like(c)
	v == claim
}

_glob_escape(p) := replace(replace(replace(replace(replace(p, `\`, `\\`), "[", `\[`), "]", `\]`), "{", `\{`), "}", `\}`)

# METADATA
# description: |
#   The positive conditions on the sub claim of a GitHub trust edge (the ones that must hold
#   for a token to be admitted).
sub_conditions(t) := [c |
	some c in t.conditions
	endswith(c.key_lower, ":sub")
	not contains(lower(c.operator), "not")
]

# METADATA
# description: |
#   The GitHub OIDC trust edges of a role whose sub conditions are fully known and written in
#   GitHub's default sub format (repo:OWNER/REPO:pull_request, :ref:…, :environment:…, or a
#   wildcard); a trust with a custom claim template is left out, nhilint cannot know its shape.
github_trusts(role_id) := ci_trusts(role_id, "github")

# METADATA
# description: |
#   The OIDC trust edges of a role for one CI provider ("github", "gitlab") whose sub
#   conditions are fully known and written in the provider's default sub format: GitHub's
#   repo:OWNER/REPO:pull_request, :ref:…, :environment:…; GitLab's
#   project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME; or a wildcard after the path.
ci_trusts(role_id, provider) := [t |
	some t in edges_from(role_id, "trusts")
	t.provider == provider
	t.subjects_known
	count(sub_conditions(t)) > 0
	every v in t.subjects {
		_default_shape(provider, v)
	}
]

_default_shape(provider, v) if {
	s := iam.subject(provider, v)
	_default_rest(provider, s.rest)
}

_default_rest(_, rest) if iam.wildcard(rest)

_default_rest("github", ":pull_request")

_default_rest("github", rest) if {
	some prefix in [":ref:", ":environment:"]
	startswith(rest, prefix)
	count(split(rest, ":")) == 3
}

_default_rest("gitlab", rest) if regex.match(`^:ref_type:(branch|tag):ref:[^:]+$`, rest)

# METADATA
# description: |
#   A trust edge admits a sub claim when every sub condition has a value that matches it.
trust_admits(t, claim) if {
	every c in sub_conditions(t) {
		some v in c.values
		admits(c, v, claim)
	}
}

# METADATA
# description: |
#   The repositories (OWNER/REPO) a role's GitHub trusts name in their sub values, without
#   wildcards: the candidates for the repository being scanned, whose name the files do not say.
trusted_repos(trusts) := trusted_paths(trusts, "github")

# METADATA
# description: |
#   The repositories (GitHub OWNER/REPO) or projects (GitLab GROUP/PROJECT) a provider's trusts
#   name in their sub values, without wildcards.
trusted_paths(trusts, provider) := {s.path |
	some t in trusts
	some v in t.subjects
	s := iam.subject(provider, v)
	not iam.wildcard(s.path)
}

# METADATA
# description: |
#   The full sub claims a job presents to a repository or project: its oidc_subjects after
#   repo:OWNER/REPO: (GitHub) or project_path:GROUP/PROJECT: (GitLab).
job_claims(job, repo) := {sprintf("%s:%s:%s", [_claim_prefix(job), repo, s]) | some s in job.oidc_subjects}

_claim_prefix(job) := "project_path" if job.type == "gitlab-job"

_claim_prefix(job) := "repo" if not job.type == "gitlab-job"

# METADATA
# description: |
#   The GitHub jobs that assume a role through OIDC (not with a stored key), as
#   {"edge", "job"}.
oidc_users(role_id) := ci_users(role_id, "github")

# METADATA
# description: |
#   The jobs of one CI provider that assume a role through OIDC, as {"edge", "job"}: GitHub jobs
#   with configure-aws-credentials without a key or AWS_ROLE_ARN; GitLab jobs whose assumes edge
#   uses their id_token (web_identity: aws sts assume-role-with-web-identity, AWS_ROLE_ARN, and
#   for service accounts and Entra ID identities gcloud create-cred-config, az login
#   --federated-token, ARM_USE_OIDC).
ci_users(role_id, provider) := [{"edge": e, "job": job} |
	some e in edges_to(role_id, "assumes")
	job := identities[e.from]
	_oidc_user(provider, job, e)
]

_oidc_user("github", job, e) if {
	job.type == "github-job"
	e.method in {"configure-aws-credentials", "env"}
	not e.with_static_key
}

_oidc_user("gitlab", job, e) if {
	job.type == "gitlab-job"
	e.web_identity == true
}

# METADATA
# description: |
#   The cloud permissions a job (GitHub or GitLab, by its node id) holds
#   through the cloud identities it logs in as, for messages of pipeline
#   findings ("blast radius"): "" when the graph knows none, else e.g.
#   `; it assumes AWS role "deploy" (admin, wildcard, AdministratorAccess)`,
#   `; it impersonates GCP service account "deployer" (admin, wildcard, roles/owner)`,
#   `; it signs in as Azure application "ci" (admin, wildcard, Owner)`.
cloud_reach(job_id) := "" if {
	count(_reach_groups(job_id)) == 0
}

cloud_reach(job_id) := sprintf("; it %s", [concat(" and ", _reach_groups(job_id))]) if {
	count(_reach_groups(job_id)) > 0
}

# How a job logs in as each type of cloud identity, in message order.
_reach_verbs := [
	["aws-role", "assumes", "AWS role"],
	["gcp-service-account", "impersonates", "GCP service account"],
	["azure-application", "signs in as", "Azure application"],
	["azure-managed-identity", "signs in as", "Azure managed identity"],
	["azure-service-principal", "signs in as", "Azure service principal"],
]

_reach_groups(job_id) := [sprintf("%s %s", [verb, concat(" and ", parts)]) |
	some verb in ["assumes", "impersonates", "signs in as"]
	parts := sort({p[1] | some p in _reach_parts(job_id); p[0] == verb})
	count(parts) > 0
]

_reach_parts(job_id) := {[verb, sprintf("%s %q (%s)", [what, target.name, _summary(target.permissions)])] |
	some kind in ["github-job", "gitlab-job"]
	some e in edges_from(sprintf("nhi:%s:%s", [kind, job_id]), "assumes")
	target := identities[e.to]
	some [type, verb, what] in _reach_verbs
	target.type == type
	_summary(target.permissions) != ""
}

_summary(p) := concat(", ", array.concat(_flags(p), _grants(p))) if count(array.concat(_flags(p), _grants(p))) > 0

_summary(p) := "" if count(array.concat(_flags(p), _grants(p))) == 0

_flags(p) := [f | some f, on in {"admin": object.get(p, "admin", false), "wildcard": object.get(p, "wildcard", false)}; on]

_grants(p) := array.concat(
	array.concat(object.get(p, "managed", []), object.get(p, "roles", [])),
	_some_actions(object.get(p, "actions", [])),
)

_some_actions(actions) := array.slice(actions, 0, 5)
