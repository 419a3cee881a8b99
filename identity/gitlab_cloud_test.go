package identity

import (
	"fmt"
	"strings"
	"testing"
)

// glJob is a GitLab pipeline whose one job, deploy, runs %s (its
// id_tokens, variables and script, indented under the job).
const glJob = "deploy:\n%s"

// glTokens gives the job a GitLab ID token.
const glTokens = "  id_tokens:\n    GITLAB_OIDC_TOKEN:\n      aud: https://gitlab.com\n"

// TestGitLabCloudLogins reads each documented form of a GitLab job's GCP
// and Azure login: the identity it names, where the edge is written, and
// whether it is a federated (web identity) or a stored-key login.
func TestGitLabCloudLogins(t *testing.T) {
	const (
		job  = "nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy"
		sa   = "nhi:gcp-service-account:infra#google_service_account.deployer"
		sp   = "nhi:azure-service-principal:infra#azuread_service_principal.ext"
		jobN = ".gitlab-ci.yml#jobs.deploy"
		cid  = "11111111-2222-3333-4444-555555555555"
	)
	tests := []struct {
		name        string
		ci          string
		want        string // the assumes edge, "" for none
		web, static bool   // its web_identity, with_static_key
		auth        string // the job's auth
		clouds      string
	}{
		{
			name: "GCP: create-cred-config --service-account in a literal block, then auth login --cred-file",
			ci: glTokens + "  variables:\n    GCP_SA: deployer@my-proj.iam.gserviceaccount.com\n  script:\n    - echo \"$GITLAB_OIDC_TOKEN\" > .token\n    - |\n" +
				"      gcloud iam workload-identity-pools create-cred-config \\\n" +
				"        projects/1/locations/global/workloadIdentityPools/gitlab/providers/gitlab \\\n" +
				"        --service-account=\"$GCP_SA\" --output-file=.creds.json \\\n" +
				"        --credential-source-file=.token\n" +
				"      gcloud auth login --cred-file=.creds.json\n",
			want: "assumes " + job + " -> " + sa + " via " + jobN + "[script[1].line2] at .gitlab-ci.yml:12:9",
			web:  true, auth: "oidc", clouds: "gcp",
		},
		{
			name: "GCP: GitLab's documented form, a plain scalar over several lines",
			ci: glTokens + "  script:\n" +
				"    - gcloud iam workload-identity-pools create-cred-config ${GCP_WORKLOAD_IDENTITY_PROVIDER}\n" +
				"        --service-account=\"deployer@my-proj.iam.gserviceaccount.com\"\n" +
				"        --output-file=.gcp_temp_cred.json\n" +
				"        --credential-source-file=.ci_job_jwt_file\n" +
				"    - gcloud auth login --cred-file=`pwd`/.gcp_temp_cred.json\n",
			want: "assumes " + job + " -> " + sa + " via " + jobN + "[script[0]] at .gitlab-ci.yml:6:7",
			web:  true, auth: "oidc", clouds: "gcp",
		},
		{
			name: "GCP: print-access-token --impersonate-service-account=SA",
			ci:   glTokens + "  script:\n    - export TOKEN=$(gcloud auth print-access-token --impersonate-service-account=deployer@my-proj.iam.gserviceaccount.com)\n",
			want: "assumes " + job + " -> " + sa + " via " + jobN + "[script[0]] at .gitlab-ci.yml:6:7",
			web:  true, auth: "oidc", clouds: "gcp",
		},
		{
			name: "GCP: --impersonate-service-account SA on another gcloud command, project from a variable",
			ci:   glTokens + "  variables:\n    PROJECT: my-proj\n  script:\n    - gcloud storage ls --impersonate-service-account \"deployer@${PROJECT}.iam.gserviceaccount.com\"\n",
			want: "assumes " + job + " -> " + sa + " via " + jobN + "[script[0]] at .gitlab-ci.yml:8:7",
			web:  true, auth: "oidc", clouds: "gcp",
		},
		{
			name: "GCP: GOOGLE_IMPERSONATE_SERVICE_ACCOUNT of the pipeline, in a job with an ID token",
			ci:   "variables:\n  GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: deployer@my-proj.iam.gserviceaccount.com\n" + fmt.Sprintf(glJob, glTokens+"  script: [terraform apply -auto-approve]\n"),
			want: "assumes " + job + " -> " + sa + " via .gitlab-ci.yml[variables.GOOGLE_IMPERSONATE_SERVICE_ACCOUNT] at .gitlab-ci.yml:2:3",
			web:  true, auth: "oidc", clouds: "gcp",
		},
		{
			name:   "GCP: CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT with a stored key",
			ci:     "  variables:\n    GOOGLE_CREDENTIALS: $GCP_KEY\n    CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT: deployer@my-proj.iam.gserviceaccount.com\n  script: [gcloud storage ls]\n",
			want:   "assumes " + job + " -> " + sa + " via " + jobN + "[variables.CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT] at .gitlab-ci.yml:4:5",
			static: true, auth: "static-key", clouds: "gcp",
		},
		{
			name: "GCP: an impersonation variable in a job with no credential is not a login",
			ci:   "  variables:\n    CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT: deployer@my-proj.iam.gserviceaccount.com\n  script: [make lint]\n",
			auth: "none",
		},
		{
			name:   "GCP: activate-service-account SA --key-file is a stored key",
			ci:     "  script:\n    - echo \"$GCP_KEY\" > key.json\n    - gcloud auth activate-service-account deployer@my-proj.iam.gserviceaccount.com --key-file=key.json\n",
			want:   "assumes " + job + " -> " + sa + " via " + jobN + "[script[1]] at .gitlab-ci.yml:4:7",
			static: true, auth: "static-key", clouds: "gcp",
		},
		{
			name: "GCP: activate-service-account --key-file without the account: a stored key, no edge",
			ci:   "  script:\n    - gcloud auth activate-service-account --key-file $GCP_KEY_FILE\n",
			auth: "static-key", clouds: "gcp",
		},
		{
			name: "GCP: a service account from a variable the files do not set is unresolved",
			ci:   glTokens + "  script:\n    - gcloud iam workload-identity-pools create-cred-config $PROVIDER --service-account=$GCP_SA --credential-source-file=.token --output-file=c.json\n",
			want: "assumes " + job + " -> nhi:unresolved-role:gcp:$GCP_SA via " + jobN + "[script[0]] at .gitlab-ci.yml:6:7",
			web:  true, auth: "oidc", clouds: "gcp",
		},
		{
			name: "GCP: gcloud without impersonation, a runtime --service-account, a commented-out line: no edge",
			ci: glTokens + "  script:\n    - gcloud config list\n    - gcloud run deploy app --service-account=deployer@my-proj.iam.gserviceaccount.com --image img\n" +
				"    - |\n      # gcloud storage ls --impersonate-service-account=deployer@my-proj.iam.gserviceaccount.com\n      echo gcloud\n",
			auth: "none",
		},
		{
			name: "Azure: GitLab's az login --service-principal -u -t --federated-token",
			ci:   glTokens + "  variables:\n    AZURE_CLIENT_ID: \"" + cid + "\"\n  script:\n    - az login --service-principal -u $AZURE_CLIENT_ID -t $AZURE_TENANT_ID --federated-token $GITLAB_OIDC_TOKEN\n",
			want: "assumes " + job + " -> " + sp + " via " + jobN + "[script[0]] at .gitlab-ci.yml:8:7",
			web:  true, auth: "oidc", clouds: "azure",
		},
		{
			name: "Azure: --username and --tenant over continued lines: the line of --username",
			ci: glTokens + "  script:\n    - |\n      az login --service-principal \\\n        --username \"" + cid + "\" \\\n" +
				"        --tenant \"$AZURE_TENANT_ID\" \\\n        --federated-token \"$GITLAB_OIDC_TOKEN\"\n",
			want: "assumes " + job + " -> " + sp + " via " + jobN + "[script[0].line1] at .gitlab-ci.yml:8:9",
			web:  true, auth: "oidc", clouds: "azure",
		},
		{
			name:   "Azure: az login -u ID -p SECRET is a stored secret",
			ci:     "  script:\n    - az login --service-principal -u " + cid + " -p \"$AZURE_SECRET\" --tenant $AZURE_TENANT_ID\n",
			want:   "assumes " + job + " -> " + sp + " via " + jobN + "[script[0]] at .gitlab-ci.yml:3:7",
			static: true, auth: "static-key", clouds: "azure",
		},
		{
			name: "Azure: a client id from a variable the files do not set is unresolved",
			ci:   glTokens + "  script:\n    - az login --service-principal -u $AZURE_CLIENT_ID -t $AZURE_TENANT_ID --federated-token $GITLAB_OIDC_TOKEN\n",
			want: "assumes " + job + " -> nhi:unresolved-role:azure:$AZURE_CLIENT_ID via " + jobN + "[script[0]] at .gitlab-ci.yml:6:7",
			web:  true, auth: "oidc", clouds: "azure",
		},
		{
			name: "Azure: a client id from a component input is one word, unresolved",
			ci:   glTokens + "  script:\n    - az login --service-principal -u $[[ inputs.client_id ]] --tenant $[[ inputs.tenant ]] --federated-token $GITLAB_OIDC_TOKEN\n",
			want: "assumes " + job + " -> nhi:unresolved-role:azure:$[[ inputs.client_id ]] via " + jobN + "[script[0]] at .gitlab-ci.yml:6:7",
			web:  true, auth: "oidc", clouds: "azure",
		},
		{
			name: "Azure: ARM_CLIENT_ID with ARM_USE_OIDC in a job with an ID token (azurerm provider)",
			ci:   glTokens + "  variables:\n    ARM_CLIENT_ID: \"" + cid + "\"\n    ARM_USE_OIDC: \"true\"\n    ARM_OIDC_TOKEN: $GITLAB_OIDC_TOKEN\n  script: [terraform apply -auto-approve]\n",
			want: "assumes " + job + " -> " + sp + " via " + jobN + "[variables.ARM_CLIENT_ID] at .gitlab-ci.yml:6:5",
			web:  true, auth: "oidc", clouds: "azure",
		},
		{
			name:   "Azure: ARM_CLIENT_ID with ARM_CLIENT_SECRET is a stored secret",
			ci:     "  variables:\n    ARM_CLIENT_ID: \"" + cid + "\"\n    ARM_CLIENT_SECRET: $SECRET\n  script: [terraform apply -auto-approve]\n",
			want:   "assumes " + job + " -> " + sp + " via " + jobN + "[variables.ARM_CLIENT_ID] at .gitlab-ci.yml:3:5",
			static: true, auth: "static-key", clouds: "azure",
		},
		{
			name: "Azure: ARM_USE_OIDC without an ID token, az login --identity, az account show: no edge",
			ci:   "  variables:\n    ARM_CLIENT_ID: \"" + cid + "\"\n    ARM_USE_OIDC: \"true\"\n  script:\n    - az login --identity --username " + cid + "\n    - az account show\n",
			auth: "none",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ci := tt.ci
			if !strings.HasPrefix(ci, "variables:") {
				ci = fmt.Sprintf(glJob, ci)
			}
			doc := Build(parse(t, map[string]string{".gitlab-ci.yml": ci, "infra/gcp.tf": tfGCP, "infra/azure.tf": tfAzure}))
			var edges []string
			for _, line := range render(doc) {
				if strings.HasPrefix(line, "assumes "+job) {
					edges = append(edges, line)
				}
			}
			switch {
			case tt.want == "" && len(edges) > 0:
				t.Errorf("unexpected edges:\n%s", strings.Join(edges, "\n"))
			case tt.want != "" && (len(edges) != 1 || edges[0] != tt.want):
				t.Errorf("edges:\n%s\nwant\n%s", strings.Join(edges, "\n"), tt.want)
			}
			for _, n := range doc.Nodes {
				if n.Attrs["type"] == Assumes && n.Attrs["from"] == job {
					if n.Attrs["web_identity"] != tt.web || n.Attrs["with_static_key"] != tt.static {
						t.Errorf("web_identity %v with_static_key %v, want %v %v", n.Attrs["web_identity"], n.Attrs["with_static_key"], tt.web, tt.static)
					}
				}
			}
			id := node(t, doc, job)
			if id.Attrs["auth"] != tt.auth || strings.Join(stringsOf(list(id.Attrs, "clouds")), " ") != tt.clouds {
				t.Errorf("job auth %v clouds %v, want %s [%s]", id.Attrs["auth"], id.Attrs["clouds"], tt.auth, tt.clouds)
			}
		})
	}
}

// TestShellCommand checks how a command is cut out of a script line from
// where its name starts: quotes, continued lines, separators, the end of
// the subshell it runs in, inputs.
func TestShellCommand(t *testing.T) {
	tests := []struct{ script, want string }{
		{`az login -u "a b" -t 'c'`, "az|login|-u|a b|-t|c"},
		{"az login \\\n  -u x && az account show", "az|login|-u|x"},
		{"x=$(gcloud auth print-access-token --impersonate-service-account=sa@p.iam.gserviceaccount.com) ; echo", "gcloud|auth|print-access-token|--impersonate-service-account=sa@p.iam.gserviceaccount.com"},
		{"gcloud config set project $(cat p) | tee x", "gcloud|config|set|project|$(cat|p)"},
		{"az login -u $[[ inputs.id ]] -p ${{ secrets.S }}\nnext", "az|login|-u|$[[ inputs.id ]]|-p|${{ secrets.S }}"},
	}
	for _, tt := range tests {
		var got []string
		start := strings.Index(tt.script, strings.Split(tt.want, "|")[0])
		for _, w := range shellCommand(tt.script, start) {
			got = append(got, w.text)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("shellCommand(%q) = %q, want %q", tt.script, strings.Join(got, "|"), tt.want)
		}
	}
}
