package scan

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/identity"
)

// identityLines scans a fixture repository and renders its identities
// and edges one per line, with where each is located.
func identityLines(t *testing.T, dir string) (lines []string, findings []string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	g, res, _, err := newScanner(t).RunGraph(context.Background(), abs, []string{abs})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	for _, d := range g.Documents {
		if d.Kind != identity.Kind {
			continue
		}
		for _, n := range d.Nodes {
			lines = append(lines, identityLine(n))
		}
	}
	for _, f := range res.Findings {
		findings = append(findings, fmt.Sprintf("%s:%s [%s] %s", f.File, f.Pos, f.RuleID, f.Message))
	}
	return lines, findings
}

func identityLine(n *graph.Node) string {
	a := n.Attrs
	switch n.Kind {
	case identity.IdentityKind:
		return fmt.Sprintf("%s %q %s/%s at %s:%s", a["type"], a["name"], a["auth"], a["credential"], n.File, n.Pos)
	case identity.EdgeKind:
		return fmt.Sprintf("%s %s -> %s at %s:%s", a["type"], a["from"], a["to"], n.File, n.Pos)
	}
	return n.ID
}

// TestCloudIdentities checks the GCP and Azure identities of
// fixtures/repos/cloud-identities end to end: where each identity and
// edge is located, and that the pull_request_target job's finding names
// the GCP service account it impersonates with its owner role.
func TestCloudIdentities(t *testing.T) {
	lines, findings := identityLines(t, filepath.Join(fixturesDir, "repos", "cloud-identities"))
	const (
		sa      = "nhi:gcp-service-account:infra#google_service_account.deployer"
		backup  = "nhi:gcp-service-account:infra#google_service_account.backup"
		app     = "nhi:azure-application:infra#azuread_application.ci"
		sp      = "nhi:azure-service-principal:infra#azuread_service_principal.ci"
		reg     = "nhi:azure-service-principal:infra#azuread_service_principal.registry"
		runner  = "nhi:azure-managed-identity:infra#azurerm_user_assigned_identity.runner"
		preview = "nhi:github-job:.github/workflows/preview.yml#jobs.preview"
		deploy  = "nhi:github-job:.github/workflows/deploy.yml#jobs.deploy"
		images  = "nhi:github-job:.github/workflows/deploy.yml#jobs.images"
	)
	want := []string{
		`gcp-service-account "deployer" oidc/short-lived at infra/gcp.tf:5:1`,
		`gcp-service-account "backup" static-key/long-lived at infra/gcp.tf:39:1`,
		`gcp-service-account-key "google_service_account_key.backup" static-key/long-lived at infra/gcp.tf:43:1`,
		`oidc-provider "github/github-actions" none/none at infra/gcp.tf:14:1`,
		`gcp-role "roles/owner" none/none at infra/gcp.tf:35:13`,
		`azure-application "ci-deployer" oidc/short-lived at infra/azure.tf:3:1`,
		`azure-application "legacy-sync" static-key/long-lived at infra/azure.tf:25:1`,
		`azure-client-secret "azuread_application_password.legacy" static-key/long-lived at infra/azure.tf:29:1`,
		`azure-service-principal "ci-deployer" none/none at infra/azure.tf:7:1`,
		`azure-managed-identity "runner" oidc/short-lived at infra/azure.tf:44:1`,
		`oidc-provider "gitlab.com" none/none at infra/azure.tf:55:25`,
		`unresolved-role "${{ secrets.AZURE_CLIENT_ID }}" unknown/short-lived at .github/workflows/deploy.yml:15:11`,
		`unresolved-role "${{ vars.GCP_SA }}" unknown/short-lived at .github/workflows/deploy.yml:32:11`,
		`assumes ` + preview + ` -> ` + sa + ` at .github/workflows/preview.yml:18:11`,
		`assumes ` + deploy + ` -> nhi:unresolved-role:azure:${{ secrets.AZURE_CLIENT_ID }} at .github/workflows/deploy.yml:15:11`,
		`assumes ` + images + ` -> ` + reg + ` at .github/workflows/deploy.yml:23:11`,
		`trusts ` + sa + ` -> nhi:oidc-provider:infra#google_iam_workload_identity_pool_provider.github at infra/gcp.tf:30:24`,
		`grants ` + sa + ` -> nhi:gcp-role:roles/owner at infra/gcp.tf:35:13`,
		`grants ` + backup + ` -> nhi:gcp-role:roles/storage.objectAdmin at infra/gcp.tf:49:13`,
		`has-key ` + backup + ` -> nhi:gcp-service-account-key:infra#google_service_account_key.backup at infra/gcp.tf:43:1`,
		`has-principal ` + app + ` -> ` + sp + ` at infra/azure.tf:8:15`,
		`trusts ` + app + ` -> nhi:oidc-provider:token.actions.githubusercontent.com at infra/azure.tf:16:20`,
		`grants ` + sp + ` -> nhi:azure-role:Owner at infra/azure.tf:21:26`,
		`grants ` + reg + ` -> nhi:azure-role:AcrPush at infra/azure.tf:40:26`,
		`trusts ` + runner + ` -> nhi:oidc-provider:gitlab.com at infra/azure.tf:56:25`,
		`grants ` + runner + ` -> nhi:azure-role:Contributor at infra/azure.tf:61:26`,
		`has-key nhi:azure-application:infra#azuread_application.legacy -> nhi:azure-client-secret:infra#azuread_application_password.legacy at infra/azure.tf:29:1`,
	}
	all := strings.Join(lines, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	wantFindings := []string{
		`.github/workflows/preview.yml:14:11 [gha-privileged-untrusted-checkout] ` +
			`step "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683" in job "preview" checks out with.ref ` +
			`"${{ github.event.pull_request.head.sha }}" on pull_request_target, and step "#3" runs that code with a ` +
			`GITHUB_TOKEN with id-token: write in reach; it impersonates GCP service account "deployer" (admin, wildcard, roles/owner)`,
		`.github/workflows/preview.yml:9:3 [cross-attack-path] job "preview" runs code an outsider controls ` +
			`(step "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683" checks out with.ref ` +
			`"${{ github.event.pull_request.head.sha }}" on pull_request_target) and impersonates GCP service account "deployer", ` +
			`which is granted the GCP role roles/owner on project my-proj (every permission on every resource, IAM included): ` +
			`whoever opens the pull request gets these Google Cloud permissions`,
		`infra/gcp.tf:43:1 [tf-static-credential]`,
		`infra/azure.tf:29:1 [tf-static-credential]`,
		`infra/azure.tf:21:26 [tf-wildcard-permission]`,
	}
	got := strings.Join(findings, "\n")
	for _, w := range wantFindings {
		if !strings.Contains(got, w) {
			t.Errorf("missing finding %q in\n%s", w, got)
		}
	}
}

// TestGitLabOIDC checks fixtures/repos/gitlab-oidc end to end: GitLab jobs
// get the sub of their id_token from their rules, so a gitlab.com trust
// wider than the one branch its job runs on, and a trust that never
// admits the tag job's token, are reported like GitHub's.
func TestGitLabOIDC(t *testing.T) {
	lines, findings := identityLines(t, filepath.Join(fixturesDir, "repos", "gitlab-oidc"))
	const (
		deploy  = "nhi:gitlab-job:.gitlab-ci.yml#jobs.deploy"
		release = "nhi:gitlab-job:.gitlab-ci.yml#jobs.release"
	)
	want := []string{
		`gitlab-job ".gitlab-ci.yml / deploy" oidc/short-lived at .gitlab-ci.yml:13:1`,
		`aws-role "gitlab-deploy" oidc/short-lived at infra/iam.tf:7:1`,
		`oidc-provider "gitlab.com" none/none at infra/iam.tf:1:1`,
		`assumes ` + deploy + ` -> nhi:aws-role:infra#aws_iam_role.deploy at .gitlab-ci.yml:9:7`,
		`assumes ` + release + ` -> nhi:aws-role:infra#aws_iam_role.release at .gitlab-ci.yml:9:7`,
		`trusts nhi:aws-role:infra#aws_iam_role.deploy -> nhi:oidc-provider:gitlab.com at infra/iam.tf:14:33`,
	}
	all := strings.Join(lines, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	wantFindings := []string{
		`.gitlab-ci.yml:9:7 [cross-trust-never-satisfied] job ".gitlab-ci.yml / release" assumes role "gitlab-release" ` +
			`with an OIDC token whose sub is "project_path:group/app:ref_type:tag:ref:v1.0.0", which the role's trust never admits`,
		`infra/iam.tf:17:45 [cross-trust-wider-than-use] the trust of role "gitlab-deploy" admits GitLab OIDC tokens with sub ` +
			`"project_path:group/app:*", but the only jobs that assume it (.gitlab-ci.yml / deploy) present ` +
			`"project_path:group/app:ref_type:branch:ref:main"`,
	}
	got := strings.Join(findings, "\n")
	for _, w := range wantFindings {
		if !strings.Contains(got, w) {
			t.Errorf("missing finding %q in\n%s", w, got)
		}
	}
}

// TestCloudFormationRoles checks fixtures/repos/cfn-identity end to end:
// roles defined by a CloudFormation template are identities with their
// trust and grants, so the pull_request_target job that assumes the
// AdministratorAccess role is an attack path through the template, and
// the wildcard trust of the role a tag release uses gets the exact sub.
func TestCloudFormationRoles(t *testing.T) {
	lines, findings := identityLines(t, filepath.Join(fixturesDir, "repos", "cfn-identity"))
	const (
		preview = "nhi:aws-role:cfn/ci-roles.json#Resources.PreviewRole"
		release = "nhi:aws-role:cfn/ci-roles.json#Resources.ReleaseRole"
	)
	want := []string{
		`aws-role "cfn-preview" oidc/short-lived at cfn/ci-roles.json:5:5`,
		`aws-role "cfn-release" oidc/short-lived at cfn/ci-roles.json:30:5`,
		`assumes nhi:github-job:.github/workflows/preview.yml#jobs.preview -> ` + preview + ` at .github/workflows/preview.yml:17:11`,
		`trusts ` + preview + ` -> nhi:oidc-provider:token.actions.githubusercontent.com at cfn/ci-roles.json:16:42`,
		`grants ` + preview + ` -> nhi:aws-managed-policy:AdministratorAccess at cfn/ci-roles.json:27:31`,
		`grants ` + release + ` -> cfn/ci-roles.json#Resources.ReleasePolicy.Properties.PolicyDocument at cfn/ci-roles.json:56:19`,
	}
	all := strings.Join(lines, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	wantFindings := []string{
		`.github/workflows/preview.yml:9:3 [cross-attack-path] job "preview" runs code an outsider controls`,
		`cfn/ci-roles.json:45:75 [cross-trust-wider-than-use] the trust of role "cfn-release" admits GitHub OIDC tokens with sub "repo:org/app:*", ` +
			`but the only jobs that assume it (Release / release) present "repo:org/app:ref:refs/tags/v1.0.0"`,
	}
	got := strings.Join(findings, "\n")
	for _, w := range wantFindings {
		if !strings.Contains(got, w) {
			t.Errorf("missing finding %q in\n%s", w, got)
		}
	}
}

// TestCloudAttackPathFlow checks the code flow of the GCP attack path:
// trigger, untrusted checkout, impersonation, the service account's
// definition, the owner grant.
func TestCloudAttackPathFlow(t *testing.T) {
	res, _ := scanDir(t, newScanner(t), filepath.Join(fixturesDir, "repos", "cloud-identities"))
	var flow, related []string
	for _, f := range res.Findings {
		if f.RuleID != "cross-attack-path" {
			continue
		}
		for _, s := range f.Flow {
			flow = append(flow, s.File+":"+s.Pos.String())
		}
		for _, r := range f.Related {
			related = append(related, r.File+":"+r.Pos.String())
		}
	}
	want := []string{
		".github/workflows/preview.yml:3:3", ".github/workflows/preview.yml:14:11",
		".github/workflows/preview.yml:18:11", "infra/gcp.tf:5:1", "infra/gcp.tf:35:13",
	}
	if strings.Join(flow, " ") != strings.Join(want, " ") {
		t.Errorf("flow = %v, want %v", flow, want)
	}
	if !strings.Contains(strings.Join(related, " "), "infra/gcp.tf:30:24") {
		t.Errorf("related %v lacks the workload identity trust at infra/gcp.tf:30:24", related)
	}
}
