# METADATA
# title: OIDC trust lets any repository assume the role
# description: |
#   A role that trusts GitHub's OIDC issuer (token.actions.githubusercontent.com) or a
#   GitLab instance's (gitlab.com or a self-managed host) for
#   sts:AssumeRoleWithWebIdentity must check the token's sub claim: every repository on
#   that platform can mint a token from the same issuer, so a trust with no sub condition,
#   or with a StringLike sub that wildcards the owner ("*", "repo:*"), hands the role's
#   credentials to any stranger's workflow. Reported on the Federated principal when no
#   sub (or repository, job_workflow_ref, project_path) condition exists, and on each sub
#   value that matches any owner. Every statement of the policy is checked. Not reported:
#   sub values pinned to an owner (see iam-oidc-org-wide and iam-oidc-any-ref), negated
#   operators, unknown conditions or values.
# related_resources:
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# custom:
#   id: iam-oidc-any-repo
#   category: missing-oidc
#   severity: critical
#   remediation: |
#     Add a StringEquals condition on <issuer>:sub that names the repository and the
#     environment or branch allowed to deploy, e.g.
#     "token.actions.githubusercontent.com:sub": "repo:my-org/app:environment:production".
#   examples:
#     file: trust.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
#         "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
#         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
#           "token.actions.githubusercontent.com:sub": "repo:my-org/app:environment:production"}}}]}
package nhilint.rules.iam.oidc_any_repo

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, t.issuer.key, msg) if {
	some t in iam.oidc_trusts
	s := t.statement
	not s.conditions_unknown
	count(iam.claim_conditions(s, t.issuer.host, "sub")) == 0
	not iam.alt_pinned(s, t.issuer.host)
	msg := sprintf("%s trusts %s OIDC tokens (%s) with no %s:sub condition: a workflow in any repository can assume this role; pin the subject with StringEquals, e.g. %s", [
		iam.describe(t.policy, s), iam.provider_names[t.issuer.provider], t.issuer.host, t.issuer.host,
		iam.pin_examples[t.issuer.provider],
	])
}

findings contains result.at(s, iam.value_key(c, i), msg) if {
	some t in iam.oidc_trusts
	s := t.statement
	some c in iam.claim_conditions(s, t.issuer.host, "sub")
	iam.like(c)
	some i, v in c.values
	is_string(v)
	iam.any_owner(t.issuer.provider, v)
	msg := sprintf("%s lets %s tokens with sub %q assume this role: that matches workflows of any owner's repositories, not just yours; pin the subject, e.g. %s", [
		iam.describe(t.policy, s), iam.provider_names[t.issuer.provider], v, iam.pin_examples[t.issuer.provider],
	])
}
