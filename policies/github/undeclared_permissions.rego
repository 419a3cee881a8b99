# METADATA
# title: Privileged or secret-handling workflow relies on the default GITHUB_TOKEN permissions
# description: |
#   Neither the workflow nor some of its jobs declare `permissions`, so those jobs get the
#   default GITHUB_TOKEN set by the repository, organization or enterprise: read/write on
#   every scope where the default is still "permissive" (organizations created before
#   February 2023 keep it), contents: read where it is "restricted". The file cannot tell
#   which, so it is reported when it matters: the workflow runs on a trigger outside users
#   control with the base repository's token (pull_request_target, workflow_run,
#   issue_comment, issues, discussion, discussion_comment), or an undeclared job reads
#   secrets (including the token itself), inherits them, or deploys to an environment.
#   Not reported: workflows whose only trigger is workflow_call (the caller's permissions
#   apply), and jobs that declare permissions themselves.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token
#   - https://github.blog/changelog/2023-02-02-github-actions-updating-the-default-github_token-permissions-to-read-only
#   - https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions
# custom:
#   id: gha-undeclared-permissions
#   category: wildcard-permission
#   severity: medium
#   remediation: |
#     Add `permissions: {contents: read}` (or `{}`) at the top of the workflow and grant each job only
#     the write scopes it needs; set the repository/organization default to read-only as well.
#   examples:
#     file: .github/workflows/triage.yml
#     bad: |
#       name: Triage
#       on:
#         issues:
#           types: [opened]
#       jobs:
#         label:
#           runs-on: ubuntu-latest
#           steps:
#             - run: gh issue edit "$NUMBER" --add-label triage
#               env:
#                 GH_TOKEN: ${{ github.token }}
#                 NUMBER: ${{ github.event.issue.number }}
#     good: |
#       name: Triage
#       on:
#         issues:
#           types: [opened]
#       permissions:
#         issues: write
#       jobs:
#         label:
#           runs-on: ubuntu-latest
#           steps:
#             - run: gh issue edit "$NUMBER" --add-label triage
#               env:
#                 GH_TOKEN: ${{ github.token }}
#                 NUMBER: ${{ github.event.issue.number }}
package nhilint.rules.github.undeclared_permissions

import data.nhilint.lib.gha
import data.nhilint.lib.ghanodes
import data.nhilint.lib.result

findings contains result.at(wf, "on", msg) if {
	some wf in input.gha_workflows

	# A workflow without triggers never runs (and may have no "on" key to
	# point at: FuzzScanFile found one).
	count(wf.triggers) > 0
	object.keys(wf.triggers) != {"workflow_call"}
	undeclared := [job | some job in wf.jobs; not job.effective_permissions.declared]
	count(undeclared) > 0
	reasons := array.concat(_workflow_reasons(wf), [r | some job in undeclared; some r in _job_reasons(job)])
	count(reasons) > 0
	msg := sprintf("%s declares no permissions for %s, which get the default GITHUB_TOKEN (write on every scope where the repository or organization default is permissive) while %s; declare least permissions, e.g. contents: read", [
		ghanodes.describe(wf), concat(", ", [ghanodes.describe(job) | some job in undeclared]), concat(" and ", reasons),
	])
}

_workflow_reasons(wf) := array.concat(
	[sprintf("it runs on %s", [concat(", ", t)]) | t := gha.privileged_triggers(wf); count(t) > 0],
	[sprintf("its env reads %s", [_names(s)]) | s := _secrets(object.get(wf, "exprs", [])); count(s) > 0],
)

_job_reasons(job) := [sprintf("%s %s", [ghanodes.describe(job), concat(", ", uses)]) |
	uses := [u | some u, yes in _secret_use(job); yes]
	count(uses) > 0
]

_secret_use(job) := {
	sprintf("reads %s", [_names(_secrets(_exprs(job)))]): count(_secrets(_exprs(job))) > 0,
	"uses github.token": "github.token" in {p | some e in _exprs(job); some p in e.paths},
	"inherits secrets": object.get(job, "secrets_inherit", false),
	"deploys to an environment": object.get(job, "environment", null) != null,
}

_exprs(job) := array.concat(object.get(job, "exprs", []), [e |
	some step in object.get(job, "steps", [])
	some e in object.get(step, "exprs", [])
])

_secrets(exprs) := {s | some e in exprs; some s in object.get(e, "secrets", [])}

_names(secrets) := concat(", ", [sprintf("secrets.%s", [n]) | some n in secrets])
