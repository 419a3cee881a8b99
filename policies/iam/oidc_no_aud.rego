# METADATA
# title: OIDC trust does not check the token audience
# description: |
#   GitHub's and AWS's setup guides check the aud claim of CI tokens
#   (token.actions.githubusercontent.com:aud = sts.amazonaws.com; for GitLab, <host>:aud =
#   the audience configured in id_tokens). Without it the role accepts tokens minted for
#   any audience the OIDC provider lists, including ones meant for other services. AWS
#   also checks aud against the provider's client ID list, hence the low severity.
#   Reported on the Federated principal. Not reported: trusts with an aud condition,
#   unknown conditions.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# custom:
#   id: iam-oidc-no-aud
#   category: missing-oidc
#   severity: low
#   remediation: |
#     Add "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
#     (GitLab: "<host>:aud" equal to the aud of your id_tokens).
#   examples:
#     file: trust.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:my-org/app:environment:production"}}}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
#           "token.actions.githubusercontent.com:sub": "repo:my-org/app:environment:production"}}}]}
package nhilint.rules.iam.oidc_no_aud

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, t.issuer.key, msg) if {
	some t in iam.oidc_trusts
	s := t.statement
	not s.conditions_unknown
	count(iam.claim_conditions(s, t.issuer.host, "aud")) == 0
	msg := sprintf("%s trusts %s OIDC tokens (%s) without a %s:aud condition, so tokens minted for other audiences are accepted too; add StringEquals on %s:aud (sts.amazonaws.com for GitHub's configure-aws-credentials)", [
		iam.describe(t.policy, s), iam.provider_names[t.issuer.provider], t.issuer.host, t.issuer.host, t.issuer.host,
	])
}
