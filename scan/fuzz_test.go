package scan

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

// fuzzPaths are where FuzzScanFile writes its input: kind picks one, so
// every format, and the secret search over it, is fuzzed.
var fuzzPaths = []string{
	".github/workflows/w.yml", "action.yml", ".gitlab-ci.yml", "main.tf", "policy.json", "plan.json",
}

// fuzzSeeds are one valid file per kind (kind = index in fuzzPaths).
var fuzzSeeds = []string{
	goodWorkflow,
	"name: a\ndescription: b\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.x }}\n      shell: bash\n",
	"include:\n  - local: a.yml\ndeploy:\n  image: alpine:latest\n  variables:\n    AWS_SECRET_ACCESS_KEY: $KEY\n  script: [echo $CI_COMMIT_REF_NAME]\n",
	"resource \"aws_iam_user_policy\" \"p\" {\n  user = \"u\"\n  policy = jsonencode({Statement = [{Effect = \"Allow\", Action = \"*\", Resource = \"*\"}]})\n}\n",
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
	`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_iam_access_key.k","type":"aws_iam_access_key","name":"k","values":{"user":"u"}}]}}}`,
}

// fuzzScanner is one scanner for every fuzz input: compiling the engine
// and gitleaks' rules per input would leave no time to fuzz.
var fuzzScanner = sync.OnceValue(func() *Scanner {
	eng, err := sharedEngine()
	if err != nil {
		panic(err)
	}
	return New(eng, Options{Workers: 1, MaxFileSize: 1 << 20})
})

// FuzzScanFile scans a repository of one file, of any kind: the whole
// scan (discovery, parser, secrets, identity graph, policies) must not
// panic, and every diagnostic must name that file.
func FuzzScanFile(f *testing.F) {
	for kind, s := range fuzzSeeds {
		f.Add([]byte(s), uint8(kind))
	}
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		rel := fuzzPaths[int(kind)%len(fuzzPaths)]
		dir := t.TempDir()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, _, err := fuzzScanner().Run(context.Background(), dir, []string{dir})
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		checkFuzzDiags(t, rel, res.Diagnostics)
	})
}

// checkFuzzDiags fails on a diagnostic that names another file (or none),
// and on a caught panic or a rule that broke: both are bugs, not input
// errors.
func checkFuzzDiags(t *testing.T, rel string, diags []graph.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.File != rel {
			t.Errorf("diagnostic does not name %s: %s", rel, d.Error())
		}
		if d.Code == "internal-error" || d.Code == "rule-error" {
			t.Errorf("bug, not bad input: %s", d.Error())
		}
	}
}

// fixtureSeeds are globs of fixture files by kind (index in fuzzPaths):
// real inputs reach the rules, where random bytes rarely get.
var fixtureSeeds = []string{
	"*/*/*/.github/workflows/*.yml",
	"*/*/*/.github/actions/*/action.yml",
	"*/*/*/.gitlab-ci.yml",
	"*/*/*/*/*.tf",
	"*/*/*/*.json",
}

// addFixtureSeeds adds the fixture files as seeds of their kind.
func addFixtureSeeds(f *testing.F) {
	for kind, pattern := range fixtureSeeds {
		files, err := filepath.Glob(filepath.Join(fixturesDir, pattern))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b, uint8(kind))
			}
		}
	}
}
