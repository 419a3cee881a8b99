# METADATA
# title: Attacker-controlled context expanded into a script of a privileged workflow
# description: |
#   As gha-script-injection, for a value that pull_request_target, workflow_run, issue_comment,
#   issues, discussion or discussion_comment fills (github.event.issue.title under issues,
#   github.event.comment.body under issue_comment, github.head_ref under pull_request_target): an
#   outside user fires the event and supplies the text, and the injected code runs with the base
#   repository's secrets and a token that may write. Values passed through `env:` are not flagged.
# related_resources:
#   - https://docs.github.com/en/actions/concepts/security/script-injections
#   - https://securitylab.github.com/resources/github-actions-untrusted-input/
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
# custom:
#   id: gha-script-injection-privileged
#   category: injection
#   severity: critical
#   remediation: |
#     Move the value into an environment variable and use it quoted:
#     `env: { TITLE: "${{ github.event.issue.title }}" }` then `echo "$TITLE"` (in github-script,
#     `process.env.TITLE`); declare least `permissions:` for the job.
#   examples:
#     file: .github/workflows/triage.yml
#     bad: |
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
#             - run: echo "Triage ${{ github.event.issue.title }}"
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
#             - run: echo "Triage $TITLE"
#               env:
#                 TITLE: ${{ github.event.issue.title }}
package nhilint.rules.github.script_injection_privileged

import data.nhilint.lib.gha
import data.nhilint.lib.identity
import data.nhilint.lib.result

findings contains result.with_related(f, related) if {
	some wf in input.gha_workflows
	some job in wf.jobs
	some step in gha.steps(job)
	some inj in gha.injections(wf, step)
	triggers := inj.privileged
	count(triggers) > 0
	msg := sprintf("step %q in job %q expands %s into its %s on %s: an outside user supplies that text and runs code with the workflow's secrets and token%s; %s", [
		gha.step_label(step), gha.job_label(job), inj.paths, inj.sink.what, concat(", ", triggers),
		identity.cloud_reach(job.id), inj.sink.fix,
	])
	f := result.at(step, inj.expr.key, msg)
	related := [result.related(wf, concat(".", ["on", t]), sprintf("%s can be fired by an outside user", [t])) | some t in triggers]
}
