# METADATA
# title: Docker action image not pinned to a digest
# description: |
#   A step runs `uses: docker://image:tag`, or a Docker action's action.yml sets
#   `runs.image: docker://image:tag`, without an @sha256 digest. A tag can be pushed again, so the
#   registry's owner decides what runs in the job. `runs.image: Dockerfile` (built from the
#   action's own repository) is not flagged, nor are job `container:` images.
# related_resources:
#   - https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#example-using-a-docker-hub-action
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
# custom:
#   id: gha-unpinned-docker-image
#   category: unpinned-action
#   severity: medium
#   remediation: Pin the image by digest, e.g. `docker://alpine:3.20@sha256:<digest>`.
#   examples:
#     file: .github/workflows/lint.yml
#     bad: |
#       name: Lint Dockerfiles
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         hadolint:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: docker://hadolint/hadolint:v2.12.0
#               with:
#                 args: hadolint Dockerfile
#     good: |
#       name: Lint Dockerfiles
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         hadolint:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: docker://hadolint/hadolint:v2.12.0@sha256:30a8fd2e785ab6176eed53f74769e04f125afb2f74a6c52aef7d463583b6d45e
#               with:
#                 args: hadolint Dockerfile
package nhilint.rules.github.unpinned_docker_image

import data.nhilint.lib.gha
import data.nhilint.lib.result

findings contains result.at(site.node, "uses", msg) if {
	some site in gha.uses_sites
	site.uses.type == "docker"
	not site.uses.pinned
	not site.uses.expr
	msg := sprintf("%s runs Docker image %q without an @sha256 digest: the tag can be re-pushed", [site.where, site.uses.raw])
}

findings contains result.at(action, "runs.image", msg) if {
	some action in input.gha_actions
	startswith(action.runs.image, "docker://")
	not contains(action.runs.image, "@sha256:")
	msg := sprintf("action %q runs Docker image %q without an @sha256 digest: the tag can be re-pushed", [
		object.get(action, "name", action.file), action.runs.image,
	])
}
