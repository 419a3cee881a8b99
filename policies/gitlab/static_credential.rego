# METADATA
# title: Credential written literally in a GitLab CI pipeline
# description: |
#   A key or token in a well-known format is written in the pipeline itself or in a file
#   it includes: in a global or job variable, a script line (before_script, script,
#   after_script) or an include location. Formats: AWS access key IDs and secret access
#   keys, Google Cloud service-account keys and API keys, Azure client secrets, GitHub,
#   GitLab (glpat-, glrt-, gldt-, glptt-), Slack, npm and PyPI tokens, and private key
#   blocks. Everyone who can read the repository, its forks and its history has the key,
#   and every job log may echo it. A value inherited from a template or an included file is
#   reported once, where it is written, with every job that inherits it as related location.
#   Not reported: $VAR and ${VAR} references (project CI/CD variables are injected when the
#   job runs), placeholders (xxxxxx, ****, changeme) and AWS's documented example keys
#   (AKIAIOSFODNN7EXAMPLE).
# related_resources:
#   - https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
#   - https://docs.gitlab.com/ci/variables/
#   - https://docs.gitlab.com/ci/secrets/
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
# custom:
#   id: gitlab-static-credential
#   category: static-credential
#   severity: critical
#   remediation: |
#     Revoke or rotate the credential now: it is in the git history. Then authenticate with OIDC
#     (id_tokens: with the cloud's web-identity federation), or at least store the value as a masked,
#     protected CI/CD variable in the project settings and refer to it as $NAME.
#   examples:
#     file: .gitlab-ci.yml
#     bad: |
#       deploy:
#         variables:
#           AWS_ACCESS_KEY_ID: AKIA2OGYBAH6TSZ4XQ7R
#         script:
#           - aws s3 sync public s3://my-bucket
#     good: |
#       deploy:
#         variables:
#           AWS_ACCESS_KEY_ID: $AWS_ACCESS_KEY_ID
#         script:
#           - aws s3 sync public s3://my-bucket
package nhilint.rules.gitlab.static_credential

import data.nhilint.lib.cloud
import data.nhilint.lib.gitlab
import data.nhilint.lib.result

findings contains _located(node, key, f) if {
	some [id, key, text] in _texts
	some c in _credentials(text)
	node := _nodes[id]
	msg := sprintf("%s has %s written literally in %s (%s); revoke it and use OIDC (id_tokens) or a masked, protected CI/CD variable instead", [
		gitlab.describe(node), c.label, key, _shown(c),
	])
	f := result.secret_at(node, key, msg, c.secret)
}

# A value inherited by several jobs is reported once, with every job that inherits it.
_located(node, key, f) := gitlab.shared_finding(node, key, f) if node.kind == "gitlab.job"

_located(node, _, f) := f if node.kind != "gitlab.job"

_credentials(text) := cloud.literal_credentials(text) | gitlab.gitlab_tokens(text)

# A PEM block would be masked as "----…----": its header says more and is not secret.
_shown(c) := regex.find_n(`-----BEGIN[ A-Z0-9_-]*-----`, c.secret, 1)[0] if startswith(c.secret, "-----")

_shown(c) := result.mask(c.secret) if not startswith(c.secret, "-----")

# [node id, key, text] for every literal a credential can hide in. Variables are
# matched as "NAME=value" so that a name like AWS_SECRET_ACCESS_KEY gives its value context.
# A complete array, not a partial object over [id, key] keys, whose every new entry would
# be checked against the others.
_texts := array.concat(array.concat(_variable_texts, _script_texts), _include_texts)

_variable_texts := [[id, concat(".", ["variables", name]), concat("=", [name, v.value])] |
	some id, node in _var_nodes
	some name, v in node.variables
]

_script_texts := [[id, line.key, line.text] |
	some id, job in gitlab.jobs
	some line in gitlab.script_lines(job)
]

_include_texts := [[id, inc.type, inc.location] |
	some id, inc in gitlab.includes
	inc.location
]

_var_nodes := object.union(gitlab.jobs, gitlab.pipelines)

_nodes := object.union_n([gitlab.jobs, gitlab.pipelines, gitlab.includes])
