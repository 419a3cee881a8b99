# METADATA
# title: GitLab CI include not pinned to an immutable version
# description: |
#   The pipeline includes configuration from outside the repository that can change under it:
#   whoever can push to that project, host or component's default branch can then run code in
#   this pipeline, with its variables and tokens. Reported: `include: project:` with no `ref:`
#   (the default branch's HEAD) or with a `ref:` that looks like a branch (neither a commit SHA,
#   full or abbreviated to 7+ hex digits, nor a version tag such as v1.2.3 or 1.2);
#   `include: remote:` without `integrity:` (a SHA-256 hash GitLab checks), unless the URL
#   addresses a full commit SHA (a raw file at a commit, as GitLab's /-/raw/<sha>/ serves);
#   `include: component:` at `~latest` or at a version that is neither a commit SHA nor a
#   version (a branch). Tags and partial versions (`1`, `1.2`) are accepted:
#   GitLab resolves them to published releases, and only project maintainers create them. Not
#   reported: `template:` (shipped with the GitLab instance), local includes, and refs or versions
#   written with a CI/CD variable (not known from the file).
# related_resources:
#   - https://docs.gitlab.com/ci/yaml/#includeproject
#   - https://docs.gitlab.com/ci/yaml/#includeintegrity
#   - https://docs.gitlab.com/ci/components/#component-versions
#   - https://docs.gitlab.com/ci/yaml/includes/
# custom:
#   id: gitlab-unpinned-include
#   category: unpinned-action
#   severity: medium
#   remediation: |
#     Pin project includes with ref: set to a commit SHA (or a protected release tag), add integrity:
#     sha256-<base64 hash> to remote includes, and use a released component version (1.2.3 or a SHA).
#   examples:
#     file: .gitlab-ci.yml
#     bad: |
#       include:
#         - project: platform/ci-templates
#           ref: main
#           file: /deploy.yml
#     good: |
#       include:
#         - project: platform/ci-templates
#           ref: 2f1c9a7e4b3d8f6a0c5e1b9d7a3f2e8c4b6d0a1f
#           file: /deploy.yml
package nhilint.rules.gitlab.unpinned_include

import data.nhilint.lib.gitlab
import data.nhilint.lib.result

findings contains result.at(inc, "project", msg) if {
	some inc in gitlab.includes
	inc.type == "project"
	not inc.ref
	msg := sprintf("include of project %s has no ref: it follows the default branch, so any push there changes this pipeline; pin ref: to a commit SHA or a release tag", [inc.project])
}

findings contains result.at(inc, "ref", msg) if {
	some inc in gitlab.includes
	inc.type == "project"
	_branch_like(inc.ref)
	msg := sprintf("include of project %s uses ref %q, a branch that can move: any push there changes this pipeline; pin ref: to a commit SHA or a release tag", [inc.project, inc.ref])
}

findings contains result.at(inc, "remote", msg) if {
	some inc in gitlab.includes
	inc.type == "remote"
	not inc.integrity
	not regex.match(`/[0-9a-f]{40}/`, inc.remote)
	msg := sprintf("remote include %s has no integrity: hash, so whoever controls that URL controls this pipeline; add integrity: sha256-<hash> or vendor the file", [inc.remote])
}

findings contains result.at(inc, "component", msg) if {
	some inc in gitlab.includes
	inc.type == "component"
	_moving_version(inc.version)
	msg := sprintf("component %s is included at %s, which moves with every release or push; pin it to a released version (1.2.3) or a commit SHA", [inc.component, _shown(inc.version)])
}

_shown(v) := "no version" if v == ""

_shown(v) := sprintf("%q", [v]) if v != ""

_moving_version(v) if v == ""

_moving_version("~latest")

_moving_version(v) if {
	v != "~latest"
	_branch_like(v)
}

# A ref that is neither a commit SHA, nor a version tag, nor a CI/CD variable.
_branch_like(ref) if {
	ref != ""
	not regex.match(`^[0-9a-f]{7,64}$`, ref)
	not regex.match(`^(?:refs/tags/)?v?[0-9]+(?:\.[0-9]+)*(?:[-+][0-9A-Za-z.-]+)?$`, ref)
	not contains(ref, "$")
	not startswith(ref, "~")
}
