package nhilint.rules.secrets.leak_test

import data.nhilint.rules.secrets.leak as rule

# Fake secrets, split so that secret scanners reading this file stay quiet.
_ghp := concat("", ["ghp_", "Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb"])

_pem := concat("", ["-----BEGIN RSA PRIVATE", " KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END RSA PRIVATE", " KEY-----"])

_match(file, i, rule_id, secret, sa) := {
	"id": sprintf("%s#gitleaks[%d]", [file, i]), "kind": "secret.match", "file": file,
	"rule": rule_id, "description": "Found a secret.", "secret": secret, "gcp_service_account": sa,
}

test_fail_token_in_script if {
	m := _match("deploy/notify.sh", 0, "github-pat", _ghp, false)
	rule.findings == {{
		"node": "deploy/notify.sh#gitleaks[0]", "key": "secret", "secret": _ghp,
		"msg": "secret ghp_…c2Vb is written in deploy/notify.sh (gitleaks rule github-pat: Found a secret); revoke it and read it from a secret store at run time",
	}} with input as {"secret_matches": [m]}
}

test_fail_private_key_shown_by_header if {
	m := _match("certs/server.key", 0, "private-key", _pem, false)
	[f.msg | some f in rule.findings] == ["secret -----BEGIN RSA PRIVATE KEY----- is written in certs/server.key (gitleaks rule private-key: Found a secret); revoke it and read it from a secret store at run time"] with input as {"secret_matches": [m]}
}

test_success_cloud_keys_left_to_cloud_key if {
	matches := [
		_match("a.env", 0, "aws-access-token", concat("", ["AKIA", "Q3EGRSZW7MNT4XLP"]), false),
		_match("sa.json", 0, "private-key", _pem, true),
	]
	count(rule.findings) == 0 with input as {"secret_matches": matches}
}

test_success_no_match if {
	count(rule.findings) == 0 with input as {"secret_matches": []}
}
