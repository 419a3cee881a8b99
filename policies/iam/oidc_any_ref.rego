# METADATA
# title: OIDC trust lets any branch or pull request of a repository assume the role
# description: |
#   A StringLike sub condition that pins the repository but wildcards the rest
#   ("repo:my-org/app:*", "repo:my-org/app:ref:refs/heads/*",
#   "project_path:group/app:ref_type:branch:ref:*") lets any branch, tag, pull request or
#   environment of the repository assume the role: anyone who can push a branch gets
#   production credentials, bypassing branch protection and environment reviewers.
#   Reported on each such value. Not reported: values pinned to one ref or environment,
#   values wildcarding the repository (iam-oidc-org-wide, iam-oidc-any-repo), StringEquals
#   values, unknown values.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# custom:
#   id: iam-oidc-any-ref
#   category: missing-oidc
#   severity: medium
#   remediation: |
#     Pin the environment (with required reviewers) or the protected branch that deploys:
#     "repo:my-org/app:environment:production" or "repo:my-org/app:ref:refs/heads/main".
#   examples:
#     file: trust.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
#           "StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/app:*"}}}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
#           "token.actions.githubusercontent.com:sub": "repo:my-org/app:ref:refs/heads/main"}}}]}
package nhilint.rules.iam.oidc_any_ref

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, iam.value_key(c, i), msg) if {
	some t in iam.oidc_trusts
	s := t.statement
	some c in iam.claim_conditions(s, t.issuer.host, "sub")
	iam.like(c)
	some i, v in c.values
	is_string(v)
	iam.any_ref(t.issuer.provider, v)
	msg := sprintf("%s lets %s tokens with sub %q assume this role: any branch, tag, pull request or environment of %s can take its credentials, bypassing branch protection and environment reviewers; pin one, e.g. %s", [
		iam.describe(t.policy, s), iam.provider_names[t.issuer.provider], v,
		iam.subject(t.issuer.provider, v).path, iam.pin_examples[t.issuer.provider],
	])
}
