package nhilint.rules.gitlab.missing_oidc_test

import data.nhilint.rules.gitlab.missing_oidc as rule

_f := ".gitlab-ci.yml"

_job(name, fields) := object.union(
	{
		"id": concat("#", [_f, concat(".", ["jobs", name])]), "kind": "gitlab.job", "file": _f,
		"pipeline": _f, "name": name, "variables": {}, "global_variables": [], "inherited": {},
	},
	fields,
)

_input(globals, jobs) := {"gitlab_pipelines": [{
	"id": _f, "kind": "gitlab.pipeline", "file": _f,
	"variables": globals, "jobs": jobs, "includes": [],
}]}

_var(v) := {"value": v, "resolved": v, "expand": true}

_script(lines) := [{"key": sprintf("script[%d]", [i]), "text": t} | some i, t in lines]

_sts := `export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s" $(aws sts assume-role-with-web-identity --role-arn "$ROLE_ARN" --role-session-name x --web-identity-token "$AWS_TOKEN" --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]" --output text))`

test_fail_job_variable_from_cicd_variable if {
	job := _job("deploy", {"variables": {"AWS_SECRET_ACCESS_KEY": _var("$PROD_SECRET")}})
	rule.findings == {{
		"node": job.id, "key": "variables.AWS_SECRET_ACCESS_KEY",
		"msg": `job "deploy" sets AWS_SECRET_ACCESS_KEY from $PROD_SECRET, a long-lived AWS key stored as a CI/CD variable; declare id_tokens: and use aws sts assume-role-with-web-identity instead`,
	}} with input as _input({}, [job])
}

test_fail_global_variable_once_on_pipeline if {
	a := _job("a", {"global_variables": ["ARM_CLIENT_SECRET"]})
	b := _job("b", {"global_variables": ["ARM_CLIENT_SECRET"]})
	rule.findings == {{
		"node": _f, "key": "variables.ARM_CLIENT_SECRET",
		"msg": `pipeline .gitlab-ci.yml sets ARM_CLIENT_SECRET from ${AZ_SECRET}, a long-lived Azure key stored as a CI/CD variable, for 2 jobs (a, b); declare id_tokens: and use az login --service-principal --federated-token instead`,
	}} with input as _input({"ARM_CLIENT_SECRET": _var("${AZ_SECRET}")}, [a, b])
}

test_fail_script_logins if {
	job := _job("deploy", {"script": _script([
		`aws configure set aws_secret_access_key "$AWS_KEY"`,
		"gcloud auth activate-service-account --key-file=$GCP_KEY_FILE",
		"az login --service-principal -u $APP_ID -p $AZ_PASSWORD --tenant $TENANT",
		"echo done",
	])})
	{f.key | some f in rule.findings} == {"script[0]", "script[1]", "script[2]"} with input as _input({}, [job])
}

test_fail_inherited_has_related if {
	job := _job("deploy", {
		"variables": {"GOOGLE_APPLICATION_CREDENTIALS": _var("$GCP_KEY")},
		"inherited": {"variables.GOOGLE_APPLICATION_CREDENTIALS": {"file": "ci/gcp.yml", "from": ".gcp"}},
	})
	some f in rule.findings with input as _input({}, [job])
	f.related[0].msg == `job "deploy" inherits this from .gcp (ci/gcp.yml)`
}

test_success_federated_and_sts_output if {
	job := _job("deploy", {
		"id_tokens": {"AWS_TOKEN": {"aud": ["https://gitlab.com"]}},
		"script": _script([_sts, `aws configure set aws_access_key_id "$AWS_ACCESS_KEY_ID"`]),
	})
	count(rule.findings) == 0 with input as _input({}, [job])
}

test_success_sts_printf_without_id_tokens if {
	job := _job("deploy", {"script": _script([_sts, "aws s3 ls"])})
	count(rule.findings) == 0 with input as _input({}, [job])
}

test_success_azure_federated_and_plain_cli if {
	az := _job("az", {
		"id_tokens": {"AZ": {"aud": ["api://AzureADTokenExchange"]}},
		"script": _script(["az login --service-principal -u $ID --tenant $T --federated-token $AZ"]),
	})
	plain := _job("plain", {"script": _script(["aws s3 sync . s3://bucket"])})
	literal := _job("lit", {"variables": {"AWS_SECRET_ACCESS_KEY": _var("not-a-reference")}})
	count(rule.findings) == 0 with input as _input({}, [az, plain, literal])
}

test_success_s3_compatible if {
	job := _job("r2", {"variables": {
		"AWS_SECRET_ACCESS_KEY": _var("$R2_SECRET"),
		"AWS_ENDPOINT_URL": _var("https://x.r2.cloudflarestorage.com"),
	}})
	count(rule.findings) == 0 with input as _input({}, [job])
}

test_fail_template_line_reported_once_for_its_jobs if {
	origin := {"script[0]": {"file": _f, "from": ".aws_release"}}
	line := _script(["export AWS_SECRET_ACCESS_KEY=$AWS_AMI_SECRET_ACCESS_KEY"])
	b := _job("release-b", {"script": line, "inherited": origin})
	a := _job("release-a", {"script": line, "inherited": origin})
	mine := _job("own", {"script": line})
	got := rule.findings with input as _input({}, [b, a, mine])
	{[f.node, count(object.get(f, "related", []))] | some f in got} == {[a.id, 2], [mine.id, 0]}
}
