package identity

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/ghactions"
	"github.com/nhilint/nhilint/parsers/gitlab"
	"github.com/nhilint/nhilint/parsers/iam"
	"github.com/nhilint/nhilint/parsers/terraform"
)

// parse runs the parsers the scanner would on an in-memory repository.
func parse(t testing.TB, files map[string]string) []*graph.Document {
	t.Helper()
	var docs []*graph.Document
	mfs := fstest.MapFS{}
	var tf, gl []string
	for name, body := range files {
		mfs[name] = &fstest.MapFile{Data: []byte(body)}
		switch {
		case strings.HasPrefix(name, ".github/workflows/"):
			docs = append(docs, ghactions.ParseWorkflow(name, []byte(body)))
		case gitlab.IsPipeline(name):
			gl = append(gl, name)
		case path.Ext(name) == ".tf":
			tf = append(tf, name)
		case path.Ext(name) == ".json":
			docs = append(docs, iam.ParseFile(name, []byte(body)))
		}
	}
	sort.Strings(gl)
	if len(gl) > 0 {
		docs = append(docs, gitlab.Parse(mfs, gl)...)
	}
	sort.Strings(tf)
	if len(tf) > 0 {
		docs = append(docs, terraform.Parse(mfs, tf, terraform.Options{})...)
	}
	for _, d := range docs {
		for _, diag := range d.Diagnostics {
			t.Fatalf("fixture does not parse: %s", diag.Error())
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	return docs
}

// render describes every identity and edge on one line each, with where
// it is located: what the tables compare.
func render(doc *graph.Document) []string {
	if doc == nil {
		return nil
	}
	var out []string
	for _, n := range doc.Nodes {
		a := n.Attrs
		switch n.Kind {
		case IdentityKind:
			out = append(out, fmt.Sprintf("%s %q %s/%s by %s at %s:%s", a["type"], a["name"], a["auth"], a["credential"], a["defined_by"], n.File, n.Pos))
		case EdgeKind:
			via := a["via"].(map[string]any)
			out = append(out, fmt.Sprintf("%s %s -> %s via %s[%s] at %s:%s", a["type"], a["from"], a["to"], via["node"], via["key"], n.File, n.Pos))
		}
	}
	return out
}

const wfAssume = `on:
  push:
    branches: [main]
permissions:
  id-token: write
jobs:
  deploy:
    environment: production
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: %s
          aws-region: us-east-1
`

const tfRole = `resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:org/app:*" } }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`

func TestBuild(t *testing.T) {
	const job = "nhi:github-job:.github/workflows/d.yml#jobs.deploy"
	const role = "nhi:aws-role:infra#aws_iam_role.deploy"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		not   []string
	}{{
		name: "role by ARN, managed policy, OIDC trust",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfAssume, "arn:aws:iam::123456789012:role/deploy"),
			"infra/main.tf":           tfRole,
		},
		want: []string{
			`github-job ".github/workflows/d.yml / deploy" oidc/short-lived by .github/workflows/d.yml#jobs.deploy at .github/workflows/d.yml:7:3`,
			`aws-role "deploy" oidc/short-lived by infra#aws_iam_role.deploy at infra/main.tf:1:1`,
			`aws-managed-policy "AdministratorAccess" none/none by  at infra/main.tf:15:16`,
			`oidc-provider "token.actions.githubusercontent.com" none/none by  at infra/main.tf:7:33`,
			`assumes ` + job + ` -> ` + role + ` via .github/workflows/d.yml#jobs.deploy.steps[0][with.role-to-assume] at .github/workflows/d.yml:13:11`,
			`grants ` + role + ` -> nhi:aws-managed-policy:AdministratorAccess via infra#aws_iam_role_policy_attachment.admin[policy_arn] at infra/main.tf:15:16`,
			`trusts ` + role + ` -> nhi:oidc-provider:token.actions.githubusercontent.com via infra#aws_iam_role.deploy.assume_role_policy.Statement[0][Principal.Federated[0]] at infra/main.tf:7:33`,
		},
	}, {
		name: "role from a secret is unresolved",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfAssume, "${{ secrets.ROLE_ARN }}"),
		},
		want: []string{
			`unresolved-role "${{ secrets.ROLE_ARN }}" unknown/short-lived by  at .github/workflows/d.yml:13:11`,
			`assumes ` + job + ` -> nhi:unresolved-role:${{ secrets.ROLE_ARN }} via .github/workflows/d.yml#jobs.deploy.steps[0][with.role-to-assume] at .github/workflows/d.yml:13:11`,
		},
	}, {
		name: "ARN of a role defined elsewhere is unresolved",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfAssume, "arn:aws:iam::1:role/other"),
			"infra/main.tf":           tfRole,
		},
		want: []string{`assumes ` + job + ` -> nhi:unresolved-role:arn:aws:iam::1:role/other via`},
		not:  []string{`assumes ` + job + ` -> ` + role},
	}, {
		name: "role name with a path and an account expression still resolves",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfAssume, "arn:aws:iam::${{ vars.ACCOUNT }}:role/ci/deploy"),
			"infra/main.tf":           tfRole,
		},
		want: []string{`assumes ` + job + ` -> ` + role + ` via`},
	}, {
		name: "role-to-assume from the workflow env",
		files: map[string]string{
			".github/workflows/d.yml": "env:\n  ROLE: arn:aws:iam::1:role/deploy\n" + fmt.Sprintf(wfAssume, "${{ env.ROLE }}"),
			"infra/main.tf":           tfRole,
		},
		want: []string{`assumes ` + job + ` -> ` + role + ` via .github/workflows/d.yml#jobs.deploy.steps[0][with.role-to-assume] at .github/workflows/d.yml:15:11`},
	}, {
		name: "static keys and aws sts assume-role through env",
		files: map[string]string{
			".github/workflows/d.yml": `on: push
env:
  ROLE: arn:aws:iam::1:role/deploy
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_KEY }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET }}
      - run: aws sts assume-role --role-arn "$ROLE" --role-session-name ci
`,
			"infra/main.tf": tfRole,
		},
		want: []string{
			`github-job ".github/workflows/d.yml / deploy" static-key/long-lived`,
			`assumes ` + job + ` -> ` + role + ` via .github/workflows/d.yml#jobs.deploy.steps[1][run] at .github/workflows/d.yml:12:9`,
		},
	}, {
		name: "GitLab jobs: web identity with a variable, a stored key, a key file",
		files: map[string]string{
			".gitlab-ci.yml": `variables:
  ROLE: arn:aws:iam::1:role/deploy
deploy:
  id_tokens:
    AWS_TOKEN:
      aud: sts.amazonaws.com
  script:
    - aws sts assume-role-with-web-identity --role-arn "$ROLE" --web-identity-token "$AWS_TOKEN"
legacy:
  variables:
    AWS_SECRET_ACCESS_KEY: $SECRET
  script:
    - aws s3 ls
backup:
  script:
    - gcloud auth activate-service-account --key-file "$KEY_FILE"
`,
			"infra/main.tf": tfRole,
		},
		want: []string{
			`gitlab-job ".gitlab-ci.yml / deploy" oidc/short-lived by .gitlab-ci.yml#jobs.deploy at .gitlab-ci.yml:3:1`,
			`assumes nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy -> ` + role + ` via .gitlab-ci.yml#jobs.deploy[script[0]] at .gitlab-ci.yml:8:7`,
			`gitlab-job ".gitlab-ci.yml / legacy" static-key/long-lived`,
			`gitlab-job ".gitlab-ci.yml / backup" static-key/long-lived`,
		},
	}, {
		name: "customer policy attached by reference, user with an access key",
		files: map[string]string{"main.tf": `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_policy" "ci" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.ci.arn
}
`},
		want: []string{
			`aws-user "ci" static-key/long-lived by .#aws_iam_user.ci at main.tf:1:1`,
			`aws-access-key "aws_iam_access_key.ci" static-key/long-lived by .#aws_iam_access_key.ci at main.tf:5:1`,
			`has-key nhi:aws-user:.#aws_iam_user.ci -> nhi:aws-access-key:.#aws_iam_access_key.ci via .#aws_iam_access_key.ci[] at main.tf:5:1`,
			`grants nhi:aws-user:.#aws_iam_user.ci -> .#aws_iam_policy.ci.policy via .#aws_iam_user_policy_attachment.ci[policy_arn] at main.tf:15:16`,
		},
	}, {
		name: "managed_policy_arns and a data source by name",
		files: map[string]string{"main.tf": `data "aws_iam_policy" "power" {
  name = "PowerUserAccess"
}

resource "aws_iam_role" "r" {
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", data.aws_iam_policy.power.arn]
}
`},
		want: []string{
			`aws-role "aws_iam_role.r" unknown/short-lived by .#aws_iam_role.r at main.tf:5:1`,
			`grants nhi:aws-role:.#aws_iam_role.r -> nhi:aws-managed-policy:ReadOnlyAccess via .#aws_iam_role.r[managed_policy_arns[0]] at main.tf:7:26`,
			`grants nhi:aws-role:.#aws_iam_role.r -> nhi:aws-managed-policy:PowerUserAccess via .#aws_iam_role.r[managed_policy_arns[1]]`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Build(parse(t, tt.files)))
			all := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing %q in\n%s", w, all)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(all, w) {
					t.Errorf("unexpected %q in\n%s", w, all)
				}
			}
		})
	}
}

func TestBuildNothing(t *testing.T) {
	if doc := Build(nil); doc != nil {
		t.Errorf("Build(nil) = %d nodes, want nil", len(doc.Nodes))
	}
	if doc := Build([]*graph.Document{nil}); doc != nil {
		t.Errorf("Build of a nil document = %d nodes, want nil", len(doc.Nodes))
	}
}

func TestOIDCSubjects(t *testing.T) {
	tests := []struct {
		name  string
		wf    string
		want  string
		exact bool
	}{
		{"environment", "on: push\njobs:\n  j:\n    environment: production\n    runs-on: x\n    steps: [{run: x}]\n", "environment:production", true},
		{"branches", "on:\n  push:\n    branches: [main, release]\njobs:\n  j:\n    runs-on: x\n    steps: [{run: x}]\n", "ref:refs/heads/main ref:refs/heads/release", true},
		{"pull request", "on: [pull_request, pull_request_target]\njobs:\n  j:\n    runs-on: x\n    steps: [{run: x}]\n", "pull_request", true},
		{"dispatch", "on: [workflow_dispatch]\njobs:\n  j:\n    runs-on: x\n    steps: [{run: x}]\n", "", false},
		{"branch glob", "on:\n  push:\n    branches: ['release/*']\njobs:\n  j:\n    runs-on: x\n    steps: [{run: x}]\n", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Build(parse(t, map[string]string{".github/workflows/w.yml": tt.wf}))
			n := doc.Nodes[1]
			got := strings.Join(stringsOf(list(n.Attrs, "oidc_subjects")), " ")
			if got != tt.want || n.Attrs["oidc_subjects_exact"] != tt.exact {
				t.Errorf("subjects %q exact %v, want %q %v", got, n.Attrs["oidc_subjects_exact"], tt.want, tt.exact)
			}
		})
	}
}

func TestBuildDeterministic(t *testing.T) {
	files := map[string]string{
		".github/workflows/d.yml": fmt.Sprintf(wfAssume, "arn:aws:iam::1:role/deploy"),
		"infra/main.tf":           tfRole,
	}
	first := strings.Join(render(Build(parse(t, files))), "\n")
	for range 5 {
		if again := strings.Join(render(Build(parse(t, files))), "\n"); again != first {
			t.Fatalf("Build is not deterministic:\n%s\n---\n%s", first, again)
		}
	}
}

func TestUnresolvedReason(t *testing.T) {
	tests := map[string]string{
		"arn:aws:iam::123456789012:role/deploy": "not-defined",
		"deploy@proj.iam.gserviceaccount.com":   "not-defined",
		"${{ secrets.ROLE_ARN }}":               "expression",
		"$ROLE_ARN":                             "expression",
		"sa-$ENV@proj.iam.gserviceaccount.com":  "expression",
		"arn:aws:iam::${ACCOUNT}:role/deploy":   "expression",
		"$[[ inputs.client_id ]]":               "expression",
		"arn:aws:iam::123456789012:role/cost$":  "not-defined",
	}
	for value, want := range tests {
		if got := unresolvedReason(value); got != want {
			t.Errorf("unresolvedReason(%q) = %q, want %q", value, got, want)
		}
	}
}
