# METADATA
# title: Role trust admits more CI OIDC subjects than the jobs that use it
# description: |
#   Compares a role's OIDC trust with the jobs of the repository that assume it. A GitHub Actions
#   token's sub names where the job runs: repo:OWNER/REPO:environment:NAME for a job with an
#   environment, else repo:OWNER/REPO:pull_request for pull_request(_target) and
#   repo:OWNER/REPO:ref:refs/heads/BRANCH for a push. A GitLab CI id_token's sub is
#   project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME, the ref the job's rules (or
#   only:refs, or the workflow rules) let it run on. When the trust matches sub with a wildcard
#   (repo:org/app:*, project_path:group/app:*) but every job that assumes the role runs in known
#   places (an environment, a pull request, listed branches and tags), every other branch, tag,
#   pull request and environment of the repository can take the role too - bypassing branch
#   protection and environment reviewers. The finding, on the wildcard value, proposes the exact
#   sub values the jobs need (the repository is read from the trust's own value). Not reported:
#   roles no job of the repository assumes with OIDC, jobs triggered by events whose ref the
#   files do not decide (workflow_dispatch, schedule, globs, GitLab rules without a ref
#   condition), wildcards in the repository part (other rules report those), trusts with unknown
#   values or a custom sub template.
# related_resources:
#   - https://docs.github.com/en/actions/reference/security/oidc
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
#   - https://docs.gitlab.com/ci/cloud_services/aws/
# custom:
#   id: cross-trust-wider-than-use
#   category: missing-oidc
#   severity: medium
#   remediation: |
#     Replace the wildcard with the exact sub values the jobs present, matched with StringEquals
#     (for a deploy job in the production environment: repo:OWNER/REPO:environment:production),
#     and protect that environment with required reviewers and a branch rule.
#   examples:
#     file: infra/main.tf
#     bad: |
#       resource "aws_iam_role" "release" {
#         name = "release"
#         assume_role_policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect    = "Allow"
#             Action    = "sts:AssumeRoleWithWebIdentity"
#             Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
#             Condition = {
#               StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
#               StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:org/app:*" }
#             }
#           }]
#         })
#       }
#     good: |
#       resource "aws_iam_role" "release" {
#         name = "release"
#         assume_role_policy = jsonencode({
#           Version = "2012-10-17"
#           Statement = [{
#             Effect    = "Allow"
#             Action    = "sts:AssumeRoleWithWebIdentity"
#             Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
#             Condition = {
#               StringEquals = {
#                 "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
#                 "token.actions.githubusercontent.com:sub" = "repo:org/app:environment:production"
#               }
#             }
#           }]
#         })
#       }
#     context:
#       .github/workflows/release.yml: |
#         name: Release
#         on:
#           push:
#             branches: [main]
#         permissions:
#           contents: read
#           id-token: write
#         jobs:
#           release:
#             runs-on: ubuntu-latest
#             environment: production
#             steps:
#               - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#                 with:
#                   role-to-assume: arn:aws:iam::123456789012:role/release
#                   aws-region: us-east-1
#               - run: aws s3 cp dist s3://releases --recursive
package nhilint.rules.cross.trust_wider_than_use

import data.nhilint.lib.iam
import data.nhilint.lib.identity
import data.nhilint.lib.result

findings contains result.with_related(f, related) if {
	some role in input.nhi_identities
	role.type == "aws-role"
	some provider in ["github", "gitlab"]
	users := identity.ci_users(role.id, provider)
	count(users) > 0
	every u in users {
		u.job.oidc_subjects_exact
	}
	some t in identity.ci_trusts(role.id, provider)
	some c in identity.sub_conditions(t)
	iam.like(c)
	some i, v in c.values
	iam.wildcard(v)
	s := iam.subject(provider, v)
	not iam.wildcard(s.path)
	needed := sort({claim |
		some u in users
		some claim in identity.job_claims(u.job, s.path)
		identity.admits(c, v, claim)
	})
	count(needed) > 0
	msg := sprintf("the trust of role %q admits %s OIDC tokens with sub %q, but the only jobs that assume it (%s) present %s: every other %s of %s can take the role too; allow exactly %s with StringEquals", [
		role.name, _names[provider], v, concat(", ", sort({u.job.name | some u in users})), iam.show(needed), _refs[provider], s.path, iam.show(needed),
	])
	f := result.at({"id": t.statement}, iam.value_key(c, i), msg)
	related := [identity.via_related(u.edge, sprintf("job %q assumes the role with sub %q", [u.job.name, concat(", ", sort(identity.job_claims(u.job, s.path)))])) | some u in users]
}

_names := {"github": "GitHub", "gitlab": "GitLab"}

# What else of the repository or project a wildcard sub admits.
_refs := {"github": "branch, tag, pull request and environment", "gitlab": "branch and tag"}
