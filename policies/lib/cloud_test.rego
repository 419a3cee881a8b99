package nhilint.lib.cloud_test

import data.nhilint.lib.cloud

# Fake keys, split so that secret scanners reading this file stay quiet.
_aws_id := concat("", ["AKIA", "Q3EGRSZW7MNT4XLP"])

_aws_secret := concat("", ["Zt3qH8vLk2N9pR4s", "W7yB1cE5fG0jM6nQ2uX8aD3o"])

_azure := concat("", ["Abc8Q", "~Xy7zW6vU5tS4rQ3pO2nM1lK0jI9hG8fE7d"])

_ghp := concat("", ["ghp_", "Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb"])

_pem := concat("", ["-----BEGIN RSA PRIVATE", " KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE", " KEY-----"])

_found(text) := {[c.label, c.secret] | some c in cloud.literal_credentials(text)}

test_fail_aws_key_pair_in_script if {
	_found(sprintf("aws configure set aws_access_key_id %s\nexport AWS_SECRET_ACCESS_KEY=\"%s\"", [_aws_id, _aws_secret])) == {
		["an AWS access key ID", _aws_id],
		["an AWS secret access key", _aws_secret],
	}
}

test_fail_aws_secret_key_as_map_entry if {
	_found(concat("=", ["aws-secret-access-key", _aws_secret])) == {["an AWS secret access key", _aws_secret]}
}

test_fail_azure_client_secret if {
	_found(concat("=", ["AZURE_CLIENT_SECRET", _azure])) == {["an Azure client secret", _azure]}
}

test_fail_github_tokens if {
	fine_grained := concat("", ["github_pat_", "11BKQ7ZNY0u8jzPde0IgxL_d6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnF"])
	_found(sprintf("curl -H 'Authorization: token %s' && GH=%s", [_ghp, fine_grained])) == {
		["a GitHub personal access token", _ghp],
		["a GitHub personal access token", fine_grained],
	}
}

test_fail_slack_webhook if {
	hook := concat("", ["https://hooks.slack.com/services/", "T0A1B2C3D/B0E1F2G3H4I/q1W2e3R4t5Y6u7I8o9P0a1S2d"])
	_found(concat("=", ["webhook", hook])) == {["a Slack webhook URL", hook]}
}

test_fail_private_key_block if {
	_found(concat("", ["key: |\n", _pem, "\n"])) == {["a private key", _pem]}
}

test_fail_gcp_service_account_json if {
	escaped := replace(_pem, "\n", `\n`)
	json := sprintf(`{"type": "service_account", "project_id": "shop", "private_key": "%s", "client_email": "ci@shop.iam.gserviceaccount.com"}`, [escaped])
	_found(json) == {["a Google Cloud service-account key", escaped]}
}

test_success_expressions_are_not_literal if {
	_found("AWS_SECRET_ACCESS_KEY=${{ secrets.AWS_SECRET_ACCESS_KEY }}") == set()
	_found(sprintf("echo ${{ format('%s', secrets.X) }}", [_aws_id])) == set()
}

test_success_documented_examples_and_placeholders if {
	_found(concat("", ["AKIAIOSFODNN7", "EXAMPLE"])) == set()
	_found(concat("", ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY", "EXAMPLEKEY"])) == set()
	_found(concat("", ["ghp_", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"])) == set()
}

test_success_forty_chars_under_another_name if {
	_found("GIT_SHA=0123456789abcdef0123456789abcdef01234567") == set()
	_found("aws_secret_access_key_file=/run/secrets/aws") == set()
}

test_success_login_action_lookup if {
	cloud.login_action({"type": "action", "owner": "Azure", "repo": "login"}).provider == "azure"
	not cloud.login_action({"type": "local"})
	not cloud.login_action({"type": "action", "owner": "actions", "repo": "checkout"})
}

test_fail_aws_key_id_outside_base32 if {
	key := concat("", ["AKIA", "2E0A8F3B4C5D6E7F"])
	_found(concat("=", ["AWS_ACCESS_KEY_ID", key])) == {["an AWS access key ID", key]}
}

test_success_aws_key_id_inside_a_word if {
	_found(concat("", ["XAKIA", "Q3EGRSZW7MNT4XLP", "9"])) == set()
}
