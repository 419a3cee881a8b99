package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/report"
	"github.com/nhilint/nhilint/scan"
	"github.com/nhilint/nhilint/secrets"
)

// Planted secrets: fake, but shaped so gitleaks (and nhilint's AWS rule)
// find them. None may appear whole in any output.
const (
	plantedAKID   = "AKIAZ4XQ7MJPLW2RT5NB"
	plantedAWSKey = "q8Vt3Lw9Zr2Kp5Nx7Hc1Jm4Bd6Fg0Ys8Ua3Te5Wo"
	plantedGHP    = "ghp_R7tK2mQ9xL4vN8pW3zH6jC1bF5dS0gY2aE7u"
	plantedSlack  = "hooks.slack.com/services/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"
	// plantedRuleOnly is a key id only the rules recognise: gitleaks wants
	// [A-Z2-7] after AKIA, and this one ends in 8.
	plantedRuleOnly = "AKIAZ4XQ7MJPLW2RT5N8"
	plantedPEM      = "-----BEGIN RSA PRIVATE KEY-----\n" +
		"MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n" +
		"VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n" +
		"LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n" +
		"-----END RSA PRIVATE KEY-----"
)

// plantedFiles hold the planted secrets in every format nhilint parses.
var plantedFiles = map[string]string{
	"planted/.github/workflows/deploy.yml": "on: push\npermissions: {contents: read}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n" +
		"    env:\n      AWS_ACCESS_KEY_ID: " + plantedAKID + "\n      AWS_SECRET_ACCESS_KEY: " + plantedAWSKey + "\n" +
		"      GH_TOKEN: " + plantedGHP + "\n      LEGACY_KEY_ID: " + plantedRuleOnly + "\n    steps:\n      - run: curl -X POST https://" + plantedSlack + "\n",
	"planted/.gitlab-ci.yml": "deploy:\n  variables:\n    AWS_ACCESS_KEY_ID: " + plantedAKID + "\n    AWS_SECRET_ACCESS_KEY: " + plantedAWSKey +
		"\n  script:\n    - echo '" + strings.ReplaceAll(plantedPEM, "\n", "\\n") + "'\n    - curl https://" + plantedSlack + "\n",
	"planted/main.tf": "provider \"aws\" {\n  access_key = \"" + plantedAKID + "\"\n  secret_key = \"" + plantedAWSKey + "\"\n}\n" +
		"locals {\n  token = \"" + plantedGHP + "\"\n  key = <<EOT\n" + plantedPEM + "\nEOT\n}\n",
	// Secrets where the parsers complain, quoting them: actionlint names
	// an unexpected key in its message (regression: the diagnostic showed
	// the token whole).
	"planted/.github/workflows/invalid.yml": "on: push\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: a\n        " +
		plantedGHP + ": 1\n        " + plantedAKID + ": " + plantedAWSKey + "\n        " + plantedRuleOnly + ": 1\n",
	"planted/bad/.gitlab-ci.yml": "job:\n  script: [a]\n  when: " + plantedGHP + "\n  " + plantedAKID + ": 1\n",
	"planted/bad/main.tf":        "resource \"aws_iam_user\" \"u\" {\n  " + plantedGHP + " = 1\n  name = " + plantedAKID + "\n}\n",
	"planted/policy.json": `{"Version":"2012-10-17","Statement":[{"Sid":"` + plantedGHP + `","Effect":"Allow","Action":"s3:GetObject","Resource":"*",` +
		`"Condition":{"StringEquals":{"aws:username":"` + plantedAKID + `","k":"aws_secret_access_key=` + plantedAWSKey + `"}}}]}`,
}

// secretFixtures are the fixture trees full of secrets, copied beside the
// planted files.
var secretFixtures = []string{
	"secrets/secrets-leak/fail", "secrets/secrets-cloud-key/fail", "github/gha-static-credential/fail",
	"github/gha-cloud-key-env/fail", "github/gha-cloud-login-static-key/fail",
	"gitlab/gitlab-static-credential/fail", "terraform/tf-static-credential/fail",
}

// secretRepo builds the repository: each fixture in a folder of its own.
func secretRepo(t *testing.T) string {
	t.Helper()
	dir := writeRepo(t, plantedFiles)
	for _, f := range secretFixtures {
		src := filepath.Join("..", "..", "fixtures", filepath.FromSlash(f))
		if err := os.CopyFS(filepath.Join(dir, strings.ReplaceAll(f, "/", "_")), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// knownSecrets are the planted secrets, each line of the key block, and
// every secret gitleaks found in the repository (the raw values the
// policy input holds).
func knownSecrets(t *testing.T, dir string) []string {
	t.Helper()
	out := []string{plantedAKID, plantedAWSKey, plantedGHP, plantedSlack, plantedPEM, plantedRuleOnly}
	for _, line := range strings.Split(plantedPEM, "\n") {
		if !strings.HasPrefix(line, "-----") {
			out = append(out, line)
		}
	}
	g, _, err := scan.New(nil, scan.Options{}).Load(context.Background(), dir, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	docs := ruleExamples(t)
	for _, d := range g.Documents {
		for _, n := range d.Nodes {
			if s, _ := n.Attrs["secret"].(string); n.Kind == secrets.MatchKind && s != "" && !strings.Contains(docs, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// ruleExamples is the text of every rule's examples. The JSON report
// lists the rules with their examples, whatever was scanned: the fixtures
// reuse the examples' fake keys, which that catalog shows as
// documentation, not as something found.
func ruleExamples(t *testing.T) string {
	t.Helper()
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range eng.Rules() {
		if r.Examples == nil {
			continue
		}
		b.WriteString(r.Examples.Bad + r.Examples.Good)
		for _, c := range r.Examples.Context {
			b.WriteString(c)
		}
	}
	return b.String()
}

// TestNoWholeSecretInAnyOutput renders every report format, the graph and
// the inventory of a repository full of secrets, and looks for each
// secret whole in standard output and standard error.
func TestNoWholeSecretInAnyOutput(t *testing.T) {
	dir := secretRepo(t)
	known := knownSecrets(t, dir)
	if len(known) < 10 {
		t.Fatalf("only %d secrets known: the repository is not full of secrets", len(known))
	}
	t.Logf("%d secret values looked for", len(known))
	var commands [][]string
	for _, f := range report.Formats() {
		commands = append(commands, []string{"scan", "--format", f, dir}, []string{"scan", "--secrets", "all", "--format", f, dir})
	}
	commands = append(commands, []string{"graph", dir})
	for _, f := range []string{"json", "csv", "table"} {
		commands = append(commands, []string{"inventory", "--format", f, dir})
	}
	for _, args := range commands {
		t.Run(strings.Join(args[:len(args)-1], " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(args...)
			if code == exitUsage || stdout == "" {
				t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
			}
			for _, s := range known {
				if strings.Contains(stdout+stderr, s) {
					t.Errorf("output shows the secret %q whole", s)
				}
			}
		})
	}
}
