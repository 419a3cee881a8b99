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
package nhilint.rules.github.static_credential

import data.nhilint.lib.cloud
import data.nhilint.lib.ghanodes
import data.nhilint.lib.result

findings contains result.secret_at(node, key, msg, c.secret) if {
	some [node, key, text] in _texts
	some c in cloud.literal_credentials(text)
	msg := sprintf("%s has %s written literally in %s (%s); revoke it and use OIDC or a secret instead", [
		ghanodes.describe(node), c.label, key, _shown(c),
	])
}

# A PEM block would be masked as "----…----": its header says more and is not secret.
_shown(c) := regex.find_n(`-----BEGIN[ A-Z0-9_-]*-----`, c.secret, 1)[0] if startswith(c.secret, "-----")

_shown(c) := result.mask(c.secret) if not startswith(c.secret, "-----")

# [node, key, text] for every literal a credential can hide in. Map entries are
# matched as "NAME=value" so that a name like AWS_SECRET_ACCESS_KEY gives its value context.
_texts contains [node, concat(".", [field, name]), concat("=", [name, value])] if {
	some node in _mapped
	some field in ["env", "with", "secrets"]
	some name, value in object.get(node, field, {})
	is_string(value)
}

_texts contains [step, "run", step.run] if {
	some step in ghanodes.steps
	step.run
}

_texts contains [action, concat(".", ["inputs", name]), concat("=", [name, decl["default"]])] if {
	some action in input.gha_actions
	some name, decl in action.inputs
	is_string(decl["default"])
}

_mapped := (ghanodes.env_nodes | ghanodes.jobs) | ghanodes.steps
