# METADATA
# title: Allow statement with NotResource
# description: |
#   "Effect": "Allow" with NotResource grants the statement's actions on every resource
#   except the ones listed - every other bucket, table, key and role of the account,
#   including those created later. Reported on the NotResource key. Not reported:
#   NotResource in Deny statements (the usual guard-rail form), statements whose actions are
#   unknown or read-only (Describe*, Get*, List*), a NotResource whose elements are all
#   unknown (it may be null), statements with a Principal.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
#   - https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges
# custom:
#   id: iam-allow-not-resource
#   category: wildcard-permission
#   severity: medium
#   remediation: |
#     List the ARNs the actions apply to in Resource; express exceptions as a separate Deny
#     statement.
#   examples:
#     file: policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:DeleteObject", "NotResource": "arn:aws:s3:::audit-logs/*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::scratch/*"}]}
package nhilint.rules.iam.allow_not_resource

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, "NotResource", msg) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	known := [r | some r in s.not_resources; is_string(r)]
	count(known) > 0 # an unknown NotResource may be null: never reported
	hits := [a | some a in s.actions; iam.rank[iam.level(a)] > iam.rank.read]
	count(hits) > 0
	msg := sprintf("%s allows %s on every resource except %s, including resources created later; list the resources it applies to in Resource instead", [
		iam.describe(p, s), iam.show(hits), iam.show(known),
	])
}
