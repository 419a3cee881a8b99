# METADATA
# title: Pull request job runs on a self-hosted runner
# description: |
#   A job triggered by pull_request, pull_request_review(_comment) or pull_request_target runs on
#   a self-hosted runner (a `self-hosted` label). In a public repository anyone can open a pull
#   request from a fork, and that code - or code reached through the job's checkout - runs on a
#   machine that is usually persistent and sits in your network: it can keep a backdoor for later
#   jobs, read their secrets and caches, and reach internal services. GitHub recommends
#   self-hosted runners only for private repositories. Silent for GitHub-hosted and unknown
#   runners (groups, expressions), and for jobs guarded by
#   head.repo.full_name == github.repository.
# related_resources:
#   - https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners
# custom:
#   id: gha-self-hosted-pr-runner
#   category: fork-secret-exposure
#   severity: medium
#   remediation: |
#     Run pull request jobs on GitHub-hosted runners, or on ephemeral (just-in-time) self-hosted
#     runners in an isolated group; otherwise gate the job with
#     `if: github.event.pull_request.head.repo.full_name == github.repository` and require approval
#     for workflows from outside collaborators.
#   examples:
#     file: .github/workflows/gpu-tests.yml
#     bad: |
#       name: GPU tests
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         test:
#           runs-on: [self-hosted, gpu]
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: make test-gpu
#     good: |
#       name: GPU tests
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         test:
#           if: github.event.pull_request.head.repo.full_name == github.repository
#           runs-on: [self-hosted, gpu]
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: make test-gpu
package nhilint.rules.github.self_hosted_pr_runner

import data.nhilint.lib.gha
import data.nhilint.lib.result

_events := gha.pr_code_events | {"pull_request_target"}

findings contains result.with_related(f, related) if {
	some wf in input.gha_workflows
	triggers := sort([e | some e, _ in wf.triggers; e in _events])
	count(triggers) > 0
	some job in wf.jobs
	job.runs_on.self_hosted
	not gha.job_fork_guarded(wf, job)
	msg := sprintf("job %q runs on self-hosted runner %s and is triggered by %s: pull requests from forks run their code on that machine", [
		gha.job_label(job), _labels(job), concat(", ", triggers),
	])
	f := result.at(job, "runs-on", msg)
	related := [result.related(wf, concat(".", ["on", t]), sprintf("%s runs for pull requests from forks", [t])) | some t in triggers]
}

_labels(job) := sprintf("[%s]", [concat(", ", object.get(job.runs_on, "labels", []))])
