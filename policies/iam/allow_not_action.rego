# METADATA
# title: Allow statement with NotAction
# description: |
#   "Effect": "Allow" with NotAction grants every action of every service except the few
#   listed - including actions of services AWS launches later. Written to mean "everything
#   but IAM", it still allows organizations, sts, kms and every data service, and it grows
#   without anyone editing the policy. Reported on the NotAction key when the statement
#   applies to every resource ("*", or a NotResource). Not reported: NotAction in Deny
#   statements (the recommended guard-rail form), NotAction scoped to specific resources,
#   unknown resources, a NotAction whose elements are all unknown (it may be null),
#   statements with a Principal.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
#   - https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges
# custom:
#   id: iam-allow-not-action
#   category: wildcard-permission
#   severity: high
#   remediation: |
#     Replace NotAction with the list of actions the identity needs; to keep a guard rail,
#     write it as a separate Deny statement.
#   examples:
#     file: policy.json
#     bad: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}
#     good: |
#       {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": ["s3:GetObject"], "Resource": "*"}]}
package nhilint.rules.iam.allow_not_action

import data.nhilint.lib.iam
import data.nhilint.lib.result

findings contains result.at(s, "NotAction", msg) if {
	some [p, s] in iam.statements
	iam.allows(s)
	iam.identity_statement(s)
	known := [a | some a in s.not_actions; is_string(a)]
	count(known) > 0 # an unknown NotAction may be null: never reported
	_every_resource(s)
	msg := sprintf("%s allows every action except %s on every resource, including actions of other services and ones AWS adds later; list the allowed actions instead (and express exceptions as a Deny statement)", [
		iam.describe(p, s), iam.show(known),
	])
}

_every_resource(s) if count(iam.star_resources(s)) > 0

_every_resource(s) if {
	some r in s.not_resources
	is_string(r)
}
