# METADATA
# title: Allow statement with NotPrincipal
# description: |
#   "Effect": "Allow" with NotPrincipal grants the statement's actions to every principal
#   except the ones listed - every AWS account and, for services that accept them,
#   anonymous callers. AWS strongly recommends against it and no longer accepts it in new
#   policies of most services, but old bucket and queue policies still carry it. Reported
#   on the NotPrincipal key when no condition restricts the caller (aws:PrincipalOrgID,
#   aws:SourceArn, ...; see iam-public-resource-policy). Not reported: NotPrincipal with
#   Deny (its supported form), unknown conditions.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# custom:
#   id: iam-allow-not-principal
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Name the principals that need access in Principal; to exclude some, use a Deny
#     statement with an ArnNotEquals condition on aws:PrincipalArn.
#   examples:
#     file: bucket-policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/auditor"},
#         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::uploads/*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/uploader"},
#         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::uploads/*"}]}
package nhilint.rules.iam.allow_not_principal

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, "NotPrincipal", msg) if {
	some [p, s] in iam.statements
	count(s.not_principals) > 0
	iam.allows(s)
	not iam.restricted(s)
	msg := sprintf("%s allows every principal except the ones in NotPrincipal - any AWS account, possibly anonymous callers; name the allowed principals in Principal instead (AWS does not support NotPrincipal with Allow in new policies)", [
		iam.describe(p, s),
	])
}
