package nhilint.rules.secrets.cloud_key_test

import data.nhilint.rules.secrets.cloud_key as rule

# Fake keys, split so that secret scanners reading this file stay quiet.
_aws_id := concat("", ["AKIA", "Q3EGRSZW7MNT4XLP"])

_aws_secret := concat("", ["Zt3qH8vLk2N9pR4s", "W7yB1cE5fG0jM6nQ2uX8aD3o"])

_pem := concat("", ["-----BEGIN PRIVATE", " KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\n-----END PRIVATE", " KEY-----"])

_match(file, i, rule_id, secret, sa) := {
	"id": sprintf("%s#gitleaks[%d]", [file, i]), "kind": "secret.match", "file": file,
	"rule": rule_id, "description": "Found a key.", "secret": secret, "gcp_service_account": sa,
}

test_fail_aws_key_pair if {
	matches := [
		_match(".aws/credentials", 0, "aws-access-token", _aws_id, false),
		_match(".aws/credentials", 1, "aws-secret-access-key", _aws_secret, false),
	]
	rule.findings == {
		{
			"node": ".aws/credentials#gitleaks[0]", "key": "secret", "secret": _aws_id,
			"msg": "an AWS access key ID AKIA…4XLP is written in .aws/credentials (gitleaks rule aws-access-token: Found a key); deactivate it and use short-lived credentials (OIDC federation) instead",
		},
		{
			"node": ".aws/credentials#gitleaks[1]", "key": "secret", "secret": _aws_secret,
			"msg": "an AWS secret access key Zt3q…aD3o is written in .aws/credentials (gitleaks rule aws-secret-access-key: Found a key); deactivate it and use short-lived credentials (OIDC federation) instead",
		},
	} with input as {"secret_matches": matches}
}

test_fail_gcp_service_account_key_file if {
	m := _match("deploy/sa.json", 0, "private-key", _pem, true)
	[f.msg | some f in rule.findings] == ["a Google Cloud service-account key -----BEGIN PRIVATE KEY----- is written in deploy/sa.json (gitleaks rule private-key: Found a key); deactivate it and use short-lived credentials (OIDC federation) instead"] with input as {"secret_matches": [m]}
}

test_success_other_secrets if {
	matches := [
		_match("a.sh", 0, "github-pat", concat("", ["ghp_", "Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb"]), false),
		_match("tls.key", 0, "private-key", _pem, false),
	]
	count(rule.findings) == 0 with input as {"secret_matches": matches}
}
