# METADATA
# title: Job assumes a role whose OIDC trust never admits its token
# description: |
#   Compares the sub claim of a job's GitHub OIDC token with the trust of the role it assumes. A
#   job with an environment presents repo:OWNER/REPO:environment:NAME - not its branch - so a
#   role trusting only repo:org/app:ref:refs/heads/main refuses the production deploy job; a
#   pull_request_target job presents repo:OWNER/REPO:pull_request. Such a step fails with "Not
#   authorized to perform sts:AssumeRoleWithWebIdentity", and the usual "fix" under pressure is a
#   wildcard trust. GitLab CI jobs that assume a role with an id_token are compared the same way:
#   their sub is project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME for the refs their
#   rules let them run on. Reported on the assume step, with the trust's sub values as related
#   locations. Not reported: roles not defined in the scanned files, jobs whose subject the files
#   do not decide (workflow_dispatch, schedule, an environment expression, branch globs), trusts
#   with unknown values or a custom sub template, and jobs that log in with a stored key.
# related_resources:
#   - https://docs.github.com/en/actions/reference/security/oidc
#   - https://github.com/aws-actions/configure-aws-credentials#oidc
#   - https://docs.gitlab.com/ci/secrets/id_token_authentication/
# custom:
#   id: cross-trust-never-satisfied
#   category: other
#   severity: medium
#   remediation: |
#     Add the job's exact sub (shown in the message) to the role's trust with StringEquals, or
#     run the job where the trust expects it (the environment or branch the trust names).
#   examples:
#     file: .github/workflows/deploy.yml
#     bad: |
#       name: Deploy
#       on:
#         push:
#           branches: [main]
#       permissions:
#         id-token: write
#       jobs:
#         deploy:
#           runs-on: ubuntu-latest
#           environment: production
#           steps:
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 role-to-assume: arn:aws:iam::123456789012:role/deploy
#                 aws-region: us-east-1
#     good: |
#       name: Deploy
#       on:
#         push:
#           branches: [main]
#       permissions:
#         id-token: write
#       jobs:
#         deploy:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 role-to-assume: arn:aws:iam::123456789012:role/deploy
#                 aws-region: us-east-1
#     context:
#       infra/main.tf: |
#         resource "aws_iam_role" "deploy" {
#           name = "deploy"
#           assume_role_policy = jsonencode({
#             Version = "2012-10-17"
#             Statement = [{
#               Effect    = "Allow"
#               Action    = "sts:AssumeRoleWithWebIdentity"
#               Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
#               Condition = {
#                 StringEquals = {
#                   "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
#                   "token.actions.githubusercontent.com:sub" = "repo:org/app:ref:refs/heads/main"
#                 }
#               }
#             }]
#           })
#         }
package nhilint.rules.cross.trust_never_satisfied

import data.nhilint.lib.iam
import data.nhilint.lib.identity
import data.nhilint.lib.result

findings contains result.with_related(f, related) if {
	some role in input.nhi_identities
	role.type == "aws-role"
	some provider in ["github", "gitlab"]
	trusts := identity.ci_trusts(role.id, provider)
	count(trusts) > 0
	count(trusts) == count([t | some t in identity.edges_from(role.id, "trusts")])
	repos := identity.trusted_paths(trusts, provider)
	count(repos) > 0
	some u in identity.ci_users(role.id, provider)
	u.job.oidc_subjects_exact
	claims := sort({claim | some repo in repos; some claim in identity.job_claims(u.job, repo)})
	count(claims) > 0
	every claim in claims {
		every t in trusts {
			not identity.trust_admits(t, claim)
		}
	}
	msg := sprintf("job %q assumes role %q with an OIDC token whose sub is %s, which the role's trust never admits (it allows %s): the step fails with \"Not authorized to perform sts:AssumeRoleWithWebIdentity\"; add the exact sub to the trust with StringEquals, or run the job where the trust expects", [
		u.job.name, role.name, iam.show(claims), iam.show(sort({v | some t in trusts; some v in t.subjects})),
	])
	f := {"node": u.edge.via.node, "key": u.edge.via.key, "msg": msg}
	related := [r |
		some t in trusts
		some c in identity.sub_conditions(t)
		some i, _ in c.values
		r := {"node": t.statement, "key": iam.value_key(c, i), "msg": sprintf("role %q trusts this sub", [role.name])}
	]
}
