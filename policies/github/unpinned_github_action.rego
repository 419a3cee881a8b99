# METADATA
# title: GitHub-owned action not pinned to a commit SHA
# description: |
#   A step or job uses an action or reusable workflow published by GitHub (actions/*, github/*)
#   by a tag or branch. GitHub's own actions are a smaller risk than third-party ones, but their
#   tags still move, and a SHA pin makes every run reproducible and reviewable. Local ./ actions
#   and `uses` written with an expression are not flagged.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
#   - https://docs.github.com/en/code-security/dependabot/working-with-dependabot/keeping-your-actions-up-to-date-with-dependabot
# custom:
#   id: gha-unpinned-github-action
#   category: unpinned-action
#   severity: low
#   remediation: |
#     Pin the commit SHA with the tag as a comment, e.g.
#     `uses: actions/checkout@<40-hex sha> # v4.2.2`, and let Dependabot update it.
#   examples:
#     file: .github/workflows/ci.yml
#     bad: |
#       name: CI
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         test:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@v4
#             - run: make test
#     good: |
#       name: CI
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         test:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: make test
package nhilint.rules.github.unpinned_github_action

import data.nhilint.lib.gha
import data.nhilint.lib.result

findings contains result.at(site.node, "uses", msg) if {
	some site in gha.uses_sites
	gha.unpinned_remote(site.uses)
	gha.github_owned(site.uses)
	msg := sprintf("%s uses GitHub-owned %q, but %s", [site.where, site.uses.raw, gha.ref_phrase(site.uses)])
}
