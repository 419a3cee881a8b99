# METADATA
# description: |
#   Cloud credential knowledge shared by the GitHub rules: which login action
#   inputs and which environment variables carry a long-lived cloud key, what
#   the OIDC replacement is per provider, and the formats of well-known keys
#   and tokens (after gitleaks' config/gitleaks.toml).
package nhilint.lib.cloud

# METADATA
# description: Per provider, its display name and the OIDC setup that replaces a stored key.
providers := {
	"aws": {
		"name": "AWS",
		"oidc": "aws-actions/configure-aws-credentials with role-to-assume and permissions: id-token: write",
	},
	"gcp": {
		"name": "Google Cloud",
		"oidc": "google-github-actions/auth with workload_identity_provider and service_account, and permissions: id-token: write",
	},
	"azure": {
		"name": "Azure",
		"oidc": "a federated credential: azure/login with client-id, tenant-id and subscription-id and no secret (ARM_USE_OIDC=true for Terraform), and permissions: id-token: write",
	},
}

# METADATA
# description: |
#   Actions ("owner/repo", lower-cased) whose inputs take a long-lived key,
#   listed most secret first. Older majors are kept because workflows pin them:
#   setup-gcloud@v0 service_account_key, deploy-cloudrun@v0 and
#   get-gke-credentials@v0 credentials, aks-set-context@v1 creds.
login_actions := {
	"aws-actions/configure-aws-credentials": {"provider": "aws", "inputs": ["aws-secret-access-key", "aws-access-key-id"]},
	"google-github-actions/auth": {"provider": "gcp", "inputs": ["credentials_json"]},
	"google-github-actions/setup-gcloud": {"provider": "gcp", "inputs": ["service_account_key"]},
	"google-github-actions/deploy-cloudrun": {"provider": "gcp", "inputs": ["credentials"]},
	"google-github-actions/get-gke-credentials": {"provider": "gcp", "inputs": ["credentials"]},
	"azure/login": {"provider": "azure", "inputs": ["creds"]},
	"azure/aks-set-context": {"provider": "azure", "inputs": ["creds"]},
	"azure/webapps-deploy": {"provider": "azure", "inputs": ["publish-profile"]},
	"azure/functions-action": {"provider": "azure", "inputs": ["publish-profile"]},
}

# METADATA
# description: The login_actions entry for a step's uses, if it is one.
login_action(uses) := login_actions[lower(concat("/", [uses.owner, uses.repo]))] if uses.type == "action"

# METADATA
# description: |
#   Environment variables (upper-cased) that hand a provider's long-lived key to
#   its CLI, SDKs and IaC tools: the variables those tools read themselves, and
#   the names workflows conventionally use for the same key material. Only the
#   secret half is listed (AWS_SECRET_ACCESS_KEY, not AWS_ACCESS_KEY_ID).
key_env := {
	"AWS_SECRET_ACCESS_KEY": "aws",
	"ARM_CLIENT_SECRET": "azure",
	"AZURE_CLIENT_SECRET": "azure",
	"AZURE_CREDENTIALS": "azure",
	"GOOGLE_CREDENTIALS": "gcp",
	"GOOGLE_CLOUD_KEYFILE_JSON": "gcp",
	"GOOGLE_APPLICATION_CREDENTIALS": "gcp",
	"GCP_SA_KEY": "gcp",
	"GCP_CREDENTIALS": "gcp",
	"GCP_SERVICE_ACCOUNT_KEY": "gcp",
	"GCLOUD_SERVICE_KEY": "gcp",
}

# METADATA
# description: |
#   Well-known key formats; each regex captures the secret in group 1. From
#   gitleaks' rules (aws-access-token, azure-ad-client-secret, github-*,
#   slack-*, private-key, gcp-api-key, npm-access-token, pypi-upload-token).
#   AWS key IDs take [A-Z0-9]{16} (trufflehog, older gitleaks), not gitleaks'
#   newer base32 [A-Z2-7]{16}: hand-written keys in workflows often break base32.
#   An AWS secret access key has no format of its own: it is 40 base64
#   characters assigned to a name that says it is one.
formats := [
	{"label": "an AWS access key ID", "regex": `\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b`},
	{"label": "an AWS secret access key", "regex": `(?i)(?:aws[_-]?secret(?:[_-]?access)?[_-]?key|secret[_-]?access[_-]?key)[\w-]*['"]?(?:[ \t]*[:=][ \t]*|[ \t]+)['"]?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`},
	{"label": "an Azure client secret", "regex": `(?:^|[\\'"\x60\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"\x60\s<),])`},
	{"label": "a Google API key", "regex": `\b(AIza[\w-]{35})(?:[\x60'"\s;]|\\[nr]|$)`},
	{"label": "a GitHub personal access token", "regex": `\b(ghp_[0-9a-zA-Z]{36}|github_pat_\w{82})`},
	{"label": "a GitHub OAuth token", "regex": `\b(gho_[0-9a-zA-Z]{36})`},
	{"label": "a GitHub App token", "regex": `\b((?:ghu|ghs|ghr)_[0-9a-zA-Z]{36})`},
	{"label": "a Slack token", "regex": `(xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*|xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}|(?i:xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+))`},
	{"label": "a Slack webhook URL", "regex": `((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})`},
	{"label": "an npm access token", "regex": `(?i)\b(npm_[a-z0-9]{36})(?:[\x60'"\s;]|\\[nr]|$)`},
	{"label": "a PyPI upload token", "regex": `(pypi-AgEIcHlwaS5vcmc[\w-]{50,1000})`},
	{"label": "a private key", "regex": `(?i)(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----)`},
]

# METADATA
# description: |
#   The literal credentials in text: a set of {"label", "secret"}. Text inside
#   ${{ }} is not literal and is ignored. Placeholders and AWS's documented
#   example keys (…EXAMPLE, …EXAMPLEKEY) are skipped. A private key inside
#   service-account JSON is labelled as a Google Cloud service-account key.
literal_credentials(text) := {c |
	regex.match(_hint, text)
	plain := regex.replace(text, `\$\{\{[\s\S]*?\}\}`, " ")
	some format in formats
	some match in regex.find_all_string_submatch_n(format.regex, plain, -1)
	secret := match[1]
	not _placeholder(secret)
	c := {"label": _label(format.label, plain), "secret": secret}
}

# A literal every format needs: one cheap pass over a text that has none
# (nearly every script) spares the eleven format regexes.
_hint := `(?i)A3T|AKIA|ASIA|ABIA|ACCA|aws[_-]?secret|secret[_-]?access|Q~|AIza|gh[pousr]_|github_pat_|xox|xapp-|hooks\.slack\.com|npm_|pypi-|-----BEGIN`

# METADATA
# description: |
#   Whether literal_credentials may find something in one of texts: false
#   only when none of them holds a literal of _hint. It searches the texts
#   joined and lower-cased for the literals themselves, many times faster
#   than _hint's regex over each text, so a rule can skip a whole document's
#   texts at once. (?i) also folds s to U+017F, which lower() keeps: its
#   presence lets the texts through.
any_hinted(texts) if {
	joined := lower(concat("\n", texts))
	some literal in _hint_literals
	contains(joined, literal)
}

# The literals _hint matches, lower-cased, each spelling spelled out.
_hint_literals := [
	"a3t", "akia", "asia", "abia", "acca",
	"aws_secret", "aws-secret", "awssecret", "secret_access", "secret-access", "secretaccess",
	"q~", "aiza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "xapp-",
	"hooks.slack.com", "npm_", "pypi-", "-----begin", "\u017f",
]

_label("a private key", text) := "a Google Cloud service-account key" if {
	regex.match(`"type"\s*:\s*"service_account"`, text)
} else := "a private key"

_label(label, _) := label if label != "a private key"

_placeholder(s) if regex.match(`(?i)x{6,}|0{10,}|\*{4,}|EXAMPLE|placeholder|dummy|redacted|changeme`, s)
