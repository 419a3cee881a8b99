# METADATA
# title: Credential written literally in a workflow or action
# description: |
#   A key or token in a well-known format is written in the file itself: in an env value
#   (workflow, job or step), a `with` input, a reusable-workflow `secrets` value, a `run`
#   script, or a composite action's input default. Formats: AWS access key IDs and secret
#   access keys, Google Cloud service-account keys and API keys, Azure client secrets,
#   GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), Slack tokens and webhooks,
#   npm and PyPI tokens, and private key blocks. Everyone who can read the repository, its
#   forks and its history has the key. Text inside ${{ }} is not literal; placeholders and
#   AWS's documented example keys (AKIA…EXAMPLE) are ignored.
# related_resources:
#   - https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
#   - https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
# custom:
#   id: gha-static-credential
#   category: static-credential
#   severity: critical
#   remediation: |
#     Revoke or rotate the credential now: it is in the git history. Then log in with OIDC (cloud) or a
#     GitHub App token, or at least store the value as an encrypted secret and read it with ${{ secrets.NAME }}.
#   examples:
#     file: .github/workflows/release.yml
#     bad: |
#       name: Release
#       on:
#         push:
#           tags: ["v*"]
#       permissions:
#         contents: read
#       jobs:
#         publish:
#           runs-on: ubuntu-latest
#           env:
#             AWS_ACCESS_KEY_ID: AKIAHBRPOIGF3CBFNOBM
#             AWS_SECRET_ACCESS_KEY: 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
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: aws s3 cp dist/ s3://acme-releases/ --recursive
#     good: |
#       name: Release
#       on:
#         push:
#           tags: ["v*"]
#       permissions:
#         contents: read
#         id-token: write
#       jobs:
#         publish:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 role-to-assume: arn:aws:iam::123456789012:role/release
#                 aws-region: us-east-1
#             - run: aws s3 cp dist/ s3://acme-releases/ --recursive
package nhilint.rules.github.static_credential

import data.nhilint.lib.cloud
import data.nhilint.lib.ghanodes
import data.nhilint.lib.result

findings contains result.secret_at(node, key, msg, c.secret) if {
	some doc in _docs
	cloud.any_hinted([json.marshal(object.filter(n, _text_fields)) | some n in doc.nodes])
	some [node, key, text] in _texts(doc)
	some c in cloud.literal_credentials(text)
	msg := sprintf("%s has %s written literally in %s (%s); revoke it and use OIDC or a secret instead", [
		ghanodes.describe(node), c.label, key, _shown(c),
	])
}

# A PEM block would be masked as "----…----": its header says more and is not secret.
_shown(c) := regex.find_n(`-----BEGIN[ A-Z0-9_-]*-----`, c.secret, 1)[0] if startswith(c.secret, "-----")

_shown(c) := result.mask(c.secret) if not startswith(c.secret, "-----")

# Every workflow and action with the nodes whose texts a credential can hide in
# (a workflow only when it has env). A document is skipped at once unless the
# fields its texts come from, as JSON (where the literals of a credential's
# hint are never escaped), hold a hint: nearly every document.
_docs := array.concat(
	[{"nodes": _workflow_nodes(wf), "workflow": wf} | some wf in input.gha_workflows],
	[{"nodes": array.concat([action], _action_steps(action)), "action": action} | some action in input.gha_actions],
)

_text_fields := {"env", "with", "secrets", "run", "inputs"}

_workflow_nodes(wf) := array.concat(array.concat([wf | wf.env], [job | some job in wf.jobs]), _job_steps(wf))

_job_steps(wf) := [step |
	some job in wf.jobs
	some step in job.steps
]

_action_steps(action) := [step | some step in action.steps]

# [node, key, text] for every literal of a document a credential can hide in.
# Map entries are matched as "NAME=value" so that a name like
# AWS_SECRET_ACCESS_KEY gives its value context.
_texts(doc) := array.concat(_mapped_texts(doc.nodes), _run_texts(_job_steps(doc.workflow)))

_texts(doc) := array.concat(array.concat(_mapped_texts(doc.nodes), _run_texts(_action_steps(doc.action))), _default_texts(doc.action))

_mapped_texts(nodes) := [[node, concat(".", [field, name]), concat("=", [name, value])] |
	some node in nodes
	some field in ["env", "with", "secrets"]
	some name, value in object.get(node, field, {})
	is_string(value)
]

_run_texts(steps) := [[step, "run", step.run] |
	some step in steps
	step.run
]

_default_texts(action) := [[action, concat(".", ["inputs", name]), concat("=", [name, decl["default"]])] |
	some name, decl in action.inputs
	is_string(decl["default"])
]
