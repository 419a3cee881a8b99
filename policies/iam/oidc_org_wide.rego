# METADATA
# title: OIDC trust lets every repository of an owner assume the role
# description: |
#   A StringLike sub condition such as "repo:my-org/*" (GitHub) or
#   "project_path:my-group/*" (GitLab) lets a workflow in any repository of the owner
#   assume the role: every repository created later, every fork-friendly sandbox and
#   every contributor with write access to any of them gets the role's credentials.
#   Reported on each such sub value. Not reported: values that pin the repository (see
#   iam-oidc-any-ref for wildcard branches), values matching any owner (iam-oidc-any-repo),
#   StringEquals values (where "*" is literal), unknown values.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# custom:
#   id: iam-oidc-org-wide
#   category: missing-oidc
#   severity: high
#   remediation: |
#     Name the repositories that deploy with this role, one sub value each
#     ("repo:my-org/app:environment:production"), or split the role per repository.
#   examples:
#     file: trust.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
#           "StringLike": {"token.actions.githubusercontent.com:sub": "repo:my-org/*"}}}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
#           "token.actions.githubusercontent.com:sub": "repo:my-org/app:environment:production"}}}]}
package nhilint.rules.iam.oidc_org_wide

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, iam.value_key(c, i), msg) if {
	some t in iam.oidc_trusts
	s := t.statement
	some c in iam.claim_conditions(s, t.issuer.host, "sub")
	iam.like(c)
	some i, v in c.values
	is_string(v)
	iam.owner_wide(t.issuer.provider, v)
	msg := sprintf("%s lets %s tokens with sub %q assume this role: any repository of %q, including ones created later, can take its credentials; name the repository, e.g. %s", [
		iam.describe(t.policy, s), iam.provider_names[t.issuer.provider], v,
		split(iam.subject(t.issuer.provider, v).path, "/")[0], iam.pin_examples[t.issuer.provider],
	])
}
