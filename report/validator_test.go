package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSARIFValidator runs Microsoft's SARIF Multitool (the spec's rules and
// GitHub's) on the golden SARIF through scripts/sarif-validate.sh. It needs
// node, npm and the network or a cached install, so it runs only when
// NHILINT_SARIF_VALIDATOR=1 (set by CI); warnings fail it too.
func TestSARIFValidator(t *testing.T) {
	if os.Getenv("NHILINT_SARIF_VALIDATOR") != "1" {
		t.Skip("set NHILINT_SARIF_VALIDATOR=1 to run the SARIF Multitool (needs npm)")
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "sarif-validate.sh"))
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs(filepath.Join("testdata", "golden.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := runValidator(script, golden); err != nil {
		t.Fatalf("%s %s: %v\n%s", script, golden, err, out)
	}
	// A rule without help breaks GitHub's rule GH2012: the script must fail,
	// which shows the Gh rules really ran.
	bad := filepath.Join(t.TempDir(), "bad.sarif")
	log := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","version":"1.0.0",` +
		`"informationUri":"https://example.com","rules":[{"id":"r","shortDescription":{"text":"s."}}]}},"results":[]}]}`
	if err := os.WriteFile(bad, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runValidator(script, bad); err == nil {
		t.Fatalf("the validator accepted a rule without help:\n%s", out)
	}
}

// validateRendered writes a rendered SARIF log to name in a temporary
// directory and runs the validator on it (skipped like TestSARIFValidator).
func validateRendered(t *testing.T, name string, log []byte) {
	t.Helper()
	if os.Getenv("NHILINT_SARIF_VALIDATOR") != "1" {
		t.Skip("set NHILINT_SARIF_VALIDATOR=1 to run the SARIF Multitool (needs npm)")
	}
	script, err := filepath.Abs(filepath.Join("..", "scripts", "sarif-validate.sh"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, log, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runValidator(script, file); err != nil {
		t.Fatalf("%s %s: %v\n%s", script, file, err, out)
	}
}

func runValidator(script, file string) ([]byte, error) {
	cmd := exec.Command(script, file)
	cmd.Env = append(os.Environ(), "SARIF_VALIDATE_FAIL_ON=warning")
	return cmd.CombinedOutput()
}
