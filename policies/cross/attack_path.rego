# METADATA
# title: Untrusted pull request code runs in a job that assumes an over-privileged cloud role
# description: |
#   Follows the identity graph from the trigger to the cloud: a GitHub Actions job that an outside
#   user can make run their code - a pull_request_target, issue_comment or workflow_run job that
#   checks out and runs the pull request head, or that expands attacker-controlled text into a
#   script - and that assumes an AWS role (configure-aws-credentials role-to-assume, aws sts
#   assume-role --role-arn, AWS_ROLE_ARN) which the repository's Terraform or CloudFormation
#   defines and grants administrator, privilege-escalation or service-wide wildcard permissions
#   (AdministratorAccess, PowerUserAccess, IAMFullAccess, "*" or iam:PassRole on "*"), or that
#   impersonates a GCP service account (google-github-actions/auth service_account) or signs in as
#   an Azure identity (azure/login client-id) granted such a role (roles/owner, roles/editor,
#   roles/iam.serviceAccountTokenCreator, Owner, Contributor, User Access Administrator). The
#   attacker's code runs with the identity's credentials in its environment: one pull request
#   takes over the cloud account. One finding
#   per job, with the trigger, the untrusted step, the assume, the role's trust and the granting
#   policy as related locations and as a code flow. Not reported: jobs guarded against forks, roles
#   not defined in the scanned files, roles whose policies are unknown or scoped to resources.
# related_resources:
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#   - https://github.com/aws-actions/configure-aws-credentials
#   - https://github.com/google-github-actions/auth#security-considerations
# custom:
#   id: cross-attack-path
#   category: fork-secret-exposure
#   severity: critical
#   remediation: |
#     Never assume a cloud role in a job that runs pull request code: build and test in a
#     `pull_request` workflow without credentials, and deploy from a workflow that runs only
#     trusted code (push to main, an environment with reviewers). Then give the role only the
#     actions and resources it needs, and pin its trust to that workflow's `sub`
#     (`repo:OWNER/REPO:environment:NAME`).
#   examples:
#     file: .github/workflows/preview.yml
#     bad: |
#       name: Preview
#       on: pull_request_target
#       permissions:
#         id-token: write
#       jobs:
#         preview:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#               with:
#                 ref: ${{ github.event.pull_request.head.sha }}
#             - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
#               with:
#                 role-to-assume: arn:aws:iam::123456789012:role/deploy
#                 aws-region: us-east-1
#             - run: npm ci && npm run build
#     good: |
#       name: Preview
#       on: pull_request
#       permissions:
#         contents: read
#       jobs:
#         build:
#           runs-on: ubuntu-latest
#           steps:
#             - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
#             - run: npm ci && npm run build
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
#                   "token.actions.githubusercontent.com:sub" = "repo:org/app:pull_request"
#                 }
#               }
#             }]
#           })
#         }
#
#         resource "aws_iam_role_policy_attachment" "deploy" {
#           role       = aws_iam_role.deploy.name
#           policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
#         }
package nhilint.rules.cross.attack_path

import data.nhilint.lib.gha
import data.nhilint.lib.identity
import data.nhilint.lib.result

findings contains result.with_flow(result.with_related(f, related), flow) if {
	some job_id in {p.assume.from | some p in _paths}
	job := identity.identities[job_id]
	job.type == "github-job"
	[wf, gjob] := identity.gha_jobs[job.defined_by]
	entries := _entries(wf, gjob)
	count(entries) > 0
	paths := sort([p | some p in _paths; p.assume.from == job_id])
	entry := sort(entries)[0]
	path := paths[0]
	login := _logins[path.role.type]
	msg := sprintf("job %q runs code an outsider controls (step %q %s on %s) and %s %s %q, which is granted %s: whoever opens the pull request gets these %s permissions; do not assume cloud roles in jobs that run pull request code, and %s", [
		gha.job_label(gjob), entry.step, entry.what, concat(", ", entry.triggers),
		login.verb, login.what, path.role.name, path.grant.what, login.cloud, login.fix,
	])
	f := result.at(gjob, "", msg)
	related := array.concat(
		[
			{"node": wf.id, "key": sprintf("on.%s", [entry.triggers[0]]), "msg": sprintf("%s runs with the base repository's secrets and OIDC token", [entry.triggers[0]])},
			{"node": entry.node, "key": entry.key, "msg": "brings attacker-controlled code into the job"},
		],
		array.concat(
			[r | some p in paths; some r in _path_related(p)],
			[identity.via_related(t, sprintf("%s %q trusts these OIDC tokens", [login.noun, path.role.name])) | some t in identity.edges_from(path.role.id, "trusts")],
		),
	)
	flow := [
		{"node": wf.id, "key": sprintf("on.%s", [entry.triggers[0]]), "msg": sprintf("an outsider fires %s", [entry.triggers[0]])},
		{"node": entry.node, "key": entry.key, "msg": sprintf("step %q %s", [entry.step, entry.what])},
		identity.via_related(path.assume, sprintf("the job %s %s %q", [login.verb, login.noun, path.role.name])),
		{"node": path.role.defined_by, "key": path.role.defined_key, "msg": sprintf("%s %q is defined here", [login.noun, path.role.name])},
		{"node": path.grant.node, "key": path.grant.key, "msg": sprintf("it is granted %s", [path.grant.what])},
	]
}

# Every assume edge to a role with dangerous grants, computed once: the expensive reading of
# the job's steps then runs only for the few jobs on such a path.
_paths := {p |
	some e in input.nhi_edges
	e.type == "assumes"
	some p in _path(e)
}

# A cloud identity an assume edge reaches with its first dangerous grant.
_path(e) := {{"assume": e, "role": role, "grant": sort(grants)[0]}} if {
	role := identity.identities[e.to]
	_logins[role.type]
	grants := identity.dangerous_grants(role.id)
	count(grants) > 0
}

_path_related(p) := [
	identity.via_related(p.assume, sprintf("%s %s %q", [_logins[p.role.type].verb, _logins[p.role.type].noun, p.role.name])),
	{"node": p.grant.node, "key": p.grant.key, "msg": sprintf("grants %s %q %s", [_logins[p.role.type].noun, p.role.name, p.grant.what])},
]

# How a job logs in as each type of cloud identity, for messages.
_logins := {
	"aws-role": {"verb": "assumes", "what": "AWS role", "noun": "role", "cloud": "AWS", "fix": "scope the role's policy"},
	"gcp-service-account": {
		"verb": "impersonates", "what": "GCP service account", "noun": "service account", "cloud": "Google Cloud",
		"fix": "grant the service account only the roles it needs, on the resources it needs",
	},
	"azure-application": {"verb": "signs in as", "what": "Azure application", "noun": "application", "cloud": "Azure", "fix": _azure_fix},
	"azure-service-principal": {"verb": "signs in as", "what": "Azure service principal", "noun": "service principal", "cloud": "Azure", "fix": _azure_fix},
	"azure-managed-identity": {"verb": "signs in as", "what": "Azure managed identity", "noun": "managed identity", "cloud": "Azure", "fix": _azure_fix},
}

_azure_fix := "assign it only the roles it needs, at resource group or resource scope"

# How outside input reaches the job: an untrusted checkout that is then run, or an injection
# into a script, each under a privileged trigger.
_entries(wf, job) := _checkouts(wf, job) | _injections(wf, job)

_checkouts(wf, job) := {entry |
	triggers := gha.privileged_triggers(wf)
	count(triggers) > 0
	not gha.job_fork_guarded(wf, job)
	some step in gha.steps(job)
	not gha.fork_guarded(step)
	src := gha.untrusted_source(wf, step)
	gha.exec_after(job, step)
	entry := {"node": step.id, "key": src.key, "step": gha.step_label(step), "what": src.what, "triggers": triggers}
}

_injections(wf, job) := {entry |
	some step in gha.steps(job)
	some inj in gha.injections(wf, step)
	count(inj.privileged) > 0
	what := sprintf("expands %s into its %s", [inj.paths, inj.sink.what])
	entry := {"node": step.id, "key": inj.expr.key, "step": gha.step_label(step), "what": what, "triggers": inj.privileged}
}
