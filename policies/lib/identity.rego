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
#   granting statement's action, or the attachment of a managed policy.
dangerous_grants(id) := {g |
	some e in edges_from(id, "grants")
	some g in _dangerous(e)
}

_dangerous_levels := {"all", "privesc", "service"}

_dangerous(e) := {{"edge": e, "node": e.via.node, "key": e.via.key, "what": what}} if {
	e.managed != ""
	m := identities[e.to]
	m.level in _dangerous_levels
	what := sprintf("the AWS managed policy %s (%s)", [e.managed, m.meaning])
}

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
} if e.managed == ""

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
github_trusts(role_id) := [t |
	some t in edges_from(role_id, "trusts")
	t.provider == "github"
	t.subjects_known
	count(sub_conditions(t)) > 0
	every v in t.subjects {
		_default_shape(v)
	}
]

_default_shape(v) if {
	s := iam.subject("github", v)
	_default_rest(s.rest)
}

_default_rest(rest) if iam.wildcard(rest)

_default_rest(":pull_request")

_default_rest(rest) if {
	some prefix in [":ref:", ":environment:"]
	startswith(rest, prefix)
	count(split(rest, ":")) == 3
}

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
trusted_repos(trusts) := {s.path |
	some t in trusts
	some v in t.subjects
	s := iam.subject("github", v)
	not iam.wildcard(s.path)
}

# METADATA
# description: The full sub claims a job presents to a repository (its oidc_subjects after repo:OWNER/REPO:).
job_claims(job, repo) := {sprintf("repo:%s:%s", [repo, s]) | some s in job.oidc_subjects}

# METADATA
# description: |
#   The GitHub jobs that assume a role through OIDC (not with a stored key), as
#   {"edge", "job"}.
oidc_users(role_id) := [{"edge": e, "job": job} |
	some e in edges_to(role_id, "assumes")
	job := identities[e.from]
	job.type == "github-job"
	e.method in {"configure-aws-credentials", "env"}
	not e.with_static_key
]

# METADATA
# description: |
#   The cloud permissions a job (GitHub or GitLab, by its node id) holds
#   through the roles it assumes, for
#   messages of pipeline findings ("blast radius"): "" when the graph knows
#   none, else e.g. `; it assumes AWS role "deploy" (AdministratorAccess: admin)`.
cloud_reach(job_id) := "" if {
	count(_reach_parts(job_id)) == 0
}

cloud_reach(job_id) := sprintf("; it assumes %s", [concat(" and ", _reach_parts(job_id))]) if {
	count(_reach_parts(job_id)) > 0
}

_reach_parts(job_id) := sort({sprintf("AWS role %q (%s)", [role.name, _summary(role.permissions)]) |
	some kind in ["github-job", "gitlab-job"]
	some e in edges_from(sprintf("nhi:%s:%s", [kind, job_id]), "assumes")
	role := identities[e.to]
	role.type == "aws-role"
	_summary(role.permissions) != ""
})

_summary(p) := concat(", ", array.concat(_flags(p), _grants(p))) if count(array.concat(_flags(p), _grants(p))) > 0

_summary(p) := "" if count(array.concat(_flags(p), _grants(p))) == 0

_flags(p) := [f | some f, on in {"admin": object.get(p, "admin", false), "wildcard": object.get(p, "wildcard", false)}; on]

_grants(p) := array.concat(object.get(p, "managed", []), _some_actions(object.get(p, "actions", [])))

_some_actions(actions) := array.slice(actions, 0, 5)
