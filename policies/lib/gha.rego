# METADATA
# description: |
#   Shared GitHub Actions helpers (see docs/input.md): which triggers are privileged,
#   what checks out untrusted code, what runs it, and which secrets and token a job holds.
package nhilint.lib.gha

# METADATA
# description: |
#   Events an outside user can fire (a fork pull request, a comment, an issue) that run the
#   base repository's workflow with its secrets and a token that may write.
privileged_events := {
	"pull_request_target", "workflow_run", "issue_comment",
	"issues", "discussion", "discussion_comment",
}

# METADATA
# description: |
#   Events that run the pull request's own code. From a fork they get a read-only token and
#   no secrets, but still execute on whichever runner the job names.
pr_code_events := {"pull_request", "pull_request_review", "pull_request_review_comment"}

# METADATA
# description: Owners whose actions GitHub itself publishes.
github_owners := {"actions", "github"}

# METADATA
# description: The privileged events among a workflow's triggers, sorted.
privileged_triggers(wf) := sort([e | some e, _ in wf.triggers; e in privileged_events])

# METADATA
# description: Steps of a job or composite action (none for a reusable-workflow call).
steps(node) := object.get(node, "steps", [])

# METADATA
# description: A short name for messages - the job's key under jobs.
job_label(job) := job.job_id

# METADATA
# description: A short name for messages - the step's name, id, action or position.
step_label(step) := step.name

step_label(step) := step.step_id if not step.name

step_label(step) := step.uses.raw if {
	not step.name
	not step.step_id
}

step_label(step) := sprintf("#%d", [step.index + 1]) if {
	not step.name
	not step.step_id
	not step.uses
}

# METADATA
# description: The step runs the action owner/repo (any sub-path and ref).
uses_action(step, owner, repo) if {
	step.uses.type == "action"
	lower(step.uses.owner) == owner
	lower(step.uses.repo) == repo
}

# Conditions that keep fork code out: the head repository must be this one, or the pull
# request already merged (its merge commit is on the base branch).
_guard_patterns := [
	`head\.repo\.full_name\s*==\s*(github\.repository\b|'[^']+')`,
	`github\.repository\s*==\s*github\.event\.(pull_request\.head\.repo|workflow_run\.head_repository)\.full_name`,
	`head_repository\.full_name\s*==\s*(github\.repository\b|'[^']+')`,
	`head\.repo\.fork\s*==\s*false`,
	`!\s*github\.event\.pull_request\.head\.repo\.fork\b`,
	`(^|[^!])\s*github\.event\.pull_request\.merged\s*(==\s*true\s*)?($|[)&|}])`,
]

# METADATA
# description: |
#   The job's or step's `if` keeps fork code out: it requires
#   head.repo.full_name == github.repository (or head.repo.fork == false), or a merged pull
#   request. Checks of who triggered (author_association, actor, labels) do not count: they
#   gate who starts the run, not whose code it runs.
fork_guarded(node) if {
	some re in _guard_patterns
	regex.match(re, lower(node["if"]))
}

# Context paths that name pull request code an outside user controls.
_untrusted_ref_paths := {
	"github.head_ref",
	"github.event.pull_request.merge_commit_sha",
	"github.event.workflow_run.head_sha",
	"github.event.workflow_run.head_branch",
}

_untrusted_ref_prefixes := [
	"github.event.pull_request.head.",
	"github.event.workflow_run.head_",
	"github.event.workflow_run.pull_requests.",
]

_untrusted_ref_path(p) if p in _untrusted_ref_paths

_untrusted_ref_path(p) if {
	some pre in _untrusted_ref_prefixes
	startswith(p, pre)
}

# METADATA
# description: |
#   The job keeps fork code out: its own `if` does, or a job it needs (directly or through
#   others) does - a skipped job skips its dependents unless their `if` uses always() or
#   cancelled().
job_fork_guarded(_, job) if fork_guarded(job)

job_fork_guarded(wf, job) if {
	not regex.match(`always\(\)|cancelled\(\)`, object.get(job, "if", ""))
	needs := {j.job_id: object.get(j, "needs", []) | some j in wf.jobs}
	some id in graph.reachable(needs, object.get(job, "needs", []))
	some dep in wf.jobs
	dep.job_id == id
	fork_guarded(dep)
}

# Which events fill a context path (prefix → events); paths not listed are filled by any.
_path_events := {
	"github.head_ref": {"pull_request", "pull_request_target"},
	"github.event.pull_request.": {"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"},
	"github.event.issue.": {"issues", "issue_comment"},
	"github.event.comment.": {"issue_comment", "pull_request_review_comment", "discussion_comment", "commit_comment"},
	"github.event.review.": {"pull_request_review"},
	"github.event.discussion.": {"discussion", "discussion_comment"},
	"github.event.workflow_run.": {"workflow_run"},
	"github.event.head_commit.": {"push"},
	"github.event.commits.": {"push"},
	"github.event.pages.": {"gollum"},
}

_live(t, p) if {
	some pre, events in _path_events
	startswith(p, pre)
	t in events
}

_live(_, p) if {
	every pre, _ in _path_events {
		not startswith(p, pre)
	}
}

_live("workflow_call", _) := true

# METADATA
# description: |
#   The workflow's triggers under which the context path has a value (a workflow_call
#   workflow runs on its caller's event, so every path may).
live_triggers(wf, p) := {t | some t, _ in wf.triggers; _live(t, p)}

# METADATA
# description: |
#   The workflow_run upstream is trusted: every workflow it follows is in the scan and none
#   of them runs on pull request events, so the triggering run never built fork code.
workflow_run_trusted(wf) if {
	names := wf.triggers.workflow_run.workflows
	count(names) > 0
	every n in names {
		n in _no_pr_workflow_names
	}
}

# The names of the workflows in the scan that run on no pull request event, built once
# rather than scanning every workflow for each name.
_no_pr_workflow_names := {object.get(up, "name", "") |
	some up in input.gha_workflows
	every e, _ in up.triggers {
		not startswith(e, "pull_request")
	}
}

# A path naming fork code, filled under one of the workflow's privileged triggers.
_untrusted_ref_live(wf, p) if {
	_untrusted_ref_path(p)
	some t in live_triggers(wf, p)
	t in privileged_events
	not _trusted_upstream(wf, p)
}

# The triggering workflow_run's artifacts may come from a pull request run.
_untrusted_artifacts_live(wf, p) if {
	"workflow_run" in live_triggers(wf, p)
	not workflow_run_trusted(wf)
}

_trusted_upstream(wf, p) if {
	startswith(p, "github.event.workflow_run.")
	workflow_run_trusted(wf)
}

# METADATA
# description: |
#   The expression is a ref, SHA or repository of pull request (fork) code under one of the
#   workflow's privileged triggers: context paths, `||`/`&&` and literals only, so
#   `github.event.pull_request.head.sha || github.sha` counts but a text built with format() does not.
untrusted_ref_expr(wf, e) if {
	regex.match(`^[a-z0-9_.*\[\]\s|&'/-]+$`, lower(e.raw))
	some p in e.paths
	_untrusted_ref_live(wf, p)
}

# METADATA
# description: The node's field (e.g. "with.ref") holds an expression naming pull request code.
untrusted_ref_field(wf, node, field) if {
	some e in node.exprs
	e.field == field
	untrusted_ref_expr(wf, e)
}

# Run-script commands that put pull request code in the working tree. A bare
# `git fetch origin pull/N/head` only adds objects (for a diff) and is not one.
_pr_checkout_re := `(gh\s+pr\s+checkout|git\s+(pull|clone)\b[^\n]*\bpull/)`

_pr_fetch_re := `git\s+fetch\b[^\n]*\bpull/`

_git_checkout_re := `\bgit\s+(checkout|switch|reset|merge|rebase|cherry-pick|worktree)\b`

_git_re := `\bgit\s+(checkout|switch|reset|fetch|pull|clone|worktree)\b`

_run_fetches_pr(step) if regex.match(_pr_checkout_re, step.run)

_run_fetches_pr(step) if {
	regex.match(_pr_fetch_re, step.run)
	regex.match(_git_checkout_re, step.run)
}

# METADATA
# description: |
#   The step brings untrusted code into the workspace; `key` is the step key that does it
#   and `what` a phrase for messages. Undefined for any other step.
untrusted_source(wf, step) := {"key": "with.ref", "what": sprintf("checks out with.ref %q", [step["with"].ref])} if {
	uses_action(step, "actions", "checkout")
	not _checkout_refuses_forks(wf, step)
	_untrusted_checkout_ref(wf, step)
} else := {"key": "with.repository", "what": sprintf("checks out with.repository %q", [step["with"].repository])} if {
	uses_action(step, "actions", "checkout")
	not _checkout_refuses_forks(wf, step)
	untrusted_ref_field(wf, step, "with.repository")
} else := {"key": "with.run-id", "what": sprintf("downloads the artifacts of the triggering run (with.run-id %q)", [step["with"]["run-id"]])} if {
	uses_action(step, "actions", "download-artifact")
	some e in step.exprs
	e.field == "with.run-id"
	some p in e.paths
	p == "github.event.workflow_run.id"
	_untrusted_artifacts_live(wf, p)
} else := {"key": "uses", "what": "downloads pull request artifacts with dawidd6/action-download-artifact"} if {
	_dawidd6_untrusted(wf, step)
} else := {"key": "run", "what": "checks out the pull request head in its run script"} if {
	_run_fetches_pr(step)
} else := {"key": "run", "what": "checks out a pull request ref in its run script"} if {
	regex.match(_git_re, step.run)
	untrusted_ref_field(wf, step, "run")
}

# actions/checkout v7, and since 2026-07-16 every supported floating major tag (@v4, @v5, ...),
# refuses fork pull request refs and repositories under pull_request_target and workflow_run
# unless allow-unsafe-pr-checkout is true. SHA-, minor- and patch-pinned older releases do not.
_checkout_refuses_forks(wf, step) if {
	regex.match(`^v([4-9]|[1-9][0-9])$|^v([7-9]|[1-9][0-9])\.`, step.uses.ref)
	not step["with"]["allow-unsafe-pr-checkout"] == "true"
	every t in privileged_triggers(wf) {
		t in {"pull_request_target", "workflow_run"}
	}
}

_untrusted_checkout_ref(wf, step) if untrusted_ref_field(wf, step, "with.ref")

_untrusted_checkout_ref(wf, step) if {
	regex.match(`refs/pull/`, step["with"].ref)
	count(privileged_triggers(wf)) > 0
}

# dawidd6/action-download-artifact took fork artifacts by default before v6 (allow_forks).
_dawidd6_untrusted(_, step) if {
	uses_action(step, "dawidd6", "action-download-artifact")
	step["with"].allow_forks == "true"
}

_dawidd6_untrusted(wf, step) if {
	uses_action(step, "dawidd6", "action-download-artifact")
	not step["with"].allow_forks
	regex.match(`^v?[1-5](\.|$)`, step.uses.ref)
	some e in step.exprs
	some p in e.paths
	startswith(p, "github.event.workflow_run.")
	_untrusted_artifacts_live(wf, p)
}

# Commands at the start of a shell command that run code from the workspace.
_exec_re := `(^|[\n;&|(]|\$\()\s*(sudo\s+)?(\./|\.\s|source\s|(npm|npx|yarn|pnpm|bun|node|deno|tsc|jest|vitest|playwright|make|cmake|ninja|gradle|mvn|ant|sbt|pip3?|poetry|pipenv|uv|python3?|pytest|tox|nox|go|cargo|bundle|rake|ruby|gem|composer|php|dotnet|msbuild|bazel|bazelisk|docker|docker-compose|podman|bash|sh|zsh|pwsh|perl|mix|swift|xcodebuild|just|task|pre-commit|terraform|helm)\b)`

# Actions that build or run the code in the workspace.
_exec_actions := {
	["docker", "build-push-action"],
	["github", "codeql-action"],
	["pre-commit", "action"],
	["cypress-io", "github-action"],
	["bahmutov", "npm-install"],
	["gradle", "gradle-build-action"],
}

# METADATA
# description: The step runs code from the workspace (a build tool, a script, a local action).
executes_code(step) if regex.match(_exec_re, step.run)

executes_code(step) if step.uses.type == "local"

executes_code(step) if {
	step.uses.type == "action"
	[lower(step.uses.owner), lower(step.uses.repo)] in _exec_actions
	not _codeql_non_build(step)
}

_codeql_non_build(step) if {
	lower(step.uses.repo) == "codeql-action"
	not startswith(step.uses.path, "autobuild")
}

# METADATA
# description: |
#   The first step, not fenced off by a fork guard, that runs code after `src` brought it in
#   (`src` itself when its own run script both checks out and runs). Artifacts extracted into
#   a sub-directory only count when the step runs something from that directory.
exec_after(job, src) := step if {
	idx := [s.index |
		some s in steps(job)
		_after(src, s)
		executes_code(s)
		_reaches(src, s)
		not fork_guarded(s)
	]
	count(idx) > 0
	some step in steps(job)
	step.index == min(idx)
}

_after(src, s) if s.index > src.index

# The directory an artifact download extracts into, when not the workspace root.
_artifact_dir(src) := d if {
	_downloads_artifacts(src)
	d := trim_suffix(trim_prefix(src["with"].path, "./"), "/")
	not d in {"", ".", "${{ github.workspace }}"}
}

_downloads_artifacts(step) if uses_action(step, "actions", "download-artifact")

_downloads_artifacts(step) if uses_action(step, "dawidd6", "action-download-artifact")

_reaches(src, _) if not _artifact_dir(src)

_reaches(src, s) if contains(s.run, _artifact_dir(src))

_reaches(src, s) if startswith(trim_prefix(s.working_directory, "./"), _artifact_dir(src))

_reaches(src, s) if contains(s.uses.raw, _artifact_dir(src))

_after(src, s) if {
	s.index == src.index
	src.run
}

# METADATA
# description: Secret names (not GITHUB_TOKEN) read by the workflow's and the job's expressions.
job_secrets(wf, job) := {upper(s) |
	step_exprs := [x |
		some st in steps(job)
		some x in object.get(st, "exprs", [])
	]
	some e in array.concat(array.concat(object.get(wf, "exprs", []), object.get(job, "exprs", [])), step_exprs)
	some s in object.get(e, "secrets", [])
	upper(s) != "GITHUB_TOKEN"
}

# METADATA
# description: |
#   How the job's GITHUB_TOKEN can write, as a phrase; undefined when it is read-only.
#   Undeclared permissions fall back to the repository default, which may be write.
token_write(job) := "a GITHUB_TOKEN with the repository's default permissions (possibly write: none declared)" if {
	not job.effective_permissions.declared
} else := "a write-all GITHUB_TOKEN" if {
	job.effective_permissions.all == "write"
} else := sprintf("a GITHUB_TOKEN with %s", [concat(", ", scopes)]) if {
	scopes := sort([sprintf("%s: write", [k]) | some k, v in job.effective_permissions.scopes; v == "write"])
	count(scopes) > 0
} else := "a GITHUB_TOKEN whose permissions come from an expression" if {
	job.effective_permissions.expr
}

_secrets_phrase(names) := "the whole secrets context" if "*" in names

_secrets_phrase(names) := sprintf("secrets %s", [concat(", ", sort(names))]) if not "*" in names

# METADATA
# description: |
#   What the job can reach if it runs attacker code - its secrets and a writing token - as
#   a phrase; undefined when it holds neither.
reach(wf, job) := concat(" and ", parts) if {
	names := job_secrets(wf, job)
	s := [_secrets_phrase(names) | count(names) > 0]
	t := [token_write(job) | token_write(job)]
	parts := array.concat(s, t)
	count(parts) > 0
}

# METADATA
# description: |
#   Where the expression is expanded as code - "run script" or "github-script script" - with
#   the env: indirection that fixes it; undefined for any other field.
code_sink(step, e) := {"what": "run script", "fix": "pass it through env: and use the quoted shell variable"} if {
	e.field == "run"
} else := {"what": "github-script script", "fix": "pass it through env: and read process.env"} if {
	e.field == "with.script"
	uses_action(step, "actions", "github-script")
	not _json_literal(e)
}

# A whole toJSON(...) outside any string literal expands to a JSON value, which
# JavaScript reads as a literal: data, not code. Inside quotes it can close them.
_json_literal(e) if {
	e.in_string == false
	regex.match(`^(?i)tojson\([^()]*\)$`, e.raw)
}

# METADATA
# description: |
#   The trigger context of a composite action's steps: the caller's event, unknown here, as if
#   called by workflow_call (every context path may be filled, none known privileged).
caller_context := {"triggers": {"workflow_call": {}}}

# METADATA
# description: |
#   The attacker-controlled expressions (exprs[].untrusted) the step expands as code, each as
#   {"expr", "paths" (a phrase), "sink", "privileged" (sorted privileged triggers that fill
#   those paths)}. Paths none of the workflow's triggers fills are dropped. Expressions in
#   env:, if: and with: (other than github-script's script) are data, not code.
injections(wf, step) := {{"expr": e, "paths": concat(", ", paths), "sink": sink, "privileged": priv} |
	some e in object.get(step, "exprs", [])
	count(object.get(e, "untrusted", [])) > 0
	sink := code_sink(step, e)
	paths := [p | some p in object.get(e, "untrusted", []); count(live_triggers(wf, p)) > 0]
	count(paths) > 0
	priv := sort({t | some p in paths; some t in live_triggers(wf, p); t in privileged_events})
}

# METADATA
# description: |
#   Every node with a `uses`: workflow steps, reusable-workflow calls (jobs) and composite
#   action steps, each as {"node", "uses", "where"} with a phrase naming it for messages,
#   by node id (a complete comprehension, not a partial set: iterating a set of sites sorts
#   it, comparing whole nodes).
uses_sites := {site.node.id: site | some site in array.concat(array.concat(_step_uses_sites, _job_uses_sites), _action_uses_sites)}

_step_uses_sites := [{"node": step, "uses": step.uses, "where": sprintf("step %q in job %q", [step_label(step), job_label(job)])} |
	some wf in input.gha_workflows
	some job in wf.jobs
	some step in steps(job)
	step.uses
]

_job_uses_sites := [{"node": job, "uses": job.uses, "where": sprintf("job %q", [job_label(job)])} |
	some wf in input.gha_workflows
	some job in wf.jobs
	job.uses
]

_action_uses_sites := [{"node": step, "uses": step.uses, "where": sprintf("step %q of action %q", [step_label(step), object.get(action, "name", action.file)])} |
	some action in input.gha_actions
	some step in steps(action)
	step.uses
]

# METADATA
# description: |
#   A remote action or reusable workflow whose ref is not a full commit SHA. Local ./ uses are
#   the repository's own code; uses written with an expression cannot be resolved and are left out.
unpinned_remote(u) if {
	u.type in {"action", "reusable"}
	object.get(u, "owner", "") != ""
	not u.pinned
	not u.expr
}

# METADATA
# description: The action or reusable workflow is published by GitHub (actions/*, github/*).
github_owned(u) if lower(u.owner) in github_owners

# METADATA
# description: How a use's ref is written, for messages.
ref_phrase(u) := sprintf("ref %q is not a full 40-character commit SHA", [u.ref]) if u.ref != ""

ref_phrase(u) := "it names no ref" if object.get(u, "ref", "") == ""
