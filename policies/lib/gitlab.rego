# METADATA
# description: |
#   GitLab CI nodes as the gitlab rules walk them (docs/input-gitlab.md): every
#   job and include by id, the variables a job sees, the literal texts a
#   credential can hide in, and short descriptions for messages. Collections
#   are complete rules: OPA caches them once per query, while each lookup of
#   a partial object by key re-runs its body.
package nhilint.lib.gitlab

import data.nhilint.lib.result

# METADATA
# description: Every job of every pipeline, by id.
jobs := {job.id: job |
	some pipeline in input.gitlab_pipelines
	some job in pipeline.jobs
}

# METADATA
# description: Every include entry of every pipeline, by id.
includes := {inc.id: inc |
	some pipeline in input.gitlab_pipelines
	some inc in pipeline.includes
}

# METADATA
# description: Every pipeline, by id.
pipelines := {p.id: p | some p in input.gitlab_pipelines}

# METADATA
# description: |
#   The variables a job sees, by name: its own, else the global ones it inherits.
#   Each is {"node", "key", "value", "resolved"}: node and key locate where it is set.
variables(job) := object.union(_globals(job), _own(job))

_own(job) := {name: {"node": job, "key": concat(".", ["variables", name]), "value": v.value, "resolved": v.resolved} |
	some name, v in job.variables
}

_globals(job) := {name: {"node": pipeline, "key": concat(".", ["variables", name]), "value": v.value, "resolved": v.resolved} |
	pipeline := pipelines[job.pipeline]
	some name in job.global_variables
	v := pipeline.variables[name]
}

# METADATA
# description: |
#   Every script line of a job (before_script, script, after_script), as {"key", "text"}.
script_lines(job) := [line |
	some field in ["before_script", "script", "after_script"]
	some line in object.get(job, field, [])
]

# METADATA
# description: |
#   A short description of a node for messages, e.g. `job "deploy"`.
describe(node) := sprintf("job %q", [node.name]) if node.kind == "gitlab.job"

describe(node) := sprintf("pipeline %s", [node.file]) if node.kind == "gitlab.pipeline"

describe(node) := sprintf("include of %s", [node.location]) if node.kind == "gitlab.include"

# METADATA
# description: |
#   A finding on a job's key, with the job as related location when the key is written
#   outside the job (a template it extends, default:, an included file).
job_finding(job, key, f) := result.with_related(f, [result.related(job, "", sprintf(
	"%s inherits this from %s (%s)",
	[describe(job), job.inherited[key].from, job.inherited[key].file],
))]) if job.inherited[key]

job_finding(job, key, f) := f if not job.inherited[key]

# METADATA
# description: |
#   True when text refers to a CI/CD variable ($NAME, ${NAME}): the value is
#   injected when the job runs, not written in the file.
references_variable(text) if regex.match(`\$\{?[A-Za-z_][A-Za-z0-9_]*`, text)

# METADATA
# description: |
#   GitLab token formats (after gitleaks' gitlab-* rules), each capturing the token:
#   personal/project/group access tokens, runner authentication and registration
#   tokens, deploy tokens, pipeline trigger tokens, CI/CD job tokens are short-lived
#   and not listed.
token_formats := [
	{"label": "a GitLab access token", "regex": `\b(glpat-[0-9a-zA-Z_-]{20,})`},
	{"label": "a GitLab runner token", "regex": `\b(glrt-[0-9a-zA-Z_-]{20,}|GR1348941[0-9a-zA-Z_-]{20})`},
	{"label": "a GitLab deploy token", "regex": `\b(gldt-[0-9a-zA-Z_-]{20,})`},
	{"label": "a GitLab pipeline trigger token", "regex": `\b(glptt-[0-9a-f]{40})`},
]

# METADATA
# description: |
#   The literal GitLab tokens in text: a set of {"label", "secret"}.
gitlab_tokens(text) := {c |
	regex.match(`glpat-|glrt-|GR1348941|gldt-|glptt-`, text)
	some format in token_formats
	some match in regex.find_all_string_submatch_n(format.regex, text, -1)
	not regex.match(`(?i)x{6,}|EXAMPLE|placeholder|dummy|redacted|changeme`, match[1])
	c := {"label": format.label, "secret": match[1]}
}

# METADATA
# description: |
#   The key of the first physical line of a script line whose text matches pattern:
#   "script[0].line2" inside a literal block (`- |`), else the script line's own key.
line_key(line, pattern) := key if {
	line.block
	parts := split(line.text, "\n")
	hits := [i | some i, part in parts; regex.match(pattern, part)]
	count(hits) > 0
	key := _sub_key(line.key, hits[0])
} else := line.key

_sub_key(key, 0) := key

_sub_key(key, i) := sprintf("%s.line%d", [key, i]) if i > 0

# METADATA
# description: |
#   The jobs of job's pipeline that inherit key from the same place as job does
#   (the same template entry in the same file), job included, sorted by name.
inheritors(job, key) := sorted if {
	origin := job.inherited[key]
	pipeline := pipelines[job.pipeline]
	sorted := sort([other.name |
		some other in pipeline.jobs
		other.inherited[key] == origin
	])
}

# METADATA
# description: |
#   A finding about a value written once and inherited by several jobs, reported
#   once: on the first inheriting job by name, with every inheriting job as related
#   location. A key the job writes itself gives the plain finding.
shared_finding(job, key, f) := result.with_related(f, [result.related(other, "", sprintf(
	"%s inherits this from %s (%s)",
	[describe(other), job.inherited[key].from, job.inherited[key].file],
)) |
	some name in inheritors(job, key)
	some other in pipelines[job.pipeline].jobs
	other.name == name
]) if {
	job.name == inheritors(job, key)[0]
}

shared_finding(job, key, f) := f if not job.inherited[key]

# METADATA
# description: |
#   Where the file says a job runs in merge request pipelines, the first reason found, as
#   {"node", "key", "msg", "what"} (node is the job or its pipeline, key locates the reason,
#   msg explains it as a related location, what names it inside a sentence): a job rule whose
#   if tests $CI_PIPELINE_SOURCE == "merge_request_event" or $CI_MERGE_REQUEST_IID/ID (not
#   negated, not when: never, not after a when: never rule that stops every merge request
#   pipeline); `only: [merge_requests]`; for a job with neither rules nor only, workflow rules
#   that create merge request pipelines. Undefined when the file shows none, and for a job
#   whose except: lists merge_requests.
runs_in_mr(job, pipeline) := reasons[0] if {
	not excepts_mr(job)
	reasons := array.concat(_rule_reasons(job), _other_reasons(job, pipeline))
	count(reasons) > 0
}

_mr_if := `merge_request_event|\$\{?CI_MERGE_REQUEST_I?ID\b`

_rule_reasons(job) := [{
	"node": job, "key": rule.key, "msg": "this rule runs it in merge request pipelines",
	"what": sprintf("its %s runs it in merge request pipelines", [rule.key]),
} |
	some i, rule in object.get(job, "rules", [])
	regex.match(_mr_if, object.get(rule, "if", ""))
	not regex.match(`!=\s*["']merge_request_event|!\$CI_MERGE_REQUEST`, rule["if"])
	object.get(rule, "when", "on_success") != "never"
	not _never_before(job.rules, i)
]

_other_reasons(job, _) := [{
	"node": job, "key": "only", "msg": "only: merge_requests runs it in merge request pipelines",
	"what": "only: merge_requests runs it in merge request pipelines",
}] if {
	"merge_requests" in object.get(object.get(job, "only", {}), "refs", [])
}

_other_reasons(job, pipeline) := [{
	"node": pipeline, "key": "workflow.rules", "msg": "these workflow rules create merge request pipelines, and the job has no rules of its own",
	"what": "the workflow rules create merge request pipelines and it has no rules of its own",
}] if {
	_workflow_mr(job, pipeline)
}

_other_reasons(job, pipeline) := [] if {
	not "merge_requests" in object.get(object.get(job, "only", {}), "refs", [])
	not _workflow_mr(job, pipeline)
}

_workflow_mr(job, pipeline) if {
	not job.rules
	not job.only
	some rule in object.get(pipeline, "workflow_rules", [])
	regex.match(_mr_if, object.get(rule, "if", ""))
	object.get(rule, "when", "always") != "never"
}

# An earlier rule that stops every merge request pipeline (if: $CI_MERGE_REQUEST_IID, when: never).
_never_before(rules, i) if {
	some j, rule in rules
	j < i
	rule.when == "never"
	regex.match(_mr_if, object.get(rule, "if", ""))
	not contains(rule["if"], "&&")
}

# METADATA
# description: |
#   True when the job's except:refs lists merge_requests: it never runs in merge request
#   pipelines, whatever the workflow rules create.
excepts_mr(job) if "merge_requests" in object.get(object.get(job, "except", {}), "refs", [])

# METADATA
# description: |
#   True when a rule of the job or of its pipeline's workflow keeps fork code out: it stops
#   the job (when: never) where the merge request's source project differs from the project
#   ($CI_MERGE_REQUEST_SOURCE_PROJECT_ID, _PATH or _URL != or !~ another value) or where the
#   ref is not protected ($CI_COMMIT_REF_PROTECTED != "true" or == "false"), or it runs the job
#   only where they are equal or the ref is protected (==, =~, not when: never). A condition
#   with || keeps no fork out; the opposite tests (!= without when: never) let forks in.
fork_guarded(job, pipeline) if {
	some rule in array.concat(object.get(job, "rules", []), object.get(pipeline, "workflow_rules", []))
	cond := object.get(rule, "if", "")
	not contains(cond, "||")
	_fork_test(cond, object.get(rule, "when", "on_success") == "never")
}

# _fork_test(cond, stops): the condition tells fork merge requests apart, in the direction that
# keeps them out when the rule stops the job (stops) or when it runs it (not stops).
_fork_test(cond, true) if regex.match(sprintf(`%s\s*(?:!=|!~)|(?:!=|!~)\s*%s`, [_source_project, _source_project]), cond)

_fork_test(cond, false) if regex.match(sprintf(`%s\s*(?:==|=~)|(?:==|=~)\s*%s`, [_source_project, _source_project]), cond)

_fork_test(cond, true) if regex.match(`CI_COMMIT_REF_PROTECTED\}?\s*(?:!=\s*["']?true|==\s*["']?false)`, cond)

_fork_test(cond, false) if regex.match(`CI_COMMIT_REF_PROTECTED\}?\s*==\s*["']?true`, cond)

_source_project := `\$\{?CI_MERGE_REQUEST_SOURCE_PROJECT_(?:ID|PATH|URL)\}?`

# METADATA
# description: |
#   Predefined variables whose value the author of a commit, branch or merge request writes
#   (in a merge request pipeline from a fork: an outsider).
untrusted_variables := {
	"CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
	"CI_COMMIT_MESSAGE", "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION", "CI_COMMIT_TAG_MESSAGE",
	"CI_COMMIT_AUTHOR", "CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME",
	"CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
}

# METADATA
# description: |
#   The script lines of a job that re-parse an untrusted variable (untrusted_variables,
#   directly or through a job variable set from one) as shell or interpreter code: `eval`
#   with an argument that is not single-quoted, the double-quoted or unquoted command string
#   of `sh -c` and of `python|node|perl|ruby|php -c|-e`, and `source <(...)`. A set of
#   {"key" (the physical line, see line_key), "line" (the script line's key), "name" (the
#   variable), "origin" (how it reaches the line, for messages), "context" (eval, sh -c, ...)}.
script_injections(job) := {inj |
	some line in script_lines(job)
	contains(line.text, "$")
	regex.match(_injection_hint, line.text)
	some code in _reparsed(line.text)
	some name, origin in _tainted(job)
	ref := sprintf(`\$\{?%s(?:\}|\b)`, [name])
	regex.match(ref, code.text)
	inj := {"key": line_key(line, ref), "line": line.key, "name": name, "origin": origin, "context": code.context}
}

# The variables whose value an outside author writes, by name, with how they reach
# the line: themselves, or a job variable set from one.
_tainted(job) := object.union(
	{name: sprintf("$%s", [name]) | some name in untrusted_variables},
	{name: sprintf("$%s (set from %s)", [name, src]) |
		some name, v in variables(job)
		some src in untrusted_variables
		regex.match(sprintf(`\$\{?%s(?:\}|\b)`, [src]), v.resolved)
	},
)

_injection_hint := `\beval\b|sh\s+-|\b(?:python[0-9.]*|node|perl|ruby|php)\s+-|\bsource\s+<\(|\.\s+<\(`

# The code strings a line hands to a re-parsing command: {"context", "text"}.
_reparsed(text) := {code |
	some ctx in _contexts
	some m in regex.find_all_string_submatch_n(ctx.regex, text, -1)
	code := {"context": ctx.name, "text": m[1]}
}

_contexts := [
	{"name": "eval", "regex": `\beval\s+([^'\s][^\n]*)`},
	{"name": "sh -c", "regex": `\b(?:ba|z|da|k|a)?sh\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*c\s+("(?:[^"\\]|\\.)*"|[^\s'"]\S*)`},
	{"name": "an interpreter's -c/-e", "regex": `\b(?:python[0-9.]*|node|perl|ruby|php)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*[ce]\s+("(?:[^"\\]|\\.)*"|[^\s'"]\S*)`},
	{"name": "source <(...)", "regex": `(?:\bsource|(?:^|[;&|]\s*)\.)\s+<\(([^\n]*)`},
]
