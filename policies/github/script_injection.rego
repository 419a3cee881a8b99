# METADATA
# title: Attacker-controlled context expanded into a script
# description: |
#   A `run:` script or an actions/github-script `script` contains `${{ … }}` reading a value an
#   outside user controls (issue and pull request titles and bodies, comments, branch names,
#   commit messages, github.head_ref: actionlint's untrusted-input list). GitHub substitutes the
#   text before the shell or JavaScript runs, so a crafted value runs as code on the runner.
#   This rule covers values filled only by unprivileged triggers (pull_request, push, ...) and
#   composite actions (their trigger is the caller's); gha-script-injection-privileged covers
#   values a privileged trigger fills. Not flagged: values passed through `env:` and read as
#   variables, inputs.* of composite actions (controlled by the calling workflow), and paths none
#   of the workflow's triggers fills (github.event.issue.title in a workflow_dispatch workflow).
# related_resources:
#   - https://docs.github.com/en/actions/concepts/security/script-injections
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-an-intermediate-environment-variable
#   - https://securitylab.github.com/resources/github-actions-untrusted-input/
#   - https://github.com/rhysd/actionlint/blob/main/docs/checks.md#untrusted-inputs
# custom:
#   id: gha-script-injection
#   category: injection
#   severity: high
#   remediation: |
#     Move the value into an environment variable and use it quoted:
#     `env: { TITLE: "${{ github.event.issue.title }}" }` then `echo "$TITLE"` (in github-script,
#     `process.env.TITLE`).
#   examples:
#     file: .github/workflows/pr-title.yml
#     bad: |
#       name: PR title
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         check:
#           runs-on: ubuntu-latest
#           steps:
#             - run: ./scripts/check-title.sh "${{ github.event.pull_request.title }}"
#     good: |
#       name: PR title
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         check:
#           runs-on: ubuntu-latest
#           steps:
#             - run: ./scripts/check-title.sh "$TITLE"
#               env:
#                 TITLE: ${{ github.event.pull_request.title }}
package nhilint.rules.github.script_injection

import data.nhilint.lib.gha
import data.nhilint.lib.result

findings contains result.at(step, inj.expr.key, msg) if {
	some wf in input.gha_workflows
	some job in wf.jobs
	some step in gha.steps(job)
	some inj in gha.injections(wf, step)
	inj.privileged == []
	msg := sprintf("step %q in job %q expands %s, which an outside user controls, into its %s; %s", [
		gha.step_label(step), gha.job_label(job), inj.paths, inj.sink.what, inj.sink.fix,
	])
}

findings contains result.at(step, inj.expr.key, msg) if {
	some action in input.gha_actions
	some step in gha.steps(action)
	some inj in gha.injections(gha.caller_context, step)
	msg := sprintf("step %q of action %q expands %s, which an outside user controls, into its %s; %s", [
		gha.step_label(step), object.get(action, "name", action.file), inj.paths, inj.sink.what, inj.sink.fix,
	])
}
