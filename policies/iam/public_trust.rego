# METADATA
# title: Role trust policy lets anyone assume the role
# description: |
#   A trust policy statement that allows sts:AssumeRole (or AssumeRoleWithWebIdentity,
#   AssumeRoleWithSAML) to Principal "*" or {"AWS": "*"} lets any AWS account in the world
#   request credentials for the role, unless a condition ties the caller to something
#   known. Reported on the "*" principal when no condition restricts it with
#   aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceArn,
#   aws:SourceAccount, sts:ExternalId, a source network, or a federated token claim
#   (:sub, :aud). Not reported: named principals, Deny statements, negated conditions
#   count as no restriction, unknown conditions count as a restriction.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
#   - https://aws.amazon.com/blogs/security/control-access-to-aws-resources-by-using-the-aws-organization-of-iam-principals/
# custom:
#   id: iam-public-trust
#   category: wildcard-permission
#   severity: critical
#   remediation: |
#     Name the accounts or roles that may assume the role in Principal
#     ({"AWS": "arn:aws:iam::123456789012:role/ci"}), or keep "*" only with a condition
#     such as {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}.
#   examples:
#     file: trust.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
package nhilint.rules.iam.public_trust

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, sprintf("Principal.AWS[%d]", [i]), msg) if {
	some [p, s] in iam.statements
	s.principal_star
	iam.allows(s)
	_trust(p, s)
	not iam.restricted(s)
	some i, principal in s.principals.AWS
	principal == "*"
	msg := sprintf("%s lets any AWS principal in any account assume this role (Principal \"*\" with no condition on aws:PrincipalOrgID, aws:PrincipalArn, sts:ExternalId or similar); name the trusted accounts or roles, or add such a condition", [
		iam.describe(p, s),
	])
}

_trust(_, s) if iam.assumes_role(s)

_trust(p, _) if p.use == "trust"
