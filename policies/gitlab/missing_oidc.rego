# METADATA
# title: GitLab job authenticates to a cloud with a stored long-lived key
# description: |
#   A job hands AWS, Google Cloud or Azure a long-lived key that a CI/CD variable holds,
#   where GitLab's OIDC id_tokens would give it short-lived credentials with nothing to
#   leak or rotate. Reported, as the file shows it: a variable the cloud tools read
#   (AWS_SECRET_ACCESS_KEY, GOOGLE_APPLICATION_CREDENTIALS, GOOGLE_CREDENTIALS, ARM_CLIENT_SECRET,
#   AZURE_CLIENT_SECRET, ...) set from another variable ($NAME); and script lines that log in
#   with a key: `aws configure set aws_secret_access_key|aws_access_key_id $VAR`,
#   `export AWS_SECRET_ACCESS_KEY=$VAR`, `gcloud auth activate-service-account --key-file`,
#   `export GOOGLE_APPLICATION_CREDENTIALS=...`, `az login --service-principal` with a password
#   or secret, `export ARM_CLIENT_SECRET=...`. Not reported: jobs that federate for that cloud
#   (id_tokens plus `aws sts assume-role-with-web-identity` / AWS_WEB_IDENTITY_TOKEN_FILE /
#   AWS_ROLE_ARN, Google workload identity federation (create-cred-config, external_account),
#   `az login --federated-token` or ARM_USE_OIDC), script lines that handle STS output
#   (`$(aws sts ...)`, printf "AWS_ACCESS_KEY_ID=%s"), S3-compatible endpoints (AWS_ENDPOINT_URL,
#   --endpoint-url), and jobs that merely run `aws`: GitLab injects project CI/CD variables as
#   environment variables without the file showing them, so that is not evidence of a static key.
# related_resources:
#   - https://docs.gitlab.com/ci/secrets/id_token_authentication/
#   - https://docs.gitlab.com/ci/cloud_services/aws/
#   - https://docs.gitlab.com/ci/cloud_services/google_cloud/
#   - https://docs.gitlab.com/ci/cloud_services/azure/
#   - https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
# custom:
#   id: gitlab-missing-oidc
#   category: missing-oidc
#   severity: medium
#   remediation: |
#     Declare id_tokens: with the cloud's audience on the job and exchange the token for short-lived
#     credentials: `aws sts assume-role-with-web-identity` (AWS), a workload identity pool credential
#     config (Google Cloud), `az login --service-principal --federated-token` (Azure); then delete the
#     stored key from the CI/CD settings and revoke it.
#   examples:
#     file: .gitlab-ci.yml
#     bad: |
#       deploy:
#         image: amazon/aws-cli:2.15.0
#         variables:
#           AWS_SECRET_ACCESS_KEY: $PROD_AWS_SECRET_KEY
#         script:
#           - aws s3 sync public s3://my-bucket
#     good: |
#       deploy:
#         image: amazon/aws-cli:2.15.0
#         id_tokens:
#           AWS_TOKEN:
#             aud: https://gitlab.com
#         script:
#           - >
#             export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s"
#             $(aws sts assume-role-with-web-identity --role-arn "$ROLE_ARN" --role-session-name "gitlab-$CI_JOB_ID"
#             --web-identity-token "$AWS_TOKEN" --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]"
#             --output text))
#           - aws s3 sync public s3://my-bucket
package nhilint.rules.gitlab.missing_oidc

import data.nhilint.lib.cloud
import data.nhilint.lib.gitlab
import data.nhilint.lib.result

# A key the job writes itself: reported on the job.
findings contains result.at(hit.job, hit.key, hit.msg) if {
	some hit in _hits
	not hit.job.inherited[hit.key]
}

# A key several jobs inherit from one template: reported once, where the template
# writes it, on the first of those jobs by name, with each of them as related location.
findings contains result.with_related(result.at(hit.job, hit.key, hit.msg), related) if {
	some hit in _hits
	origin := hit.job.inherited[hit.key]
	names := sort({other.job.name |
		some other in _hits
		other.key == hit.key
		other.job.pipeline == hit.job.pipeline
		other.job.inherited[other.key] == origin
	})
	hit.job.name == names[0]
	related := [result.related(job, "", sprintf("%s inherits this from %s (%s)", [gitlab.describe(job), origin.from, origin.file])) |
		some name in names
		some job in gitlab.jobs
		job.pipeline == hit.job.pipeline
		job.name == name
	]
}

# A job's own variable (possibly inherited from a template).
_hits contains {"job": job, "key": key, "msg": msg} if {
	some job in gitlab.jobs
	some name, v in job.variables
	provider := _key_variable(name, v.resolved)
	not _federated(job, provider)
	not _s3_compatible(job)
	key := concat(".", ["variables", name])
	msg := sprintf("%s sets %s from %s, a long-lived %s key stored as a CI/CD variable; %s", [
		gitlab.describe(job), name, v.value, cloud.providers[provider].name, _oidc[provider],
	])
}

# A global variable: reported once, on the pipeline, when a job that is not
# federated for that cloud inherits it.
findings contains result.at(pipeline, key, msg) if {
	some pipeline in input.gitlab_pipelines
	some name, v in pipeline.variables
	provider := _key_variable(name, v.resolved)
	users := [job.name |
		some job in pipeline.jobs
		name in job.global_variables
		not job.variables[name]
		not _federated(job, provider)
		not _s3_compatible(job)
	]
	count(users) > 0
	key := concat(".", ["variables", name])
	msg := sprintf("pipeline %s sets %s from %s, a long-lived %s key stored as a CI/CD variable, for %s; %s", [
		pipeline.file, name, v.value, cloud.providers[provider].name, _jobs(users), _oidc[provider],
	])
}

# A script line that logs in with a stored key.
_hits contains {"job": job, "key": key, "msg": msg} if {
	some job in gitlab.jobs
	some line in gitlab.script_lines(job)
	some login in _logins
	contains(line.text, login.literal)
	regex.match(login.regex, line.text)
	not regex.match(_sts_output, line.text)
	not _federated(job, login.provider)
	not _s3_compatible(job)
	key := gitlab.line_key(line, login.regex)
	msg := sprintf("%s %s in %s, a long-lived %s key; %s", [
		gitlab.describe(job), login.what, line.key, cloud.providers[login.provider].name, _oidc[login.provider],
	])
}

_jobs(names) := sprintf("job %q", [names[0]]) if count(names) == 1

_jobs(names) := sprintf("%d jobs (%s)", [count(names), concat(", ", names)]) if count(names) > 1

# The cloud whose key variable name is set from another variable.
_key_variable(name, value) := provider if {
	provider := cloud.key_env[upper(name)]
	gitlab.references_variable(value)
}

# Each login's regex, and a literal the regex needs (checked first: cheaper).
_logins := [
	{
		"provider": "aws", "what": "logs the AWS CLI in with a stored key (aws configure set)",
		"literal": "configure",
		"regex": `\baws\s+configure\s+set\s+(?:default\.)?aws_(?:secret_access_key|access_key_id)\s+["']?\$`,
	},
	{
		"provider": "aws", "what": "exports AWS_SECRET_ACCESS_KEY from a CI/CD variable",
		"literal": "AWS_SECRET_ACCESS_KEY=",
		"regex": `\bexport\s+AWS_SECRET_ACCESS_KEY=["']?\$\{?[A-Za-z_]`,
	},
	{
		"provider": "gcp", "what": "logs gcloud in with a service-account key file (activate-service-account --key-file)",
		"literal": "activate-service-account",
		"regex": `\bgcloud\s+auth\s+activate-service-account\b.*--key-file`,
	},
	{
		"provider": "gcp", "what": "points GOOGLE_APPLICATION_CREDENTIALS at a stored service-account key",
		"literal": "GOOGLE_APPLICATION_CREDENTIALS=",
		"regex": `\bexport\s+GOOGLE_APPLICATION_CREDENTIALS=`,
	},
	{
		"provider": "azure", "what": "logs the Azure CLI in with a service-principal secret (az login --service-principal)",
		"literal": "--service-principal",
		"regex": `\baz\s+login\b[^\n]*--service-principal\b[^\n]*(?:\s-p\s|\s-p$|--password|--secret)`,
	},
	{
		"provider": "azure", "what": "exports ARM_CLIENT_SECRET",
		"literal": "ARM_CLIENT_SECRET=",
		"regex": `\bexport\s+ARM_CLIENT_SECRET=`,
	},
]

# Lines that turn STS output into variables (printf "...=%s", $(aws sts ...)).
_sts_output := `\$\(\s*aws\s+sts\b|AWS_ACCESS_KEY_ID=%s|AccessKeyId|assume-role|--federated-token`

# Evidence, per cloud, that a job exchanges an id_token for credentials.
_federation := {
	"aws": `assume-role-with-web-identity|AWS_WEB_IDENTITY_TOKEN_FILE|AWS_ROLE_ARN`,
	"gcp": `workload-identity|create-cred-config|external_account|WORKLOAD_IDENTITY`,
	"azure": `--federated-token|ARM_USE_OIDC|ARM_OIDC_TOKEN|AZURE_FEDERATED_TOKEN`,
}

_federated(job, provider) if {
	count(object.get(job, "id_tokens", {})) > 0
	some text in _job_texts(job)
	regex.match(_federation[provider], text)
}

_job_texts(job) := array.concat(
	[line.text | some line in gitlab.script_lines(job)],
	[concat("=", [name, v.resolved]) | some name, v in gitlab.variables(job)],
)

_s3_compatible(job) if {
	some name, _ in gitlab.variables(job)
	startswith(upper(name), "AWS_ENDPOINT_URL")
}

_s3_compatible(job) if {
	some line in gitlab.script_lines(job)
	contains(line.text, "--endpoint-url")
}

_oidc := {
	"aws": "declare id_tokens: and use aws sts assume-role-with-web-identity instead",
	"gcp": "declare id_tokens: and use Google Cloud workload identity federation instead",
	"azure": "declare id_tokens: and use az login --service-principal --federated-token instead",
}
