# METADATA
# description: |
#   The IAM model for rules (docs/input-iam.md): statements of every policy,
#   how risky each action is, which principals and conditions leave a policy
#   open, and the OIDC trust of CI providers.
#
#   Action classification. For the services of iam_actions.levels (generated
#   from the AWS Service Authorization Reference by
#   parsers/iam/testdata/gen_iam_actions.js, then opa fmt), an action's access level is the
#   reference's: "permissions" (Permissions management), "write", "tagging",
#   or "read" for every other action of the service (Read and List). A
#   pattern ("s3:Put*") takes the highest level of the actions it matches,
#   "read" when it matches none or starts with a read verb ("List*"). Known
#   privilege-escalation actions are "privesc" above them all. Services not in
#   the table fall back to the verb an action (or the literal start of a
#   pattern) begins with: a read verb (Describe, List, Get, BatchGet, Search,
#   Lookup, View, Query, Head, Check) is "read", Tag/Untag "tagging", a verb
#   that changes something (Create, Delete, Put, Update, Attach, Run, ...)
#   "write", and anything else "unknown", which no rule reports.
package nhilint.lib.iam

import data.nhilint.lib.iam_actions

# METADATA
# description: |
#   Every [policy, statement] pair whose statement is known, keyed by
#   statement id (an object, not a set: iterating a set sorts it, comparing
#   whole policies; a comprehension, not a partial rule, whose key collision
#   checks are quadratic).
statements := {s.id: [p, s] |
	some p in input.iam_policies
	some s in p.statements
	not s.unknown
}

# METADATA
# description: |
#   The statement names no principal, as in an identity policy, where
#   Resource "*" is every resource of the account. A statement with a
#   Principal (a key, bucket, queue or trust policy) applies to the resource
#   it is attached to, "*" there being that resource: the principal rules
#   judge it, not the ones about what an identity may do.
identity_statement(s) if {
	count(s.principals) == 0
	count(s.not_principals) == 0
	not s.principal_unknown
	not s.not_principal_unknown
}

# METADATA
# description: The statement allows (Effect "Allow", as AWS spells it).
allows(s) if s.effect == "Allow"

# METADATA
# description: How a message names a statement - its Sid or its index.
describe(p, s) := sprintf("statement %q of policy %s", [s.sid, p.name]) if s.sid != ""

describe(p, s) := sprintf("statement %d of policy %s", [s.index, p.name]) if {
	not _has_sid(s)
}

_has_sid(s) if s.sid != ""

# METADATA
# description: Ranks of access levels, most dangerous highest.
rank := {"unknown": -1, "read": 0, "tagging": 1, "write": 2, "permissions": 3, "privesc": 4, "service": 5, "all": 6}

# METADATA
# description: |
#   Actions that let an identity raise its own privileges when granted on
#   every resource (Rhino Security Labs' and PMapper's escalation paths):
#   rewriting or attaching policies, minting credentials for other users,
#   changing who may assume a role, passing a role to compute it controls,
#   and running code or commands as other roles.
privesc := {
	"iam:addusertogroup", "iam:attachgrouppolicy", "iam:attachrolepolicy", "iam:attachuserpolicy",
	"iam:createaccesskey", "iam:createloginprofile", "iam:createpolicyversion", "iam:passrole",
	"iam:putgrouppolicy", "iam:putrolepolicy", "iam:putuserpolicy", "iam:setdefaultpolicyversion",
	"iam:updateassumerolepolicy", "iam:updateloginprofile", "iam:createservicespecificcredential",
	"iam:putrolepermissionsboundary", "iam:deleterolepermissionsboundary",
	"iam:putuserpermissionsboundary", "iam:deleteuserpermissionsboundary",
	"sts:assumerole", "lambda:updatefunctioncode", "lambda:updatefunctionconfiguration",
	"lambda:addpermission", "glue:updatedevendpoint", "ssm:sendcommand", "ssm:startsession",
	"ec2-instance-connect:sendsshpublickey", "codebuild:startbuild", "cloudformation:updatestack",
}

# METADATA
# description: |
#   The level of one action element ("*", "s3:*", "s3:Put*", "iam:PassRole");
#   "unknown" for unknown elements and malformed actions.
level(a) := _level(lower(a)) if {
	is_string(a)
} else := "unknown"

# Each function below is one else chain: the first body that succeeds
# answers, so a classification costs a few lookups, not every body.
_level(a) := "all" if {
	a in {"*", "*:*"}
} else := _split_level(split(a, ":"))

_split_level(parts) := "unknown" if {
	count(parts) != 2
} else := "unknown" if {
	_wild(parts[0])
} else := "service" if {
	parts[1] == "*"
} else := _action_level(parts[0], parts[1])

_wild(s) if contains(s, "*")

_wild(s) if contains(s, "?")

_action_level(svc, name) := "privesc" if {
	concat(":", [svc, name]) in privesc
} else := "read" if {
	# A few read-named actions are Write or Permissions management in the
	# reference (glue:DescribeConnectionType, glue:ListEntities): reading is
	# what they do, and rules promise never to report Describe/List/Get.
	not _wild(name)
	_starts_with_any(name, _never_write_verbs)
} else := iam_actions.levels[svc][name] if {
	not _wild(name)
} else := "read" if {
	not _wild(name)
	iam_actions.levels[svc]
} else := _verb_level(name) if {
	not _wild(name)
} else := "privesc" if {
	some n in _privesc_names[svc]
	glob.match(name, [], n)
} else := _pattern_level(svc, name) if {
	iam_actions.levels[svc]
} else := _verb_level(name)

# Service -> the privilege-escalation action names of that service, built once.
_privesc_names := {svc: {name | some action in privesc; [svc, name] = split(action, ":")} |
	some action in privesc
	svc := split(action, ":")[0]
}

# The highest level among the table's actions a pattern matches; "read"
# when it matches none (every non-read action is in the table) and for
# patterns of read verbs ("List*", "Get*"): AWS's own read-only policies
# grant those, though a few matches are Write in the reference.
_pattern_level(svc, name) := "read" if {
	_starts_with_any(_literal(name), _read_verbs)
} else := l if {
	ranks := {rank[lvl] | some n, lvl in iam_actions.levels[svc]; glob.match(name, [], n)}
	count(ranks) > 0
	some l, r in rank
	r == max(ranks)
} else := "read"

_never_write_verbs := ["describe", "list", "get", "batchget"]

_read_verbs := ["describe", "list", "get", "batchget", "search", "lookup", "view", "query", "head", "check"]

# Verbs that change something, for services not in the table.
_write_verbs := [
	"accept", "add", "allocate", "apply", "assign", "associate", "attach", "authorize", "batchcreate",
	"batchdelete", "batchput", "batchupdate", "batchwrite", "cancel", "change", "copy", "create",
	"delete", "deploy", "deregister", "detach", "disable", "disassociate", "enable", "execute",
	"grant", "import", "invoke", "modify", "pass", "publish", "purge", "put", "reboot", "register",
	"reject", "release", "remove", "replace", "reset", "restore", "revoke", "rotate", "run", "send",
	"set", "start", "stop", "submit", "terminate", "update", "upload", "write",
]

# The fallback for services not in the table, by the verb an action (or a
# pattern's literal start) begins with; "unknown" (never reported) when it
# names no known verb.
_verb_level(name) := "read" if {
	_starts_with_any(_literal(name), _read_verbs)
} else := "tagging" if {
	_starts_with_any(_literal(name), ["tag", "untag"])
} else := "write" if {
	_starts_with_any(_literal(name), _write_verbs)
} else := "unknown"

_starts_with_any(s, prefixes) if {
	some p in prefixes
	startswith(s, p)
}

# The literal start of an action name, before its first wildcard.
_literal(name) := literal_prefix(name)

# METADATA
# description: Index of each Resource element that is every resource ("*").
star_resources(s) := [i | some i, r in s.resources; r == "*"]

# METADATA
# description: |
#   Condition keys (lower-cased) that tie a public principal to a known
#   caller: its organization, account, ARN, the source resource or network of
#   the request, an external id, or the claims of a federated token.
restricting_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
	"aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:userid", "aws:username",
	"aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "aws:principalservicename",
	"aws:resourceorgid", "aws:resourceaccount",
	"sts:externalid", "kms:calleraccount", "kms:viaservice", "lambda:functionarn",
	"aws:sourcevpcarn", "aws:vpcsourceip", "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
}

# METADATA
# description: |
#   The statement has a condition (or an unknown part of its conditions) that
#   restricts who a public principal is. Negated operators and conditions
#   whose every value is a bare wildcard do not restrict.
restricted(s) if s.conditions_unknown

restricted(s) if {
	some c in s.conditions
	_restricting_key(c.key_lower)
	not _negated(c.base)
	some v in c.values
	not v in {"*", "?"}
}

_restricting_key(k) if k in restricting_keys

_restricting_key(k) if endswith(k, ":sub")

_restricting_key(k) if endswith(k, ":aud")

_restricting_key(k) if startswith(k, "saml:")

_negated(op) if contains(lower(op), "not")

# METADATA
# description: The statement allows an sts:AssumeRole* action (so it is role trust).
assumes_role(s) if {
	some a in s.actions
	is_string(a)
	_assume_pattern(lower(a))
}

_assume_pattern(a) if a in {"*", "*:*", "sts:*"}

_assume_pattern(a) if {
	startswith(a, "sts:")
	some action in ["assumerole", "assumerolewithwebidentity", "assumerolewithsaml"]
	glob.match(substring(a, 4, -1), [], action)
}

# METADATA
# description: The statement allows sts:AssumeRoleWithWebIdentity (an OIDC trust).
web_identity(s) if {
	some a in s.actions
	is_string(a)
	_web_identity_pattern(lower(a))
}

_web_identity_pattern(a) if a in {"*", "*:*", "sts:*"}

_web_identity_pattern(a) if {
	startswith(a, "sts:")
	glob.match(substring(a, 4, -1), [], "assumerolewithwebidentity")
}

# METADATA
# description: |
#   CI OIDC issuers a statement trusts: {"host", "provider", "key"} where host
#   prefixes the condition keys ("token.actions.githubusercontent.com"),
#   provider is "github" or "gitlab", and key is the statement key of the
#   Federated principal ("" when the issuer is only known from condition keys).
oidc_issuers(s) := _federated_issuers(s) | _condition_issuers(s)

_federated_issuers(s) := {{"host": host, "provider": _provider_of(s, host), "key": sprintf("Principal.Federated[%d]", [i])} |
	some i, f in s.principals.Federated
	is_string(f)
	parts := split(lower(f), "oidc-provider/")
	count(parts) == 2
	host := parts[1]
	_provider_of(s, host)
}

# The issuer of an unknown Federated principal (a Terraform reference) is
# told by the keys of its conditions.
_condition_issuers(s) := set() if _federated_known(s)

_condition_issuers(s) := {{"host": host, "provider": _provider_of(s, host), "key": ""} |
	some c in s.conditions
	parts := split(c.key_lower, ":")
	count(parts) == 2
	parts[1] in {"sub", "aud"}
	host := parts[0]
	_provider_of(s, host)
} if {
	not _federated_known(s)
}

_federated_known(s) if {
	some f in s.principals.Federated
	is_string(f)
	contains(lower(f), "oidc-provider/")
}

# A self-managed GitLab whose host does not say "gitlab" is told by its
# subject claims, which only GitLab writes as "project_path:GROUP/PROJECT:...".
_provider_of(s, host) := _provider(host) if {
	_provider(host)
} else := "gitlab" if {
	some c in s.conditions
	c.key_lower == concat(":", [host, "sub"])
	some v in c.values
	is_string(v)
	startswith(v, "project_path:")
}

_provider(host) := "github" if startswith(host, "token.actions.githubusercontent.com")

_provider(host) := "gitlab" if {
	not startswith(host, "token.actions.githubusercontent.com")
	contains(host, "gitlab")
}

# METADATA
# description: |
#   Conditions of s on the claim of an issuer host ("sub", "aud"), with a
#   positive operator (StringEquals, StringLike and their IgnoreCase, IfExists
#   and ForAnyValue forms).
claim_conditions(s, host, claim) := [c |
	some c in s.conditions
	c.key_lower == concat(":", [host, claim])
	not _negated(c.base)
]

# METADATA
# description: |
#   The OIDC trust statements of CI providers: {"policy", "statement",
#   "issuer"} for every Allow statement granting sts:AssumeRoleWithWebIdentity
#   to a GitHub Actions or GitLab issuer.
oidc_trusts := {concat(" ", [s.id, issuer.host]): {"policy": p, "statement": s, "issuer": issuer} |
	some [p, s] in statements
	count(s.principals.Federated) > 0
	allows(s)
	web_identity(s)
	some issuer in oidc_issuers(s)
}

# METADATA
# description: The key of a condition's i-th value.
value_key(c, i) := sprintf("%s[%d]", [c.path, i])

# METADATA
# description: |
#   The subject part a sub value pins (GitHub "repo:OWNER/REPO", GitLab
#   "project_path:GROUP/PROJECT") and what follows it, or nothing when the
#   value has another shape.
subject(provider, v) := {"path": path, "rest": rest} if {
	prefix := _subject_prefixes[provider]
	startswith(v, prefix)
	after := substring(v, count(prefix), -1)
	i := indexof(after, ":")
	i >= 0
	path := substring(after, 0, i)
	rest := substring(after, i, -1)
}

subject(provider, v) := {"path": after, "rest": ""} if {
	prefix := _subject_prefixes[provider]
	startswith(v, prefix)
	after := substring(v, count(prefix), -1)
	not contains(after, ":")
}

# METADATA
# description: Wildcards of IAM string matching.
wildcard(v) if contains(v, "*")

wildcard(v) if contains(v, "?")

# METADATA
# description: The condition uses *Like matching, where * and ? are wildcards.
like(c) if contains(lower(c.base), "like")

# METADATA
# description: Up to five elements quoted and joined, with how many more.
show(items) := concat(", ", [sprintf("%q", [x]) | some x in items]) if count(items) <= 5

show(items) := sprintf("%s and %d more", [
	concat(", ", [sprintf("%q", [x]) | some x in array.slice(items, 0, 5)]),
	count(items) - 5,
]) if count(items) > 5

# METADATA
# description: |
#   Indexes of the elements of a statement's actions at one of the levels, in
#   order. Rules are evaluated one by one, so nothing is shared between them:
#   call this once per statement, after the cheap filters.
actions_at(s, levels) := [i | some i, a in s.actions; level(a) in levels]

# METADATA
# description: |
#   Indexes of the "*" / "*:*" actions of a statement (level "all", without
#   classifying the others).
all_actions(s) := [i | some i, a in s.actions; a in {"*", "*:*"}]

# METADATA
# description: Indexes of the service wildcards ("s3:*", level "service") of a statement.
service_wildcards(s) := [i | some i, a in s.actions; _service_wildcard(a)]

_service_wildcard(a) if {
	is_string(a)
	endswith(a, ":*")
	[svc, "*"] = split(lower(a), ":")
	not _wild(svc)
}

# METADATA
# description: Indexes of the privilege-escalation actions (level "privesc") of a statement.
privesc_actions(s) := [i | some i, a in s.actions; _privesc_action(a)]

# Written exactly: every privesc entry is "service:action" without wildcards.
_privesc_action(a) if {
	is_string(a)
	lower(a) in privesc
}

# A pattern of a privesc service that matches one of its escalation actions
# (a wildcard in the name: one in the element is its cheap precondition).
_privesc_action(a) if {
	is_string(a)
	_wild(a)
	[svc, name] := split(lower(a), ":")
	not _wild(svc)
	name != "*"
	_wild(name)
	some n in _privesc_names[svc]
	glob.match(name, [], n)
}

# METADATA
# description: The related location of the first "*" resource of a statement.
star_resource_related(s) := [{"node": s.id, "key": sprintf("Resource[%d]", [star_resources(s)[0]]), "msg": "on every resource (\"*\")"}]

# METADATA
# description: Display names of CI OIDC providers.
provider_names := {"github": "GitHub Actions", "gitlab": "GitLab CI"}

# METADATA
# description: A pinned subject to suggest, per provider.
pin_examples := {
	"github": "repo:OWNER/REPO:environment:NAME (or repo:OWNER/REPO:ref:refs/heads/main)",
	"gitlab": "project_path:GROUP/PROJECT:ref_type:branch:ref:main",
}

# METADATA
# description: |
#   Claims other than sub that pin one repository or workflow (GitHub's
#   repository, repository_id and job_workflow_ref; GitLab's project_path).
#   A trust conditioned on one of them is not open to every repository.
pin_claims := {"repository", "repository_id", "job_workflow_ref", "project_path", "project_id"}

# METADATA
# description: The statement pins the issuer's tokens with a claim other than sub.
alt_pinned(s, host) if {
	some claim in pin_claims
	count(claim_conditions(s, host, claim)) > 0
}

# METADATA
# description: |
#   The literal start of a value, before its first IAM wildcard (the whole
#   value when it has none).
literal_prefix(v) := substring(v, 0, _first_wildcard(v))

_first_wildcard(v) := min({i | some i in [indexof(v, "*"), indexof(v, "?")]; i >= 0}) if wildcard(v)

_first_wildcard(v) := count(v) if not wildcard(v)

_subject_prefixes := {"github": "repo:", "gitlab": "project_path:"}

# METADATA
# description: |
#   A *Like sub value that matches tokens of any owner (any GitHub account or
#   organization, any top-level GitLab group): "*", "repo:*", "repo:*/app:*".
any_owner(provider, v) if {
	wildcard(v)
	startswith(_subject_prefixes[provider], literal_prefix(v))
}

any_owner(provider, v) if {
	sub := subject(provider, v)
	wildcard(split(sub.path, "/")[0])
}

# METADATA
# description: |
#   A *Like sub value that pins the owner but matches any of its repositories
#   or projects: "repo:org/*", "repo:org/app-*:ref:refs/heads/main".
owner_wide(provider, v) if {
	not any_owner(provider, v)
	sub := subject(provider, v)
	wildcard(sub.path)
}

# METADATA
# description: |
#   A *Like sub value that pins one repository but matches any of its
#   branches, tags, pull requests or environments: "repo:org/app:*".
any_ref(provider, v) if {
	not any_owner(provider, v)
	sub := subject(provider, v)
	not wildcard(sub.path)
	wildcard(sub.rest)
}

# METADATA
# description: |
#   Write actions that are harmless, or impossible to scope, on "*": a
#   workload's own logs, metrics and traces (cloudwatch:PutMetricData and the
#   X-Ray actions have no resource type in the Service Authorization
#   Reference; the log actions are what AWSLambdaBasicExecutionRole grants).
benign_on_star := {
	"cloudwatch:putmetricdata", "xray:puttracesegments", "xray:puttelemetryrecords",
	"logs:createloggroup", "logs:createlogstream", "logs:putlogevents",
}
