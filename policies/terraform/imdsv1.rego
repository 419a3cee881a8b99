# METADATA
# title: EC2 instance metadata allows IMDSv1
# description: |
#   An aws_instance, aws_launch_template or aws_launch_configuration leaves the instance
#   metadata service answering version 1 requests: metadata_options.http_tokens is not
#   "required", or the metadata_options block is missing (http_tokens then defaults to
#   "optional"). IMDSv1 answers any plain GET, so a server-side request forgery or an open
#   proxy on the instance hands out the credentials of its IAM role - the classic way a
#   workload's cloud identity is stolen. Not reported: http_endpoint "disabled", values the
#   configuration does not decide, an aws_instance launched from a launch template (it
#   takes the template's options; the template is checked), and a missing block when the
#   configuration sets the account default to required (aws_ec2_instance_metadata_defaults
#   with http_tokens "required"). An AMI registered with ImdsSupport v2.0 also requires tokens; the scanner
#   cannot see that, so set http_tokens explicitly.
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-metadataoptions.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#metadata-options
# custom:
#   id: tf-imdsv1
#   category: other
#   severity: medium
#   remediation: |
#     Add metadata_options { http_tokens = "required" } (or set the account default with
#     aws_ec2_instance_metadata_defaults), after checking that the software on the instance
#     uses an SDK recent enough for IMDSv2.
#   examples:
#     file: main.tf
#     bad: |
#       resource "aws_instance" "runner" {
#         ami           = "ami-0123456789abcdef0"
#         instance_type = "t3.micro"
#       }
#     good: |
#       resource "aws_instance" "runner" {
#         ami           = "ami-0123456789abcdef0"
#         instance_type = "t3.micro"
#         metadata_options {
#           http_tokens = "required"
#         }
#       }
package nhilint.rules.terraform.imdsv1

import data.nhilint.lib.result
import data.nhilint.lib.terraform

_types := {"aws_instance", "aws_launch_template", "aws_launch_configuration"}

findings contains result.at(r, "", msg) if {
	some r in terraform.resources(_types)
	_no_block(r)
	not _from_launch_template(r)
	not _account_requires_tokens
	msg := sprintf("%s has no metadata_options block, so http_tokens defaults to \"optional\" and IMDSv1 hands the instance role's credentials to any request forgery; add metadata_options { http_tokens = \"required\" }", [terraform.describe(r)])
}

findings contains result.at(r, "metadata_options[0]", msg) if {
	some r in terraform.resources(_types)
	mo := terraform.block(r, "metadata_options")
	not terraform.is_unknown(mo)
	not "http_tokens" in object.keys(mo)
	not _disabled(mo)
	not _from_launch_template(r)
	not _account_requires_tokens
	msg := sprintf("%s sets metadata_options without http_tokens, which defaults to \"optional\": IMDSv1 hands the instance role's credentials to any request forgery; set http_tokens = \"required\"", [terraform.describe(r)])
}

findings contains result.at(r, "metadata_options[0].http_tokens", msg) if {
	some r in terraform.resources(_types)
	mo := terraform.block(r, "metadata_options")
	is_string(mo.http_tokens)
	mo.http_tokens != "required"
	not _disabled(mo)
	msg := sprintf("%s sets http_tokens = %q: IMDSv1 hands the instance role's credentials to any request forgery; set http_tokens = \"required\"", [terraform.describe(r), mo.http_tokens])
}

_disabled(mo) if mo.http_endpoint == "disabled"

# No metadata_options at all (an unknown one, e.g. in a plan, is not missing).
_no_block(r) if not "metadata_options" in object.keys(r.values)

_no_block(r) if r.values.metadata_options == []

# An instance launched from a launch template takes the metadata options the template
# sets (the template is checked on its own).
_from_launch_template(r) if {
	r.type == "aws_instance"
	terraform.block(r, "launch_template")
}

_account_requires_tokens if {
	some d in terraform.resources({"aws_ec2_instance_metadata_defaults"})
	d.values.http_tokens == "required"
}
