package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cloudIdentities is the repository of GCP and Azure identities.
var cloudIdentities = filepath.Join("..", "..", "fixtures", "repos", "cloud-identities")

// TestInventoryCloudJSON compares the JSON inventory of the GCP and Azure
// repository with its golden file (rewrite with -update, then review).
func TestInventoryCloudJSON(t *testing.T) {
	code, out, errOut := runCLI("inventory", "--format", "json", cloudIdentities)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden := filepath.Join("testdata", "inventory-cloud-identities.json")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update): %v", err)
	}
	if out != string(want) {
		t.Errorf("inventory differs from %s:\n--- got\n%s--- want\n%s", golden, out, want)
	}
}

func TestInventoryCloudTable(t *testing.T) {
	code, out, errOut := runCLI("inventory", cloudIdentities)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"gcp-service-account", "infra/gcp.tf:5", "ADMIN, roles/owner", "Preview / preview",
		"gcp-service-account-key", "azure-application", "ci-deployer", "ADMIN, Owner",
		"azure-managed-identity", "WILDCARD, Contributor", "azure-client-secret",
		"tf-static-credential (high)", "18 identities",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
