# METADATA
# title: Cloud provider credential written in a file
# description: |
#   gitleaks' default rules, plus nhilint's rule for AWS secret access keys (which gitleaks does
#   not find on its own), find a long-lived credential of a cloud provider account written in a
#   file the scan read: an AWS access key ID or secret access key, a Google Cloud API key or
#   service-account key file, an Azure AD client secret, an Alibaba, DigitalOcean, Yandex,
#   Cloudflare, Heroku or Fly.io key. Whoever reads the repository can act as that identity in
#   the cloud account until the key is revoked. AWS's documented example keys and placeholders
#   are not reported, nor is a key another rule already reported in the same file.
# related_resources:
#   - https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
#   - https://github.com/gitleaks/gitleaks/issues/357
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
#   - https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys
# custom:
#   id: secrets-cloud-key
#   category: static-credential
#   severity: critical
#   remediation: |
#     Deactivate and delete the key in the cloud account now, and check the account's audit log
#     for its use. Replace it with short-lived credentials: OIDC federation from the CI (AWS IAM
#     roles, Google Workload Identity Federation, Azure federated credentials) or the workload's
#     own identity.
#   examples:
#     file: .github/workflows/deploy.yml
#     bad: |
#       on: push
#       permissions:
#         contents: read
#       jobs:
#         deploy:
#           runs-on: ubuntu-latest
#           steps:
#             # The old deploy user, kept for the rollback script:
#             # AWS_ACCESS_KEY_ID=AKIAQ3EGRSZW7MNT4XLP
#             # AWS_SECRET_ACCESS_KEY=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
#             - run: aws s3 sync public/ s3://acme-site/
#     good: |
#       on: push
#       permissions:
#         contents: read
#         id-token: write
#       jobs:
#         deploy:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 role-to-assume: arn:aws:iam::123456789012:role/acme-site-deploy
#                 aws-region: eu-west-1
#             - run: aws s3 sync public/ s3://acme-site/
package nhilint.rules.secrets.cloud_key

import data.nhilint.lib.result
import data.nhilint.lib.secrets

findings contains result.secret_at(m, "secret", msg, m.secret) if {
	some m in input.secret_matches
	label := secrets.cloud_label(m)
	msg := sprintf("%s %s is written in %s (gitleaks rule %s: %s); deactivate it and use short-lived credentials (OIDC federation) instead", [
		label, secrets.shown(m.secret), m.file, m.rule, secrets.description(m),
	])
}
