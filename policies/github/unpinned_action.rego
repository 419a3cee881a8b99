# METADATA
# title: Third-party action or reusable workflow not pinned to a commit SHA
# description: |
#   A step or job uses an action or reusable workflow from outside GitHub (owner other than
#   actions/ or github/) by a tag or branch. Tags and branches can be moved: whoever controls that
#   repository - or compromises it, as with tj-actions/changed-files in March 2025 - changes the
#   code that runs with your secrets and token. A full 40-character commit SHA is the only
#   immutable reference. Covers workflow steps, reusable-workflow calls and composite action steps;
#   local ./ actions, `uses` written with an expression and actions of the owners listed in
#   .nhilint.yaml `trusted-action-owners` (data.nhilint.config.trusted_action_owners) are not
#   flagged; GitHub-owned actions and docker:// images have their own rules.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
#   - https://github.com/advisories/GHSA-mrrh-fwg8-r2c3
# custom:
#   id: gha-unpinned-action
#   category: unpinned-action
#   severity: high
#   remediation: |
#     Pin the full commit SHA of the release you reviewed and keep the tag as a comment, e.g.
#     `uses: owner/repo@<40-hex sha> # v4.2.0`; let Dependabot or Renovate update the pins.
#   examples:
#     file: .github/workflows/image.yml
#     bad: |
#       name: Image
#       on:
#         push:
#           branches: [main]
#       permissions:
#         contents: read
#       jobs:
#         build:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: docker/build-push-action@v7
#               with:
#                 push: false
#     good: |
#       name: Image
#       on:
#         push:
#           branches: [main]
#       permissions:
#         contents: read
#       jobs:
#         build:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
#               with:
#                 push: false
package nhilint.rules.github.unpinned_action

import data.nhilint.lib.gha
import data.nhilint.lib.result

findings contains result.at(site.node, "uses", msg) if {
	some site in gha.uses_sites
	gha.unpinned_remote(site.uses)
	not gha.github_owned(site.uses)
	not _trusted_owner(site.uses)
	msg := sprintf("%s uses third-party %s %q, but %s: its owner can change the code that runs", [
		site.where, _kind(site.uses), site.uses.raw, gha.ref_phrase(site.uses),
	])
}

_kind(u) := "reusable workflow" if u.type == "reusable"

_kind(u) := "action" if u.type == "action"

# An owner the repository's configuration trusts (its own organization):
# it controls the refs it moves. Undefined without a configuration.
_trusted_owner(u) if {
	some owner in data.nhilint.config.trusted_action_owners
	lower(owner) == lower(u.owner)
}
