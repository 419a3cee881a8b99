package identity

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

const tfGCP = `provider "google" {
  project = "my-proj"
}

resource "google_service_account" "deployer" {
  account_id = "deployer"
}

resource "google_iam_workload_identity_pool" "gh" {
  workload_identity_pool_id = "github"
}

resource "google_iam_workload_identity_pool_provider" "gh" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.gh.workload_identity_pool_id
  workload_identity_pool_provider_id = "actions"
  attribute_mapping                  = { "google.subject" = "assertion.sub" }
  attribute_condition                = "assertion.repository_owner == 'org'"
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

resource "google_service_account_iam_member" "wif" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.gh.name}/attribute.repository/org/app"
}

resource "google_project_iam_member" "owner" {
  project = "my-proj"
  role    = "roles/owner"
  member  = "serviceAccount:${google_service_account.deployer.email}"
}
`

const wfGCP = `on:
  push:
    branches: [main]
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: google-github-actions/auth@v2
        with:
          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/github/providers/actions
          service_account: %s
`

const tfAzure = `resource "azuread_application" "ci" {
  display_name = "ci"
}

resource "azuread_service_principal" "ci" {
  client_id = azuread_application.ci.client_id
}

resource "azuread_application_federated_identity_credential" "ci" {
  application_id = azuread_application.ci.id
  display_name   = "prod"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:org/app:environment:production"
}

resource "azurerm_role_assignment" "owner" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_name = "Owner"
  principal_id         = azuread_service_principal.ci.object_id
}

resource "azuread_service_principal" "ext" {
  client_id = "11111111-2222-3333-4444-555555555555"
}

resource "azuread_service_principal_password" "ext" {
  service_principal_id = azuread_service_principal.ext.id
}

resource "azurerm_user_assigned_identity" "runner" {
  name                = "runner"
  location            = "westeurope"
  resource_group_name = "ci"
}

resource "azurerm_role_assignment" "runner" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ci"
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"
  principal_id       = azurerm_user_assigned_identity.runner.principal_id
}
`

const wfAzure = `on: push
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: azure/login@v2
        with:
          client-id: %s
          tenant-id: ${{ secrets.TENANT }}
`

func TestBuildCloud(t *testing.T) {
	const sa = "nhi:gcp-service-account:infra#google_service_account.deployer"
	const job = "nhi:github-job:.github/workflows/d.yml#jobs.deploy"
	const app = "nhi:azure-application:infra#azuread_application.ci"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		not   []string
	}{{
		name: "GCP service account impersonated through workload identity, owner of the project",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfGCP, "deployer@my-proj.iam.gserviceaccount.com"),
			"infra/main.tf":           tfGCP,
		},
		want: []string{
			`gcp-service-account "deployer" oidc/short-lived by infra#google_service_account.deployer at infra/main.tf:5:1`,
			`oidc-provider "github/actions" none/none by infra#google_iam_workload_identity_pool_provider.gh at infra/main.tf:13:1`,
			`gcp-role "roles/owner" none/none by  at infra/main.tf:31:13`,
			`assumes ` + job + ` -> ` + sa + ` via .github/workflows/d.yml#jobs.deploy.steps[0][with.service_account] at .github/workflows/d.yml:13:11`,
			`trusts ` + sa + ` -> nhi:oidc-provider:infra#google_iam_workload_identity_pool_provider.gh via infra#google_service_account_iam_member.wif[member] at infra/main.tf:26:24`,
			`grants ` + sa + ` -> nhi:gcp-role:roles/owner via infra#google_project_iam_member.owner[role] at infra/main.tf:31:13`,
		},
	}, {
		name: "GCP service account of another project is unresolved",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfGCP, "deployer@other.iam.gserviceaccount.com"),
			"infra/main.tf":           tfGCP,
		},
		want: []string{
			`unresolved-role "deployer@other.iam.gserviceaccount.com" unknown/short-lived by  at .github/workflows/d.yml:13:11`,
			`assumes ` + job + ` -> nhi:unresolved-role:gcp:deployer@other.iam.gserviceaccount.com via`,
		},
		not: []string{`assumes ` + job + ` -> ` + sa},
	}, {
		name: "GCP service account with a project expression resolves by account id",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfGCP, "deployer@${{ vars.PROJECT }}.iam.gserviceaccount.com"),
			"infra/main.tf":           tfGCP,
		},
		want: []string{`assumes ` + job + ` -> ` + sa + ` via`},
	}, {
		name: "GCP service account from a variable is unresolved",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfGCP, "${{ vars.SA }}"),
		},
		want: []string{`assumes ` + job + ` -> nhi:unresolved-role:gcp:${{ vars.SA }} via`},
	}, {
		name: "GCP key, literal members, subject principal, a pool without provider",
		files: map[string]string{"main.tf": `resource "google_service_account" "ci" {
  account_id = "ci"
  project    = "p"
}

resource "google_service_account_key" "ci" {
  service_account_id = "projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com"
}

resource "google_organization_iam_binding" "ci" {
  org_id  = "123"
  role    = "roles/editor"
  members = ["group:ops@example.com", "serviceAccount:ci@p.iam.gserviceaccount.com"]
}

resource "google_service_account_iam_binding" "wif" {
  service_account_id = google_service_account.ci.id
  role               = "roles/iam.workloadIdentityUser"
  members            = ["principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gitlab/subject/project_path:g/p:ref_type:branch:ref:main"]
}
`},
		want: []string{
			`gcp-service-account "ci" static-key/long-lived by .#google_service_account.ci at main.tf:1:1`,
			`gcp-service-account-key "google_service_account_key.ci" static-key/long-lived by .#google_service_account_key.ci at main.tf:6:1`,
			`has-key nhi:gcp-service-account:.#google_service_account.ci -> nhi:gcp-service-account-key:.#google_service_account_key.ci via .#google_service_account_key.ci[] at main.tf:6:1`,
			`grants nhi:gcp-service-account:.#google_service_account.ci -> nhi:gcp-role:roles/editor via .#google_organization_iam_binding.ci[role] at main.tf:12:13`,
			`oidc-provider "GCP pool gitlab" none/none by  at main.tf:19:25`,
			`trusts nhi:gcp-service-account:.#google_service_account.ci -> nhi:oidc-provider:gcp-pool:gitlab via .#google_service_account_iam_binding.wif[members[0]] at main.tf:19:25`,
		},
	}, {
		name: "Azure application signed in as by client id, owner of the subscription",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfAzure, "11111111-2222-3333-4444-555555555555"),
			"infra/main.tf":           tfAzure,
		},
		want: []string{
			`azure-application "ci" oidc/short-lived by infra#azuread_application.ci at infra/main.tf:1:1`,
			`azure-service-principal "ci" none/none by infra#azuread_service_principal.ci at infra/main.tf:5:1`,
			`azure-service-principal "azuread_service_principal.ext" static-key/long-lived by infra#azuread_service_principal.ext at infra/main.tf:23:1`,
			`azure-client-secret "azuread_service_principal_password.ext" static-key/long-lived`,
			`azure-managed-identity "runner" unknown/short-lived by infra#azurerm_user_assigned_identity.runner at infra/main.tf:31:1`,
			`azure-role "Contributor" none/none by  at infra/main.tf:39:24`,
			`oidc-provider "token.actions.githubusercontent.com" none/none by  at infra/main.tf:13:20`,
			`has-principal ` + app + ` -> nhi:azure-service-principal:infra#azuread_service_principal.ci via infra#azuread_service_principal.ci[client_id] at infra/main.tf:6:15`,
			`trusts ` + app + ` -> nhi:oidc-provider:token.actions.githubusercontent.com via infra#azuread_application_federated_identity_credential.ci[subject] at infra/main.tf:14:20`,
			`grants nhi:azure-service-principal:infra#azuread_service_principal.ci -> nhi:azure-role:Owner via infra#azurerm_role_assignment.owner[role_definition_name] at infra/main.tf:19:26`,
			`has-key nhi:azure-service-principal:infra#azuread_service_principal.ext -> nhi:azure-client-secret:infra#azuread_service_principal_password.ext via`,
			`assumes ` + job + ` -> nhi:azure-service-principal:infra#azuread_service_principal.ext via .github/workflows/d.yml#jobs.deploy.steps[0][with.client-id] at .github/workflows/d.yml:10:11`,
		},
	}, {
		name: "Azure client id from a secret is unresolved",
		files: map[string]string{
			".github/workflows/d.yml": fmt.Sprintf(wfAzure, "${{ secrets.CLIENT_ID }}"),
			"infra/main.tf":           tfAzure,
		},
		want: []string{
			`unresolved-role "${{ secrets.CLIENT_ID }}" unknown/short-lived by  at .github/workflows/d.yml:10:11`,
			`assumes ` + job + ` -> nhi:unresolved-role:azure:${{ secrets.CLIENT_ID }} via`,
		},
	}, {
		name: "Azure client id with creds is a stored key, not a federated sign-in",
		files: map[string]string{
			".github/workflows/d.yml": strings.Replace(fmt.Sprintf(wfAzure, "x"), "tenant-id: ${{ secrets.TENANT }}", "creds: ${{ secrets.AZURE }}", 1),
		},
		want: []string{`github-job ".github/workflows/d.yml / deploy" static-key/long-lived`},
		not:  []string{`assumes`},
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

// node returns the node of a document by id.
func node(t *testing.T, doc *graph.Document, id string) *graph.Node {
	t.Helper()
	for _, n := range doc.Nodes {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("no node %s", id)
	return nil
}

func TestCloudAttributes(t *testing.T) {
	doc := Build(parse(t, map[string]string{"infra/main.tf": tfGCP + "\n" + tfAzure}))
	sa := node(t, doc, "nhi:gcp-service-account:infra#google_service_account.deployer")
	if sa.Attrs["email"] != "deployer@my-proj.iam.gserviceaccount.com" || sa.Attrs["project"] != "my-proj" {
		t.Errorf("service account email %v project %v", sa.Attrs["email"], sa.Attrs["project"])
	}
	perms := sa.Attrs["permissions"].(map[string]any)
	if fmt.Sprint(perms["roles"]) != "[roles/owner]" || perms["admin"] != true || perms["wildcard"] != true {
		t.Errorf("service account permissions %v", perms)
	}
	prov := node(t, doc, "nhi:oidc-provider:infra#google_iam_workload_identity_pool_provider.gh")
	if prov.Attrs["provider"] != "github" || prov.Attrs["pool"] != "github" || prov.Attrs["attribute_condition"] != "assertion.repository_owner == 'org'" ||
		fmt.Sprint(prov.Attrs["attribute_mapping"]) != "map[google.subject:assertion.sub]" {
		t.Errorf("pool provider %v", prov.Attrs)
	}
	for _, n := range doc.Nodes {
		a := n.Attrs
		if a["type"] == Trusts && a["cloud"] == "gcp" {
			if a["principal"] != "attribute" || a["attribute"] != "attribute.repository" || a["value"] != "org/app" {
				t.Errorf("gcp trust %v", a)
			}
		}
		if a["type"] == Trusts && a["cloud"] == "azure" {
			if fmt.Sprint(a["subjects"]) != "[repo:org/app:environment:production]" || a["provider"] != "github" || a["subjects_known"] != true {
				t.Errorf("azure trust %v", a)
			}
		}
		if a["type"] == Grants && a["cloud"] == "azure" {
			admin := a["role"] == "Owner"
			if a["admin"] != admin {
				t.Errorf("grant of %v at %v: admin %v", a["role"], a["scope_type"], a["admin"])
			}
		}
	}
	app := node(t, doc, "nhi:azure-application:infra#azuread_application.ci")
	if p := app.Attrs["permissions"].(map[string]any); fmt.Sprint(p["roles"]) != "[Owner]" || p["admin"] != true {
		t.Errorf("application permissions (through its service principal) %v", p)
	}
	mi := node(t, doc, "nhi:azure-managed-identity:infra#azurerm_user_assigned_identity.runner")
	if p := mi.Attrs["permissions"].(map[string]any); fmt.Sprint(p["roles"]) != "[Contributor]" || p["admin"] != false || p["wildcard"] != true {
		t.Errorf("managed identity permissions (Contributor on a resource group) %v", p)
	}
}

func TestAzureScopeLevel(t *testing.T) {
	tests := []struct {
		scope any
		want  string
	}{
		{"/", "management-group"},
		{"/providers/Microsoft.Management/managementGroups/root", "management-group"},
		{"/subscriptions/0000", "subscription"},
		{"/subscriptions/0000/resourceGroups/rg", "resource-group"},
		{"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s", "resource"},
		{map[string]any{"unknown": true, "expr": "data.azurerm_subscription.current.id"}, "subscription"},
		{map[string]any{"unknown": true, "expr": "azurerm_resource_group.rg.id"}, "resource-group"},
		{map[string]any{"unknown": true, "expr": `"/subscriptions/${var.sub}"`}, "subscription"},
		{map[string]any{"unknown": true, "expr": "var.scope"}, "unknown"},
	}
	for _, tt := range tests {
		if got := azureScopeLevel(tt.scope); got != tt.want {
			t.Errorf("azureScopeLevel(%v) = %s, want %s", tt.scope, got, tt.want)
		}
	}
}

func TestGCPRoleInfo(t *testing.T) {
	tests := map[string]string{
		"roles/owner": "all", "roles/editor": "all", "roles/iam.serviceAccountTokenCreator": "privesc",
		"roles/storage.admin": "service", "roles/viewer": "read", "projects/p/roles/custom": "unknown",
	}
	for role, want := range tests {
		if got := gcpRoleInfo(role).level; got != want {
			t.Errorf("gcpRoleInfo(%s) = %s, want %s", role, got, want)
		}
	}
}
