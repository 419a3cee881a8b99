# METADATA
# title: Resource policy grants write access to everyone
# description: |
#   A resource policy (bucket, queue, topic, key, repository policy) statement that allows
#   Principal "*" or {"AWS": "*"} write, permission or wildcard actions lets anyone - any
#   AWS account and, for S3, anonymous callers - change, delete or take over the resource,
#   unless a condition ties the caller to something known (aws:PrincipalOrgID,
#   aws:SourceArn, aws:SourceAccount, aws:SourceVpce, aws:SourceIp...). Reported on the
#   "*" principal. Not reported: read-only public access (a public website bucket's
#   s3:GetObject), role trust policies (iam-public-trust), Deny statements, unknown
#   actions or conditions.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
#   - https://aws.amazon.com/blogs/security/control-access-to-aws-resources-by-using-the-aws-organization-of-iam-principals/
# custom:
#   id: iam-public-resource-policy
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Name the principals that need access, or restrict "*" with a condition such as
#     {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}} or, for a service,
#     {"ArnLike": {"aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:topic"}}.
#   examples:
#     file: bucket-policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::uploads/*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::website/*"}]}
package nhilint.rules.iam.public_resource_policy

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, sprintf("Principal.AWS[%d]", [i]), msg) if {
	some [p, s] in iam.statements
	s.principal_star
	iam.allows(s)
	p.use != "trust"
	not iam.assumes_role(s)
	not iam.restricted(s)
	hits := [a | some a in s.actions; iam.rank[iam.level(a)] > iam.rank.read]
	count(hits) > 0
	some i, principal in s.principals.AWS
	principal == "*"
	msg := sprintf("%s grants %s to everyone (Principal \"*\" with no condition on aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount or similar): any account can change or take over the resource; name the principals or add such a condition", [
		iam.describe(p, s), iam.show(hits),
	])
}
