package identity

import (
	"strings"
	"testing"
)

func TestGitLabSubjects(t *testing.T) {
	const job = "deploy:\n  id_tokens:\n    T:\n      aud: https://gitlab.com\n  script: [x]\n"
	tests := []struct {
		name  string
		ci    string
		want  string
		exact bool
	}{
		{"no rules: every ref", job, "", false},
		{"branch rule", job + "  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n", "ref_type:branch:ref:main", true},
		{"reversed, single quotes, with another condition", job + "  rules:\n    - if: '\"release\" == $CI_COMMIT_REF_NAME && $CI_PIPELINE_SOURCE == \"push\"'\n", "ref_type:branch:ref:release", true},
		{"tag and branch alternatives, a never rule", job + "  rules:\n    - if: $CI_MERGE_REQUEST_IID\n      when: never\n    - if: $CI_COMMIT_TAG == \"v1\" || $CI_COMMIT_BRANCH == \"main\"\n", "ref_type:branch:ref:main ref_type:tag:ref:v1", true},
		{"any tag", job + "  rules:\n    - if: $CI_COMMIT_TAG\n", "", false},
		{"default branch is not known", job + "  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n", "", false},
		{"a rule without if", job + "  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n    - when: manual\n", "ref_type:branch:ref:main", false},
		{"only refs", job + "  only: [main, production]\n", "ref_type:branch:ref:main ref_type:branch:ref:production", true},
		{"only keywords and regexes", job + "  only:\n    refs: [main, tags, /^release-.*$/]\n", "ref_type:branch:ref:main", false},
		{"workflow rules", "workflow:\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n" + job, "ref_type:branch:ref:main", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Build(parse(t, map[string]string{".gitlab-ci.yml": tt.ci}))
			n := node(t, doc, "nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy")
			got := strings.Join(stringsOf(list(n.Attrs, "oidc_subjects")), " ")
			if got != tt.want || n.Attrs["oidc_subjects_exact"] != tt.exact {
				t.Errorf("subjects %q exact %v, want %q %v", got, n.Attrs["oidc_subjects_exact"], tt.want, tt.exact)
			}
		})
	}
}

func TestGitLabWebIdentityEdge(t *testing.T) {
	doc := Build(parse(t, map[string]string{
		".gitlab-ci.yml": "deploy:\n  id_tokens:\n    T:\n      aud: sts.amazonaws.com\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n  script:\n    - aws sts assume-role-with-web-identity --role-arn arn:aws:iam::1:role/deploy --web-identity-token $T\n    - aws sts assume-role --role-arn arn:aws:iam::1:role/other --role-session-name x\n",
		"infra/main.tf":  tfRole,
	}))
	var web, plain int
	for _, n := range doc.Nodes {
		if n.Attrs["type"] != Assumes {
			continue
		}
		if n.Attrs["web_identity"] == true {
			web++
		} else {
			plain++
		}
	}
	if web != 1 || plain != 1 {
		t.Errorf("web identity assumes %d, others %d; want 1 and 1", web, plain)
	}
}

// TestGitLabAssumeSites checks where a GitLab job's assumes edge is
// written: the physical line of a literal block, the pipeline's global
// AWS_ROLE_ARN, an ARN built from the job's variables.
func TestGitLabAssumeSites(t *testing.T) {
	const role = "nhi:aws-role:infra#aws_iam_role.deploy"
	tests := []struct {
		name, ci, want string
	}{
		{
			"literal block: the line of --role-arn",
			"deploy:\n  id_tokens:\n    T:\n      aud: sts.amazonaws.com\n  script:\n    - |\n      set -e\n      aws sts assume-role-with-web-identity \\\n        --role-arn arn:aws:iam::1:role/deploy --web-identity-token \"$T\"\n",
			"assumes nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy -> " + role + " via .gitlab-ci.yml#jobs.deploy[script[0].line2] at .gitlab-ci.yml:9:9",
		},
		{
			"global AWS_ROLE_ARN: the pipeline's variable",
			"variables:\n  AWS_ROLE_ARN: arn:aws:iam::1:role/deploy\ndeploy:\n  id_tokens:\n    T:\n      aud: sts.amazonaws.com\n  script: [aws s3 ls]\n",
			"assumes nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy -> " + role + " via .gitlab-ci.yml[variables.AWS_ROLE_ARN] at .gitlab-ci.yml:2:3",
		},
		{
			"ARN assembled from variables",
			"variables:\n  ACCOUNT: \"1\"\ndeploy:\n  id_tokens:\n    T:\n      aud: sts.amazonaws.com\n  variables:\n    ROLE_NAME: deploy\n  script:\n    - aws sts assume-role-with-web-identity --role-arn \"arn:aws:iam::${ACCOUNT}:role/$ROLE_NAME\" --web-identity-token $T\n",
			"assumes nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy -> " + role + " via .gitlab-ci.yml#jobs.deploy[script[0]] at .gitlab-ci.yml:10:7",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Build(parse(t, map[string]string{".gitlab-ci.yml": tt.ci, "infra/main.tf": tfRole})))
			found := false
			for _, line := range got {
				found = found || line == tt.want
			}
			if !found {
				t.Errorf("no %q in\n%s", tt.want, strings.Join(got, "\n"))
			}
		})
	}
	if got := expandVariables("arn:aws:iam::$UNSET:role/${NAME}", map[string]any{"NAME": "deploy", "UNSET": ""}); got != "arn:aws:iam::$UNSET:role/deploy" {
		t.Errorf("expandVariables = %q", got)
	}
}
