package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// identityChain is the acceptance repository of the identity graph.
var identityChain = filepath.Join("..", "..", "fixtures", "repos", "identity-chain")

// TestInventoryJSON compares the JSON inventory of the acceptance
// repository with its golden file (rewrite with -update, then review).
func TestInventoryJSON(t *testing.T) {
	code, out, errOut := runCLI("inventory", "--format", "json", identityChain)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden := filepath.Join("testdata", "inventory-identity-chain.json")
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

func TestInventoryTableAndCSV(t *testing.T) {
	code, out, errOut := runCLI("inventory", identityChain)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"TYPE", "Preview / preview", ".github/workflows/preview.yml:9", "ADMIN, AdministratorAccess",
		"cross-attack-path (critical)", "aws-access-key", "7 identities",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCLI("inventory", "--format", "csv", identityChain)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	if len(rows) != 8 || rows[0][0] != "type" || rows[2][1] != "Preview / preview" || rows[2][3] != "oidc" {
		t.Errorf("csv rows = %q", rows)
	}
}

func TestInventoryUsage(t *testing.T) {
	if code, _, errOut := runCLI("inventory", "--format", "xml", identityChain); code != exitUsage || !strings.Contains(errOut, `unknown --format "xml"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
