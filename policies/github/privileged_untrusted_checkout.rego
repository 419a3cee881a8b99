# METADATA
# title: Privileged workflow runs untrusted pull request code with secrets or a write token in reach
# description: |
#   pull_request_target, workflow_run, issue_comment and the other events an outside user can fire
#   run the base repository's workflow with its secrets and a token that may write. A job that
#   brings pull request code into the workspace - actions/checkout with.ref or with.repository
#   naming the pull request head (head.sha, head.ref, github.head_ref, refs/pull/N/merge,
#   workflow_run.head_sha), `gh pr checkout`, `git fetch …pull/N/head` followed by a checkout, or
#   actions/download-artifact of the triggering workflow_run - and then builds it, runs a script
#   or a local ./ action from it, runs attacker code with those credentials (a "pwn request").
#   Silent when: the job, a job it needs, or the step is guarded by
#   head.repo.full_name == github.repository (or a merged pull request); the checkout is of the
#   base (no ref, github.base_ref, pull_request.base.sha); nothing runs after the checkout; the
#   job references no secret and its token is read-only; the workflow_run follows only workflows
#   without pull request triggers; or actions/checkout refuses fork refs itself (v7, or a floating
#   major tag since 2026-07-16, without allow-unsafe-pr-checkout). Label and author_association
#   gates do not silence it: they decide who starts the run, not whose code runs.
# related_resources:
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
#   - https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target
#   - https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#workflow_run
#   - https://github.blog/changelog/2026-06-18-safer-pull_request_target-defaults-for-github-actions-checkout
#   - https://github.com/actions/download-artifact#download-artifacts-from-other-workflow-runs-or-repositories
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risks-of-untrusted-code-checkout
# custom:
#   id: gha-privileged-untrusted-checkout
#   category: fork-secret-exposure
#   severity: critical
#   remediation: |
#     Build and test pull request code in a `pull_request` workflow (read-only token, no secrets);
#     keep the privileged workflow to trusted metadata, or pass results through artifacts that are
#     read as data, never executed. Otherwise guard the job with
#     `if: github.event.pull_request.head.repo.full_name == github.repository`, declare
#     `permissions: contents: read` and reference no secrets in that job.
#   examples:
#     file: .github/workflows/preview.yml
#     bad: |
#       name: Preview
#       on: pull_request_target
#       permissions:
#         contents: read
#       jobs:
#         preview:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#               with:
#                 ref: ${{ github.event.pull_request.head.sha }}
#             - run: npm ci && npm run build
#             - run: npx netlify deploy --dir dist
#               env:
#                 NETLIFY_AUTH_TOKEN: ${{ secrets.NETLIFY_AUTH_TOKEN }}
#     good: |
#       name: Preview
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         build:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: npm ci && npm run build
package nhilint.rules.github.privileged_untrusted_checkout

import data.nhilint.lib.gha
import data.nhilint.lib.identity
import data.nhilint.lib.result

findings contains result.with_related(f, related) if {
	some wf in input.gha_workflows
	triggers := gha.privileged_triggers(wf)
	count(triggers) > 0
	some job in wf.jobs
	not gha.job_fork_guarded(wf, job)
	reach := gha.reach(wf, job)
	some step in gha.steps(job)
	not gha.fork_guarded(step)
	src := gha.untrusted_source(wf, step)
	exec := gha.exec_after(job, step)
	msg := sprintf("step %q in job %q %s on %s, and %s with %s in reach%s", [
		gha.step_label(step), gha.job_label(job), src.what, concat(", ", triggers), _runs(step, exec), reach,
		identity.cloud_reach(job.id),
	])
	f := result.at(step, src.key, msg)
	related := array.concat(
		[result.related(wf, sprintf("on.%s", [t]), sprintf("%s runs with the base repository's secrets and token", [t])) | some t in triggers],
		[result.related(exec, _exec_key(exec), "runs the untrusted code")],
	)
}

_runs(step, exec) := "runs it in the same script" if exec.index == step.index

_runs(step, exec) := sprintf("step %q runs that code", [gha.step_label(exec)]) if exec.index != step.index

_exec_key(step) := "run" if step.run

_exec_key(step) := "uses" if not step.run
