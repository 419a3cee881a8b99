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
