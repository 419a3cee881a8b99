package integration

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestActionScript runs the script part of action.yml the way the runner
// does (inputs in the environment, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// files) on a sample repository, and checks what the later steps and
// GitHub consume: the outputs, a SARIF log (validated by Microsoft's
// validator when NHILINT_SARIF_VALIDATOR=1), annotations whose properties
// are escaped, and the job summary.
func TestActionScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nhilint")
	}
	src, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	repo, runner := t.TempDir(), t.TempDir()
	copyTree(t, filepath.Join(src, "fixtures", "repos", "identity-chain"), repo)
	// A file name with "," and ":" must be escaped in annotation properties.
	write(t, filepath.Join(repo, ".github", "workflows", "a,b:c.yml"), staticKeyWorkflow)

	outputs := filepath.Join(runner, "output")
	summary := filepath.Join(runner, "summary.md")
	cmd := exec.Command("bash", filepath.Join(src, "scripts", "action.sh"))
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "NHILINT_SRC="+src, "NHILINT_VERSION=test", "RUNNER_TEMP="+runner,
		"GITHUB_OUTPUT="+outputs, "GITHUB_STEP_SUMMARY="+summary, "GITHUB_WORKSPACE="+repo,
		"INPUT_PATH=.", "INPUT_FORMAT=github")
	log, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("action.sh failed (it must always exit 0): %v\n%s", err, log)
	}

	out := readOutputs(t, outputs)
	if out["exit-code"] != "1" {
		t.Errorf("exit-code output = %q, want 1 (findings)", out["exit-code"])
	}
	checkSARIF(t, src, out["sarif-file"])
	checkAnnotations(t, string(log))
	if b, err := os.ReadFile(summary); err != nil || !strings.HasPrefix(string(b), "## nhilint:") {
		t.Errorf("job summary missing or not nhilint's (%v):\n%.200s", err, b)
	}
}

// TestActionFilesPass checks that action.yml and the workflow README.md
// tells users to copy pass nhilint itself, and that actionlint accepts
// the workflow.
func TestActionFilesPass(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nhilint")
	}
	src, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(src, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	workflow := readmeWorkflow(t, string(readme))
	repo := t.TempDir()
	action, err := os.ReadFile(filepath.Join(src, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(repo, "action.yml"), string(action))
	write(t, filepath.Join(repo, ".github", "workflows", "nhilint.yml"), workflow)

	scan := exec.Command("go", "run", "./cmd/nhilint", "scan", "--root", repo, repo)
	scan.Dir = src
	if out, err := scan.CombinedOutput(); err != nil {
		t.Errorf("nhilint on action.yml and the README workflow: %v\n%s", err, out)
	}
	lint := exec.Command("go", "run", "github.com/rhysd/actionlint/cmd/actionlint", "-no-color",
		filepath.Join(repo, ".github", "workflows", "nhilint.yml"))
	lint.Dir = src
	if out, err := lint.CombinedOutput(); err != nil {
		t.Errorf("actionlint on the README workflow: %v\n%s", err, out)
	}
}

// readmeWorkflow is the first yaml block after README's GitHub Action
// paragraph.
func readmeWorkflow(t *testing.T, readme string) string {
	t.Helper()
	_, after, ok := strings.Cut(readme, "**GitHub Action.**")
	if !ok {
		t.Fatal("README.md has no **GitHub Action.** paragraph")
	}
	_, block, ok := strings.Cut(after, "```yaml\n")
	if !ok {
		t.Fatal("README.md's GitHub Action paragraph has no yaml block")
	}
	body, _, _ := strings.Cut(block, "```")
	return body
}

func readOutputs(t *testing.T, file string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("GITHUB_OUTPUT: %v", err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		out[k] = v
	}
	return out
}

func checkSARIF(t *testing.T, src, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("sarif-file output %q: %v", file, err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("SARIF: version %q, err %v, runs %d", log.Version, err, len(log.Runs))
	}
	if os.Getenv("NHILINT_SARIF_VALIDATOR") != "1" {
		return
	}
	if out, err := exec.Command(filepath.Join(src, "scripts", "sarif-validate.sh"), file).CombinedOutput(); err != nil {
		t.Errorf("SARIF validator: %v\n%s", err, out)
	}
}

// annotation is one workflow command with properties: ::error k=v,...::msg
var annotation = regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::(.*)$`)

// checkAnnotations demands escaped properties (no raw "," inside a value,
// no ":"), and finds the annotation on the file whose name needs escaping.
func checkAnnotations(t *testing.T, log string) {
	t.Helper()
	seen := 0
	for _, line := range strings.Split(log, "\n") {
		m := annotation.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		seen++
		for _, prop := range strings.Split(m[2], ",") {
			if k, _, ok := strings.Cut(prop, "="); !ok || !regexp.MustCompile(`^(file|line|col|endLine|endColumn|title)$`).MatchString(k) {
				t.Errorf("badly escaped properties %q in %q", prop, line)
			}
		}
	}
	if seen == 0 {
		t.Fatalf("no annotations in the log:\n%s", log)
	}
	if !strings.Contains(log, "file=.github/workflows/a%2Cb%3Ac.yml,line=") {
		t.Errorf("no escaped annotation for a,b:c.yml:\n%s", log)
	}
}

// copyTree copies the regular files under from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "expected.txt" {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		write(t, filepath.Join(to, rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
