# METADATA
# title: Policy grants every action on every resource
# description: |
#   An Allow statement with Action "*" (or "*:*") on Resource "*" makes whoever holds the
#   policy - a CI role, a deploy user, a service - a full administrator of the account: it
#   can mint access keys, rewrite every policy, read every secret and delete everything,
#   so one leaked pipeline token becomes an account takeover. Reported on the "*" action
#   of every statement, in policy files, CloudFormation templates and Terraform. Not
#   reported: Deny statements, "*" on specific resources (see iam-service-wildcard),
#   actions or resources the scanner cannot know (variables, references), statements
#   with a Principal (in a key or bucket policy "*" is that resource; iam-public-* judge
#   them).
# related_resources:
#   - https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
# custom:
#   id: iam-full-admin
#   category: wildcard-permission
#   severity: critical
#   remediation: |
#     List the actions the identity calls and the ARNs it touches (IAM Access Analyzer can
#     generate the policy from CloudTrail activity), and replace "*" with them.
#   examples:
#     file: policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*"}]}
package nhilint.rules.iam.full_admin

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.with_related(result.at(s, sprintf("Action[%d]", [i]), msg), iam.star_resource_related(s)) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	count(iam.star_resources(s)) > 0
	some i in iam.all_actions(s)
	msg := sprintf("%s allows every action (%q) on every resource: whoever holds it is a full administrator of the account, able to mint keys, rewrite policies and delete anything; grant only the actions and resources it uses", [
		iam.describe(p, s), s.actions[i],
	])
}
