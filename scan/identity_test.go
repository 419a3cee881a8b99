package scan

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

// TestIdentityChain checks the acceptance scenario of the identity graph
// (fixtures/repos/identity-chain): the pull_request_target job that runs
// the pull request head and assumes a role Terraform grants
// AdministratorAccess is one critical finding whose related locations and
// code flow reach the Terraform file; the role trusted as repo:org/app:*
// and used only from the production environment gets the exact sub.
func TestIdentityChain(t *testing.T) {
	checkAttackPath(t, "identity-chain", ".github/workflows/preview.yml:9:3",
		[]string{
			"infra/main.tf:33:16",                 // policy_arn = AdministratorAccess
			"infra/main.tf:11:22",                 // the trust's Federated principal
			".github/workflows/preview.yml:17:11", // role-to-assume
		},
		[]string{
			".github/workflows/preview.yml:3:3", ".github/workflows/preview.yml:14:11",
			".github/workflows/preview.yml:17:11", "infra/main.tf:26:1", "infra/main.tf:33:16",
		})
}

// TestGitLabAttackPath is the same chain from GitLab CI
// (fixtures/repos/gitlab-attack-path): a merge request job with no fork
// guard, through the assume its template makes, to the role Terraform
// grants AdministratorAccess.
func TestGitLabAttackPath(t *testing.T) {
	checkAttackPath(t, "gitlab-attack-path", ".gitlab-ci.yml:32:1",
		[]string{
			".gitlab-ci.yml:17:9", // --role-arn in the .aws template
			"infra/iam.tf:8:1",    // the role
			"infra/iam.tf:26:16",  // policy_arn = AdministratorAccess
			"infra/iam.tf:15:33",  // the trust's Federated principal
		},
		[]string{
			".gitlab-ci.yml:36:7", ".gitlab-ci.yml:38:7", ".gitlab-ci.yml:17:9",
			"infra/iam.tf:8:1", "infra/iam.tf:26:16",
		})
}

// TestGitLabCloudAttackPaths follows GitLab jobs' Google Cloud and Azure
// logins (fixtures/repos/gitlab-gcp-azure): the merge request job that
// impersonates the service account Terraform makes roles/owner through
// GitLab's create-cred-config, and the one that signs in with az login
// --federated-token as the service principal assigned Owner, each to the
// line that names the identity.
func TestGitLabCloudAttackPaths(t *testing.T) {
	paths := attackPaths(t, "gitlab-gcp-azure")
	if len(paths) != 2 {
		t.Fatalf("want two cross-attack-path findings, got %d: %+v", len(paths), paths)
	}
	checkPath(t, paths, ".gitlab-ci.yml:24:1",
		[]string{
			".gitlab-ci.yml:29:7", // the merge request rule
			"infra/gcp.tf:30:24",  // the workload identity trust
		},
		[]string{
			".gitlab-ci.yml:29:7", ".gitlab-ci.yml:31:7",
			".gitlab-ci.yml:18:7", // create-cred-config --service-account, in the .gcp template
			"infra/gcp.tf:5:1", "infra/gcp.tf:35:13",
		})
	checkPath(t, paths, ".gitlab-ci.yml:33:1",
		[]string{".gitlab-ci.yml:41:7"},
		[]string{
			".gitlab-ci.yml:41:7", ".gitlab-ci.yml:48:7",
			".gitlab-ci.yml:45:9", // -u "$AZURE_CLIENT_ID", the second line of the az login block
			"infra/azure.tf:5:1", "infra/azure.tf:11:26",
		})
}

// attackPaths scans a fixture repository for its cross-attack-path findings.
func attackPaths(t *testing.T, repo string) []engine.Finding {
	t.Helper()
	res, _ := scanDir(t, newScanner(t), filepath.Join(fixturesDir, "repos", repo))
	var paths []engine.Finding
	for _, f := range res.Findings {
		if f.RuleID == "cross-attack-path" {
			paths = append(paths, f)
		}
	}
	return paths
}

// checkAttackPath scans a fixture repository and checks that it has one
// critical cross-attack-path finding, at `at`, with these related
// locations among its own and exactly this code flow.
func checkAttackPath(t *testing.T, repo, at string, related, flow []string) {
	t.Helper()
	paths := attackPaths(t, repo)
	if len(paths) != 1 {
		t.Fatalf("want one cross-attack-path finding, got %d: %+v", len(paths), paths)
	}
	checkPath(t, paths, at, related, flow)
}

// checkPath checks the critical cross-attack-path finding at `at`: these
// related locations among its own and exactly this code flow.
func checkPath(t *testing.T, paths []engine.Finding, at string, related, flow []string) {
	t.Helper()
	var f engine.Finding
	for _, p := range paths {
		if p.File+":"+p.Pos.String() == at {
			f = p
		}
	}
	if f.RuleID == "" {
		t.Fatalf("no cross-attack-path finding at %s: %+v", at, paths)
	}
	if f.Severity != engine.Critical {
		t.Errorf("finding at %s severity %s, want critical", at, f.Severity)
	}
	seen := map[string]bool{}
	for _, r := range f.Related {
		seen[r.File+":"+r.Pos.String()] = true
	}
	for _, loc := range related {
		if !seen[loc] {
			t.Errorf("no related location at %s: %+v", loc, f.Related)
		}
	}
	var got []string
	for _, s := range f.Flow {
		got = append(got, s.File+":"+s.Pos.String())
	}
	if strings.Join(got, " ") != strings.Join(flow, " ") {
		t.Errorf("flow = %v, want %v", got, flow)
	}
}

// TestIdentityChainSuggestsSub checks the trust-vs-use acceptance: the
// role trusted as repo:org/app:* and assumed only by the production
// deploy job gets the exact environment sub.
func TestIdentityChainSuggestsSub(t *testing.T) {
	res, _ := scanDir(t, newScanner(t), filepath.Join(fixturesDir, "repos", "identity-chain"))
	var got []engine.Finding
	for _, f := range res.Findings {
		if f.RuleID == "cross-trust-wider-than-use" {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one cross-trust-wider-than-use finding, got %+v", got)
	}
	f := got[0]
	if f.File != "infra/main.tf" || f.Pos.Line != 46 || f.Pos.Col != 70 {
		t.Errorf("finding at %s:%s, want the repo:org/app:* value at infra/main.tf:46:70", f.File, f.Pos)
	}
	if !strings.Contains(f.Message, `allow exactly "repo:org/app:environment:production" with StringEquals`) {
		t.Errorf("message does not suggest the environment sub: %s", f.Message)
	}
	if len(f.Related) != 1 || f.Related[0].File != ".github/workflows/deploy.yml" || f.Related[0].Pos.Line != 16 {
		t.Errorf("related = %+v, want the deploy job's role-to-assume", f.Related)
	}
}
