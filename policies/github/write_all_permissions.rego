# METADATA
# title: GITHUB_TOKEN granted write-all
# description: |
#   `permissions: write-all` gives the job's GITHUB_TOKEN write access to every scope
#   (contents, packages, actions, checks, pull-requests, deployments, ...) and
#   id-token: write, so any step, action or injected command can push code, publish
#   packages, approve pull requests and mint OIDC tokens for the cloud roles this
#   repository can assume. Reported on a job's `permissions`, and on the workflow's when
#   at least one job inherits it (a workflow-level write-all that every job overrides
#   grants nothing). Not reported: read-all, explicit scope lists, expressions.
# related_resources:
#   - https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token
# custom:
#   id: gha-write-all-permissions
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Replace write-all with the scopes the job uses, e.g. `permissions: {contents: read}` at the top
#     and `contents: write` or `id-token: write` only on the job that needs it.
#   examples:
#     file: .github/workflows/release.yml
#     bad: |
#       name: Release
#       on:
#         push:
#           tags: ["v*"]
#       permissions: write-all
#       jobs:
#         release:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: gh release create "$GITHUB_REF_NAME" --generate-notes
#               env:
#                 GH_TOKEN: ${{ github.token }}
#     good: |
#       name: Release
#       on:
#         push:
#           tags: ["v*"]
#       permissions:
#         contents: write
#       jobs:
#         release:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: gh release create "$GITHUB_REF_NAME" --generate-notes
#               env:
#                 GH_TOKEN: ${{ github.token }}
package nhilint.rules.github.write_all_permissions

import data.nhilint.lib.ghanodes
import data.nhilint.lib.result

findings contains result.at(wf, "permissions", msg) if {
	some wf in input.gha_workflows
	wf.permissions.all == "write"
	heirs := [ghanodes.describe(job) | some job in wf.jobs; not job.permissions.declared]
	count(heirs) > 0
	msg := sprintf("%s sets permissions: write-all, so the GITHUB_TOKEN of %s can write to every scope and mint OIDC tokens; declare only the scopes each job needs", [
		ghanodes.describe(wf), concat(", ", heirs),
	])
}

findings contains result.at(job, "permissions", msg) if {
	some job in ghanodes.jobs
	job.permissions.all == "write"
	msg := sprintf("%s sets permissions: write-all, so its GITHUB_TOKEN can write to every scope and mint OIDC tokens; declare only the scopes it needs", [
		ghanodes.describe(job),
	])
}
