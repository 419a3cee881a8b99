# METADATA
# title: Policy grants write or permission actions on every resource
# description: |
#   Write and permissions-management actions (the access levels of AWS's Service
#   Authorization Reference) on Resource "*" apply to every bucket, table, queue, key and
#   function of the account, present and future, instead of the few the identity works
#   on: a leaked CI credential can then overwrite or delete all of them, or open them to
#   the world (s3:PutBucketPolicy, kms:PutKeyPolicy). Reported once per statement, on the
#   first such action, for services in the classification table (docs/input-iam.md
#   explains the fallback for other services). Not reported: Read and List actions
#   (Describe*, Get*, List*) and tagging on "*", which AWS often requires; privilege
#   escalation actions, service wildcards and "*" (their own rules); Deny statements;
#   statements with a condition (aws:ResourceTag, aws:RequestedRegion...), which scope
#   them another way; unknown values; a workload's own telemetry, harmless or impossible
#   to scope (cloudwatch:PutMetricData, xray:PutTraceSegments, xray:PutTelemetryRecords,
#   logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents); statements with a
#   Principal (a resource policy's "*" is the resource it is attached to).
# related_resources:
#   - https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
#   - https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges
# custom:
#   id: iam-write-all-resources
#   category: wildcard-permission
#   severity: medium
#   remediation: |
#     Scope Resource to the ARNs the identity writes to (arn:aws:s3:::my-bucket/*,
#     arn:aws:dynamodb:eu-west-1:123456789012:table/orders), or add conditions
#     (aws:ResourceTag, aws:RequestedRegion) where the action has no resource-level
#     permissions.
#   examples:
#     file: policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::artifacts/*"}]}
package nhilint.rules.iam.write_all_resources

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.with_related(result.at(s, sprintf("Action[%d]", [hits[0]]), msg), iam.star_resource_related(s)) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	count(iam.star_resources(s)) > 0
	count(s.conditions) == 0
	not s.conditions_unknown
	hits := [i | some i in iam.actions_at(s, {"write", "permissions"}); not lower(s.actions[i]) in iam.benign_on_star]
	count(hits) > 0
	msg := sprintf("%s allows %s on every resource (\"*\"): a leaked credential can use them to change, delete or decrypt every matching resource of the account, not just the ones this identity needs; scope Resource to their ARNs", [
		iam.describe(p, s), iam.show([s.actions[i] | some i in hits]),
	])
}
