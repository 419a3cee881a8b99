# METADATA
# title: Privileged workflow passes a pull request ref to a reusable workflow along with secrets
# description: |
#   A job triggered by pull_request_target, workflow_run, issue_comment or another event an
#   outside user can fire calls a reusable workflow, hands it an input naming pull request code
#   (github.event.pull_request.head.sha/ref/repo, github.head_ref, workflow_run.head_sha) and also
#   its secrets (`secrets: inherit` or named secrets) or a GITHUB_TOKEN that can write. The called
#   workflow typically checks that ref out and builds it: attacker code then runs with the
#   caller's secrets. The called workflow is not followed; guarded calls
#   (head.repo.full_name == github.repository) and calls passing only base refs are silent.
# related_resources:
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
#   - https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow
#   - https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target
# custom:
#   id: gha-privileged-reusable-untrusted-ref
#   category: fork-secret-exposure
#   severity: high
#   remediation: |
#     Run the reusable workflow that builds pull request code from a `pull_request` workflow
#     without secrets. If the privileged call is needed, gate it with
#     `if: github.event.pull_request.head.repo.full_name == github.repository`, pass only the
#     secrets the callee needs (never `inherit`) and declare read-only `permissions:`.
#   examples:
#     file: .github/workflows/pr-integration.yml
#     bad: |
#       name: Integration
#       on: pull_request_target
#       permissions:
#         contents: read
#       jobs:
#         integration:
#           uses: ./.github/workflows/integration.yml
#           with:
#             ref: ${{ github.event.pull_request.head.sha }}
#           secrets: inherit
#     good: |
#       name: Integration
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         integration:
#           uses: ./.github/workflows/integration.yml
#           with:
#             ref: ${{ github.event.pull_request.head.sha }}
package nhilint.rules.github.privileged_reusable_untrusted_ref

import data.nhilint.lib.gha
import data.nhilint.lib.result

findings contains result.with_related(f, related) if {
	some wf in input.gha_workflows
	triggers := gha.privileged_triggers(wf)
	count(triggers) > 0
	some job in wf.jobs
	job.uses
	not gha.job_fork_guarded(wf, job)
	reach := _reach(wf, job)
	some name, value in job["with"]
	gha.untrusted_ref_field(wf, job, concat(".", ["with", name]))
	msg := sprintf("job %q passes pull request code (with.%s %q) to reusable workflow %q on %s, together with %s", [
		gha.job_label(job), name, value, job.uses.raw, concat(", ", triggers), reach.what,
	])
	f := result.at(job, concat(".", ["with", name]), msg)
	related := array.concat(
		[result.related(wf, concat(".", ["on", t]), sprintf("%s runs with the base repository's secrets and token", [t])) | some t in triggers],
		[result.related(job, k, "hands the caller's secrets to the called workflow") | some k in reach.keys],
	)
}

_reach(_, job) := {"what": "all its secrets (secrets: inherit)", "keys": ["secrets"]} if {
	job.secrets_inherit
} else := {"what": sprintf("secrets %s", [concat(", ", sort(object.keys(job.secrets)))]), "keys": ["secrets"]} if {
	count(job.secrets) > 0
} else := {"what": gha.token_write(job), "keys": []}
