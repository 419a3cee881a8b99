# METADATA
# title: Policy grants privilege-escalation actions on every resource
# description: |
#   Some IAM actions let an identity give itself more than it was granted: rewriting or
#   attaching policies (iam:PutRolePolicy, iam:AttachUserPolicy, iam:CreatePolicyVersion),
#   minting credentials for other users (iam:CreateAccessKey, iam:CreateLoginProfile),
#   changing who may assume a role (iam:UpdateAssumeRolePolicy), passing any role to
#   compute it controls (iam:PassRole), assuming any role (sts:AssumeRole), or running
#   code and commands as other roles (lambda:UpdateFunctionCode, ssm:SendCommand,
#   codebuild:StartBuild). Granted on Resource "*", a CI role holding one is an
#   administrator in waiting. Reported on each such action, written exactly or matched by
#   a pattern ("iam:Put*"), once per statement. Not reported: the same actions scoped to
#   specific ARNs, service wildcards (iam-service-wildcard), "*" (iam-full-admin), Deny
#   statements, unknown values, statements with a Principal (resource and trust policies).
# related_resources:
#   - https://unit42.paloaltonetworks.com/iam-deescalate/
#   - https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges
# custom:
#   id: iam-privilege-escalation
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Scope Resource to the exact roles, users or functions the identity must manage
#     (arn:aws:iam::123456789012:role/app-*), add iam:PassedToService conditions to
#     iam:PassRole, and attach a permissions boundary to roles a pipeline creates.
#   examples:
#     file: policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-runtime"}]}
package nhilint.rules.iam.privilege_escalation

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.with_related(result.at(s, sprintf("Action[%d]", [hits[0]]), msg), iam.star_resource_related(s)) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	count(iam.star_resources(s)) > 0
	hits := iam.privesc_actions(s)
	count(hits) > 0
	msg := sprintf("%s allows %s on every resource: with these an identity can grant itself more access (new policies, keys for other users, any role) and become an administrator; scope Resource to the ARNs it must manage", [
		iam.describe(p, s), iam.show([s.actions[i] | some i in hits]),
	])
}
