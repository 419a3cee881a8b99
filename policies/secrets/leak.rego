# METADATA
# title: Secret written in a file
# description: |
#   gitleaks' default rules (used as a library, with its allowlists) find a secret written in a
#   file the scan read: a token, an API key, a password assigned to a key name, a private key
#   block. Everyone who can read the repository, its forks and its history has it. The finding
#   names gitleaks' rule and shows the secret masked. Cloud provider credentials are reported by
#   secrets-cloud-key instead, and a secret another rule already reported in the same file (a
#   literal credential in a workflow) is not reported twice. By default only the files nhilint
#   parses are searched; `--secrets all` searches every text file of the tree.
# related_resources:
#   - https://github.com/gitleaks/gitleaks
#   - https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
#   - https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
# custom:
#   id: secrets-leak
#   category: secret-leak
#   severity: high
#   remediation: |
#     Revoke or rotate the secret now: it is in the git history. Remove it from the file and
#     have the pipeline or the application read it at run time from the CI's secret store or a
#     secrets manager. If it is a test value, make it obviously fake or allow it with
#     `gitleaks:allow` on its line.
#   examples:
#     file: .github/workflows/billing.yml
#     bad: |
#       on: push
#       permissions:
#         contents: read
#       jobs:
#         report:
#           runs-on: ubuntu-latest
#           steps:
#             - run: ./export-invoices.sh
#               env:
#                 STRIPE_API_KEY: sk_live_4eC39HqLyjWDarjtT1zdp7dc
#     good: |
#       on: push
#       permissions:
#         contents: read
#       jobs:
#         report:
#           runs-on: ubuntu-latest
#           steps:
#             - run: ./export-invoices.sh
#               env:
#                 STRIPE_API_KEY: ${{ secrets.STRIPE_API_KEY }}
package nhilint.rules.secrets.leak

import data.nhilint.lib.result
import data.nhilint.lib.secrets

findings contains result.secret_at(m, "secret", msg, m.secret) if {
	some m in input.secret_matches
	not secrets.cloud_label(m)
	msg := sprintf("secret %s is written in %s (gitleaks rule %s: %s); revoke it and read it from a secret store at run time", [
		secrets.shown(m.secret), m.file, m.rule, secrets.description(m),
	])
}
