# METADATA
# description: |
#   Knowledge shared by the secrets rules (policies/secrets): which gitleaks
#   rules find a cloud provider's credential, and how a secret is shown.
package nhilint.lib.secrets

import data.nhilint.lib.result

# METADATA
# description: |
#   gitleaks rule ids (and nhilint's aws-secret-access-key) that find a
#   credential of a cloud provider account, with a label for messages.
cloud_rules := {
	"aws-access-token": "an AWS access key ID",
	"aws-secret-access-key": "an AWS secret access key",
	"aws-amazon-bedrock-api-key-long-lived": "an Amazon Bedrock API key",
	"aws-amazon-bedrock-api-key-short-lived": "an Amazon Bedrock API key",
	"azure-ad-client-secret": "an Azure AD client secret",
	"gcp-api-key": "a Google Cloud API key",
	"alibaba-access-key-id": "an Alibaba Cloud access key ID",
	"alibaba-secret-key": "an Alibaba Cloud secret key",
	"digitalocean-access-token": "a DigitalOcean access token",
	"digitalocean-pat": "a DigitalOcean personal access token",
	"digitalocean-refresh-token": "a DigitalOcean refresh token",
	"yandex-access-token": "a Yandex Cloud access token",
	"yandex-api-key": "a Yandex Cloud API key",
	"yandex-aws-access-token": "a Yandex Cloud access key",
	"cloudflare-api-key": "a Cloudflare API key",
	"cloudflare-global-api-key": "a Cloudflare global API key",
	"cloudflare-origin-ca-key": "a Cloudflare origin CA key",
	"heroku-api-key": "a Heroku API key",
	"heroku-api-key-v2": "a Heroku API key",
	"flyio-access-token": "a Fly.io access token",
}

# METADATA
# description: The cloud credential label of a secret.match, if it is one.
cloud_label(m) := cloud_rules[m.rule]

cloud_label(m) := "a Google Cloud service-account key" if {
	m.rule == "private-key"
	m.gcp_service_account
}

# METADATA
# description: |
#   A secret as a message may show it: a PEM block by its header (its mask
#   would be "----…----"), anything else masked.
shown(secret) := regex.find_n(`-----BEGIN[ A-Z0-9_-]*-----`, secret, 1)[0] if startswith(secret, "-----BEGIN")

shown(secret) := result.mask(secret) if not startswith(secret, "-----BEGIN")

# METADATA
# description: A gitleaks rule description without its final period.
description(m) := trim_suffix(trim_space(m.description), ".")
