# METADATA
# title: Policy grants every action of a service
# description: |
#   An Allow statement with a service wildcard ("iam:*", "s3:*", "kms:*") grants every
#   present and future action of that service, including its permissions-management and
#   delete actions. Reported when the wildcard applies to every resource ("*"), and on any
#   resource for the services that control identities, keys and secrets (iam, sts,
#   organizations, kms, secretsmanager), where one resource is already the keys to the
#   account. One finding per statement, on its first service wildcard. Not reported:
#   "s3:*" and the like on specific resources, partial wildcards ("s3:Get*": see
#   iam-write-all-resources and iam-privilege-escalation), Deny statements, unknown
#   values, statements with a Principal (a key policy's "kms:*" for the account root is
#   AWS's default; iam-public-* judge resource policies).
# related_resources:
#   - https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges
#   - https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
# custom:
#   id: iam-service-wildcard
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Replace the service wildcard with the actions the identity calls (IAM Access Analyzer
#     can generate them from CloudTrail activity), and scope Resource to the ARNs it uses.
#   examples:
#     file: policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::artifacts/*"}]}
package nhilint.rules.iam.service_wildcard

import data.nhilint.lib.iam
import data.nhilint.lib.result

_sensitive := {"iam", "sts", "organizations", "kms", "secretsmanager"}

findings contains result.with_related(result.at(s, sprintf("Action[%d]", [hits[0]]), msg), iam.star_resource_related(s)) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	count(iam.star_resources(s)) > 0
	hits := iam.service_wildcards(s)
	count(hits) > 0
	msg := sprintf("%s allows every action of a service (%s) on every resource, including permission and delete actions; list the actions it needs and scope Resource to its ARNs", [
		iam.describe(p, s), iam.show([s.actions[i] | some i in hits]),
	])
}

findings contains result.at(s, sprintf("Action[%d]", [hits[0]]), msg) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	count(iam.star_resources(s)) == 0
	hits := [i | some i in iam.service_wildcards(s); _service(s.actions[i]) in _sensitive]
	count(hits) > 0
	msg := sprintf("%s allows every action of %s: on identities, keys or secrets that is full control of them (rewrite their policies, delete them, read what they protect); list the actions it needs", [
		iam.describe(p, s), iam.show([s.actions[i] | some i in hits]),
	])
}

_service(a) := lower(split(a, ":")[0])
