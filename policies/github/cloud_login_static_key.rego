# METADATA
# title: Cloud login action authenticates with a stored long-lived key
# description: |
#   A cloud login action (aws-actions/configure-aws-credentials, google-github-actions/auth,
#   azure/login, and the Azure/GCP deploy actions that take a key) is fed a long-lived key:
#   aws-access-key-id/aws-secret-access-key, credentials_json, creds, publish-profile.
#   Such a key never expires, works from anywhere and cannot be bound to this repository,
#   branch or environment; GitHub's OIDC token can replace it with short-lived credentials.
#   Not reported: OIDC inputs (role-to-assume, workload_identity_provider, client-id alone),
#   and keys that are outputs of an earlier step or job (minted at run time, e.g. by Vault).
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
#   - https://github.com/aws-actions/configure-aws-credentials#quick-start-oidc-recommended
#   - https://github.com/google-github-actions/auth#preferred-direct-workload-identity-federation
#   - https://github.com/Azure/login#login-with-openid-connect-oidc-recommended
# custom:
#   id: gha-cloud-login-static-key
#   category: missing-oidc
#   severity: medium
#   remediation: |
#     Federate GitHub's OIDC provider with the cloud and log in without a key: AWS role-to-assume,
#     Google Cloud workload_identity_provider + service_account, Azure client-id/tenant-id/subscription-id
#     of a federated credential; grant permissions: id-token: write to that job only, then revoke the key.
#   examples:
#     file: .github/workflows/deploy.yml
#     bad: |
#       name: Deploy
#       on:
#         push:
#           branches: [main]
#       permissions:
#         contents: read
#       jobs:
#         deploy:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
#                 aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
#                 aws-region: eu-west-1
#             - run: make deploy
#     good: |
#       name: Deploy
#       on:
#         push:
#           branches: [main]
#       permissions:
#         contents: read
#         id-token: write
#       jobs:
#         deploy:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 role-to-assume: arn:aws:iam::123456789012:role/deploy
#                 aws-region: eu-west-1
#             - run: make deploy
package nhilint.rules.github.cloud_login_static_key

import data.nhilint.lib.cloud
import data.nhilint.lib.ghanodes
import data.nhilint.lib.result

findings contains result.at(step, key, msg) if {
	some step in ghanodes.steps
	action := cloud.login_action(step.uses)
	inputs := [name | some name in action.inputs; step.with[name]]
	count(inputs) > 0
	key := concat(".", ["with", inputs[0]])
	not _minted_at_run_time(step, key)
	provider := cloud.providers[action.provider]
	msg := sprintf("%s logs in to %s with a long-lived key (%s from %s); use OIDC instead: %s", [
		ghanodes.describe(step), provider.name, key, _source(step, key), provider.oidc,
	])
}

_source(step, field) := concat(", ", [sprintf("secrets.%s", [s]) | some s in ghanodes.secrets_in(step, field)]) if {
	count(ghanodes.secrets_in(step, field)) > 0
} else := "a literal value" if {
	not contains(step.with[trim_prefix(field, "with.")], "${{")
} else := "an expression"

# Credentials passed on from an earlier step or job (steps.*, needs.*) were
# minted during the run, not stored: they are not this rule's concern.
_minted_at_run_time(step, field) if {
	exprs := [e | some e in step.exprs; e.field == field]
	count(exprs) > 0
	every e in exprs {
		count(object.get(e, "secrets", [])) == 0
		every p in e.paths {
			regex.match(`^(steps|needs)\.`, p)
		}
	}
}
