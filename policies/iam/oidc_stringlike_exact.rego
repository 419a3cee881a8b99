# METADATA
# title: OIDC sub condition uses StringLike without a wildcard
# description: |
#   A sub value written without * or ? under StringLike (or ForAnyValue:StringLike)
#   matches exactly like StringEquals, but reads as if it allowed patterns: the next edit
#   that adds a "*" to it widens the trust silently. GitHub's and AWS's examples use
#   StringEquals for exact subjects. Reported on each such value. Not reported: StringLike
#   values with a wildcard (judged by the other OIDC rules), StringEquals, unknown values.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
# custom:
#   id: iam-oidc-stringlike-exact
#   category: missing-oidc
#   severity: low
#   remediation: |
#     Move exact sub values to a StringEquals block; keep StringLike for values that need a
#     wildcard.
#   examples:
#     file: trust.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
#           "StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/app:ref:refs/heads/main"}}}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
#           "token.actions.githubusercontent.com:sub": "repo:my-org/app:ref:refs/heads/main"}}}]}
package nhilint.rules.iam.oidc_stringlike_exact

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, iam.value_key(c, i), msg) if {
	some t in iam.oidc_trusts
	s := t.statement
	some c in iam.claim_conditions(s, t.issuer.host, "sub")
	iam.like(c)
	some i, v in c.values
	is_string(v)
	not iam.wildcard(v)
	msg := sprintf("%s matches sub %q with %s although it has no wildcard; use StringEquals so a later \"*\" cannot widen the trust unnoticed", [
		iam.describe(t.policy, s), v, c.operator,
	])
}
