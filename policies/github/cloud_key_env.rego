# METADATA
# title: Long-lived cloud key handed to steps through env
# description: |
#   A workflow, job or step env sets a provider's key variable (AWS_SECRET_ACCESS_KEY,
#   ARM_CLIENT_SECRET, AZURE_CLIENT_SECRET, GOOGLE_CREDENTIALS, GCP_SA_KEY, ...) from
#   secrets.*, so the cloud CLI, SDKs and IaC tools (aws, terraform, az, gcloud, pulumi,
#   cdk, serverless, sam) of every step in that scope run on a long-lived stored key.
#   No cloud command needs to be in sight: those tools read these variables themselves,
#   and they usually run behind `make deploy` or a script the workflow cannot show.
#   The finding is on the env key where the variable is set, once per scope. Not reported:
#   values that do not read a secret, and an env that also sets AWS_ENDPOINT_URL*
#   (S3-compatible storage such as R2 or MinIO, which has no GitHub OIDC federation).
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
#   - https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/service_principal_oidc
#   - https://github.com/google-github-actions/auth#preferred-direct-workload-identity-federation
# custom:
#   id: gha-cloud-key-env
#   category: missing-oidc
#   severity: medium
#   remediation: |
#     Remove the key from env and log in with OIDC before the cloud commands run: AWS role-to-assume,
#     Google Cloud workload_identity_provider + service_account, Azure federated client-id/tenant-id/subscription-id
#     (ARM_USE_OIDC=true for Terraform); grant permissions: id-token: write to that job, then revoke the key.
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
#           env:
#             AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
#             AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
#             AWS_REGION: eu-west-1
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
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
package nhilint.rules.github.cloud_key_env

import data.nhilint.lib.cloud
import data.nhilint.lib.ghanodes
import data.nhilint.lib.result

findings contains result.at(node, key, msg) if {
	some node in ghanodes.env_nodes
	some name, _ in node.env
	provider := cloud.providers[cloud.key_env[upper(name)]]
	key := concat(".", ["env", name])
	secrets := ghanodes.secrets_in(node, key)
	count(secrets) > 0
	not _s3_compatible(node.env)
	msg := sprintf("%s sets %s from %s, a long-lived %s key, for %s; use OIDC instead: %s", [
		ghanodes.describe(node), name, _names(secrets), provider.name, _consumer(node), provider.oidc,
	])
}

_names(secrets) := concat(", ", [sprintf("secrets.%s", [s]) | some s in secrets])

_consumer(node) := {"gha.workflow": "every job", "gha.job": "every step", "gha.step": "its commands"}[node.kind]

_s3_compatible(env) if {
	some name, _ in env
	startswith(upper(name), "AWS_ENDPOINT_URL")
}
