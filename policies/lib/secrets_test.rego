package nhilint.lib.secrets_test

import data.nhilint.lib.secrets

_pem := concat("", ["-----BEGIN RSA PRIVATE", " KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END RSA PRIVATE", " KEY-----"])

test_cloud_label_by_rule if {
	secrets.cloud_label({"rule": "aws-access-token"}) == "an AWS access key ID"
	secrets.cloud_label({"rule": "private-key", "gcp_service_account": true}) == "a Google Cloud service-account key"
}

test_not_cloud if {
	not secrets.cloud_label({"rule": "github-pat", "gcp_service_account": false})
	not secrets.cloud_label({"rule": "private-key", "gcp_service_account": false})
}

test_shown if {
	secrets.shown(_pem) == "-----BEGIN RSA PRIVATE KEY-----"
	secrets.shown("abcdefghijklmnopqrstuvwx") == "abcd…uvwx"
}

test_description if {
	secrets.description({"description": "Found a thing. "}) == "Found a thing"
}
