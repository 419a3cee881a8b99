# METADATA
# title: Untrusted pull or merge request code runs in a job that assumes an over-privileged cloud role
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
#   takes over the cloud account.
#   GitLab CI jobs too: a job that runs in merge request pipelines (a rule on
#   $CI_PIPELINE_SOURCE == "merge_request_event" or $CI_MERGE_REQUEST_IID/ID, `only:
#   [merge_requests]`, or no rules while workflow:rules create merge request pipelines) with no
#   rule keeping fork sources out ($CI_MERGE_REQUEST_SOURCE_PROJECT_ID/_PATH/_URL != the project
#   with when: never, or == it; $CI_COMMIT_REF_PROTECTED == "true"), and that assumes such a
#   role (aws sts assume-role-with-web-identity --role-arn, AWS_ROLE_ARN with id_tokens),
#   impersonates such a service account (gcloud iam workload-identity-pools create-cred-config
#   --service-account, --impersonate-service-account, GOOGLE_IMPERSONATE_SERVICE_ACCOUNT, gcloud
#   auth activate-service-account) or signs in as such an Azure identity (az login
#   --service-principal -u, ARM_CLIENT_ID with ARM_USE_OIDC or ARM_CLIENT_SECRET): once a merge
#   request from a fork runs its pipeline in the project, the fork author's code - the checked
#   out source branch, or merge request text a script re-parses with eval or sh -c - runs with
#   the role.
#   One finding per job, with the trigger (or the merge request rule), the untrusted step, the
#   assume, the role's definition and trust and the granting policy as related locations and as
#   a code flow.
#   Not reported: jobs guarded against forks, GitLab jobs outside merge request pipelines (or
#   with except: merge_requests), GitLab ID token logins to roles that trust only GitHub's
#   issuer, roles not defined in the scanned files, roles whose policies are unknown or scoped
#   to resources.
# related_resources:
#   - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
#   - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#   - https://github.com/aws-actions/configure-aws-credentials
#   - https://github.com/google-github-actions/auth#security-considerations
#   - https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#run-pipelines-in-the-parent-project
#   - https://docs.gitlab.com/ci/cloud_services/aws/
#   - https://docs.gitlab.com/ci/cloud_services/google_cloud/
#   - https://docs.gitlab.com/ci/cloud_services/azure/
# custom:
#   id: cross-attack-path
#   category: fork-secret-exposure
#   severity: critical
#   remediation: |
#     Never assume a cloud role in a job that runs pull request code: build and test in a
#     `pull_request` workflow without credentials, and deploy from a workflow that runs only
#     trusted code (push to main, an environment with reviewers). Then give the role only the
#     actions and resources it needs, and pin its trust to that workflow's `sub`
#     (`repo:OWNER/REPO:environment:NAME`). On GitLab, keep credentialed jobs out of merge
#     request pipelines from forks (a first rule `- if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID !=
#     $CI_PROJECT_ID` with `when: never`), or deploy only from protected branches and pin the
#     role's trust to them (`project_path:GROUP/PROJECT:ref_type:branch:ref:main`).
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
import data.nhilint.lib.gitlab
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

# A GitLab job that runs a fork's merge request code, or re-parses its text, in this
# project's pipeline: the same path, from the merge request rule to the granting policy.
findings contains result.with_flow(result.with_related(f, related), flow) if {
	some job_id in {p.assume.from | some p in _paths}
	job := identity.identities[job_id]
	job.type == "gitlab-job"
	gjob := gitlab.jobs[job.defined_by]
	pipeline := gitlab.pipelines[gjob.pipeline]
	why := gitlab.runs_in_mr(gjob, pipeline)
	not gitlab.fork_guarded(gjob, pipeline)
	paths := sort([p | some p in _paths; p.assume.from == job_id; _gitlab_can_assume(p)])
	count(paths) > 0
	entry := _gitlab_entry(gjob)
	path := paths[0]
	login := _logins[path.role.type]
	msg := sprintf("%s runs code an outsider controls (%s: %s) and %s %s %q, which is granted %s: whoever opens a merge request from a fork gets these %s permissions once its pipeline runs in this project; exclude fork merge requests with a first rule if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID (when: never) or do not assume cloud roles in merge request pipelines, and %s", [
		gitlab.describe(gjob), why.what, entry.what,
		login.verb, login.what, path.role.name, path.grant.what, login.cloud, login.fix,
	])
	f := result.at(gjob, "", msg)
	related := array.concat(
		[
			result.related(why.node, why.key, "runs the job in merge request pipelines: a merge request from a fork that runs in this project gets its variables and ID tokens"),
			{"node": gjob.id, "key": entry.key, "msg": entry.related},
		],
		array.concat(
			[r | some p in paths; some r in _path_related(p)],
			[identity.via_related(t, sprintf("%s %q trusts these OIDC tokens", [login.noun, path.role.name])) | some t in identity.edges_from(path.role.id, "trusts")],
		),
	)
	flow := [
		result.related(why.node, why.key, "an outsider opens a merge request from a fork, and its pipeline runs in this project"),
		{"node": gjob.id, "key": entry.key, "msg": entry.flow},
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
	{"node": p.role.defined_by, "key": p.role.defined_key, "msg": sprintf("defines %s %q", [_logins[p.role.type].noun, p.role.name])},
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

# How the merge request's input reaches a GitLab job: a script line that re-parses its text
# (the first by key), else the script's first line, which runs the merge request's checkout.
_gitlab_entry(job) := entry if {
	injections := gitlab.script_injections(job)
	count(injections) > 0
	inj := sort(injections)[0]
	what := sprintf("%s re-parses %s as code (%s)", [inj.line, inj.origin, inj.context])
	entry := {"key": inj.key, "what": what, "related": sprintf("re-parses %s, which the merge request's author writes, as code", [inj.origin]), "flow": what}
} else := {
	"key": _script_key(job),
	"what": "its script runs the merge request's code",
	"related": "runs the merge request's code: the runner checks out its source branch",
	"flow": "the script runs the merge request's code",
}

_script_key(job) := job.script[0].key

_script_key(job) := "" if not job.script[0]

# A GitLab ID token cannot log in as an identity whose every OIDC trust names GitHub's
# issuer (a repository mirrored to both); a login with a stored key or a trust-less role can.
_gitlab_can_assume(p) if not p.assume.web_identity

_gitlab_can_assume(p) if {
	p.assume.web_identity
	some t in identity.edges_from(p.role.id, "trusts")
	t.provider != "github"
}

_gitlab_can_assume(p) if {
	p.assume.web_identity
	count(identity.edges_from(p.role.id, "trusts")) == 0
}
