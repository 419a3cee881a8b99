# METADATA
# title: GitLab job with credentials runs in merge request pipelines without a fork guard
# description: |
#   A job that holds credentials runs in merge request pipelines and nothing in the file keeps
#   merge requests from forks out. By default a fork's merge request pipeline runs in the fork,
#   without the parent's CI/CD variables; but a parent-project member can run it in the parent
#   project ("Run pipelines in the parent project for merge requests from a forked project"), and
#   then the fork author's code runs with the parent's non-protected CI/CD variables, its
#   secrets: integrations and its id_tokens. Protected variables and protected environments are
#   not the answer the file can show: merge request pipelines only get protected variables when
#   the source branch is protected, which the file cannot tell, so a guard must be explicit.
#   Reported, for a job that runs in merge request pipelines (a rule on
#   $CI_PIPELINE_SOURCE == "merge_request_event" or $CI_MERGE_REQUEST_IID/ID, `only:
#   [merge_requests]`, or no rules while workflow:rules create merge request pipelines): a
#   secrets: entry, id_tokens on a job that deploys to an environment or with a production
#   audience (an aud naming prod, production or live), a cloud key variable
#   (AWS_SECRET_ACCESS_KEY, ...) set from a CI/CD variable, or a deployment to a
#   production-like environment (prod, production, live). Not reported when a job or workflow rule
#   keeps fork code out - stops the job (when: never) where $CI_MERGE_REQUEST_SOURCE_PROJECT_ID
#   (or _PATH, _URL) differs from the project or the ref is not protected, or runs it only
#   where they are equal or $CI_COMMIT_REF_PROTECTED == "true" - and for environments with
#   action prepare, verify, access or stop.
# related_resources:
#   - https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/#run-pipelines-in-the-parent-project
#   - https://docs.gitlab.com/ci/pipelines/merge_request_pipelines/
#   - https://docs.gitlab.com/ci/variables/#protect-a-cicd-variable
#   - https://docs.gitlab.com/ci/yaml/workflow/
# custom:
#   id: gitlab-fork-secret-exposure
#   category: fork-secret-exposure
#   severity: high
#   remediation: |
#     Keep credentialed jobs out of merge request pipelines from forks: add a first rule
#     `- if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID` with `when: never` (or only run them
#     on protected branches), mark the CI/CD variables protected, and restrict id_token trust policies
#     to protected refs (ref_protected claim).
#   examples:
#     file: .gitlab-ci.yml
#     bad: |
#       preview:
#         rules:
#           - if: $CI_PIPELINE_SOURCE == "merge_request_event"
#         secrets:
#           DEPLOY_KEY:
#             vault: preview/deploy/key@ops
#         script:
#           - ./deploy-preview.sh
#     good: |
#       preview:
#         rules:
#           - if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID
#             when: never
#           - if: $CI_PIPELINE_SOURCE == "merge_request_event"
#         secrets:
#           DEPLOY_KEY:
#             vault: preview/deploy/key@ops
#         script:
#           - ./deploy-preview.sh
package nhilint.rules.gitlab.fork_secret_exposure

import data.nhilint.lib.cloud
import data.nhilint.lib.gitlab
import data.nhilint.lib.identity
import data.nhilint.lib.result

findings contains result.with_related(result.at(job, cred.key, msg), [result.related(why.node, why.key, why.msg)]) if {
	some job in gitlab.jobs
	pipeline := gitlab.pipelines[job.pipeline]
	why := gitlab.runs_in_mr(job, pipeline)
	not gitlab.fork_guarded(job, pipeline)
	some cred in _credentials(job)
	msg := sprintf("%s runs in merge request pipelines and %s%s; when a merge request from a fork runs in this project its code gets them: exclude fork sources with a rule on $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_PROJECT_ID (when: never) or run the job on protected branches only", [
		gitlab.describe(job), cred.what, identity.cloud_reach(job.id),
	])
}

# The credentials a job holds: {"key", "what"}.
_credentials(job) := union({
	_secrets(job), _deploy_tokens(job), _production_tokens(job),
	_key_variables(job), _production_environment(job),
})

_secrets(job) := {c |
	some name, s in object.get(job, "secrets", {})
	c := {"key": concat(".", ["secrets", name]), "what": sprintf("reads secret %s from %s", [name, _provider(s.provider)])}
}

_deploy_tokens(job) := {c |
	job.environment.name
	some name, _ in object.get(job, "id_tokens", {})
	c := {"key": concat(".", ["id_tokens", name]), "what": sprintf("gets OIDC id_token %s while deploying to environment %s", [name, job.environment.name])}
}

# Without an environment, an id_token counts when its audience names production.
_production_tokens(job) := {c |
	not job.environment.name
	some name, token in object.get(job, "id_tokens", {})
	some aud in token.aud
	regex.match(`(?i)(?:^|[^a-z])(?:prod|production|live)(?:$|[^a-z])`, aud)
	c := {"key": concat(".", ["id_tokens", name]), "what": sprintf("gets OIDC id_token %s for the production audience %s", [name, aud])}
}

_key_variables(job) := {c |
	some name, v in gitlab.variables(job)
	cloud.key_env[upper(name)]
	gitlab.references_variable(v.resolved)
	v.node.id == job.id
	c := {"key": concat(".", ["variables", name]), "what": sprintf("sets %s from %s", [name, v.value])}
}

_production_environment(job) := {c |
	regex.match(`(?i)^(?:prod|production|live)(?:$|[-_/])`, job.environment.name)
	not object.get(job.environment, "action", "start") in {"prepare", "verify", "access", "stop"}
	c := {"key": "environment", "what": sprintf("deploys to environment %s", [job.environment.name])}
}

_provider("") := "an external secrets provider"

_provider(p) := p if p != ""
