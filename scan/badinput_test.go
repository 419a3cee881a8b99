package scan

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// goodWorkflow has one known finding: gha-write-all-permissions at 3:1.
// Every bad-input case scans it beside the bad file, to prove one bad file
// never costs the findings of the others.
const goodWorkflow = "name: CI\non: push\npermissions: write-all\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"

// goodRule and goodLine are where goodWorkflow's finding is.
const (
	goodRule = "gha-write-all-permissions"
	goodLine = 3
)

// sharedEngine compiles the embedded policies once for the whole package's
// robustness tests: compiling takes seconds, scanning a case milliseconds.
var sharedEngine = sync.OnceValues(func() (*engine.Engine, error) {
	return engine.New(context.Background(), engine.Options{})
})

func testEngine(t testing.TB) *engine.Engine {
	t.Helper()
	eng, err := sharedEngine()
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return eng
}

// writeTree writes files (slash path → body) under dir.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// nested is mid inside n levels of open … close: deep input for the
// parsers that recurse (Go's stack grows, but a fixed limit must not crash).
func nested(n int, open, mid, close string) string {
	return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
}

// aliasBomb is "billion laughs" in YAML: nine levels of nine aliases, 9^9
// strings if anything expands them.
func aliasBomb(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i <= 9; i++ {
		p := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(p+",", 8) + p + "]\n")
	}
	return b.String()
}

// badInput is one case of the battery: a repository holding goodWorkflow
// and something bad.
type badInput struct {
	name  string
	files map[string]string
	// setup makes what files cannot: links, modes, sparse files.
	setup func(t *testing.T, dir string)
	// opts are the scan options (MaxFileSize, Secrets).
	opts Options
	// args are the paths scanned, relative to the root, beside the good
	// workflow; none scans the root.
	args []string
	// good is where goodWorkflow goes; empty is .github/workflows/good.yml.
	good string
	// diag is the file a diagnostic must name, at line (0: any line) with
	// severity sev; empty demands no diagnostic at all.
	diag string
	line int
	sev  graph.Severity
	// also is a finding that must be reported too: a BOM or CRLF file
	// is found at the same line and column as its plain twin.
	also *want
}

// want is one expected finding.
type want struct {
	file, rule string
	line, col  int
}

// twin is goodWorkflow's finding, were it written at file.
func twin(file string) *want { return &want{file, goodRule, goodLine, 1} }

// bomCRLF is body with a BOM and CRLF line ends.
func bomCRLF(body string) string { return "\xef\xbb\xbf" + strings.ReplaceAll(body, "\n", "\r\n") }

// badInputs are the bad files a repository may hold. Each must cost
// only itself: a diagnostic naming it, never a panic, a hang or the
// findings of the good file.
var badInputs = []badInput{
	{name: "truncated workflow", files: map[string]string{".github/workflows/bad.yml": "name: x\non: push\njobs:\n  a:\n    runs-on: [ubuntu"},
		diag: ".github/workflows/bad.yml", line: 5, sev: graph.SevError},
	{name: "invalid YAML", files: map[string]string{".github/workflows/bad.yml": "on: push\njobs: {a: [\n  b: c\n"},
		diag: ".github/workflows/bad.yml", sev: graph.SevError},
	{name: "invalid HCL", files: map[string]string{"main.tf": "resource \"aws_iam_user\" \"u\" {\n  name = \n"},
		diag: "main.tf", line: 2, sev: graph.SevError},
	{name: "truncated IAM policy", files: map[string]string{"policy.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`},
		diag: "policy.json", line: 1, sev: graph.SevError},
	// yaml.v3 keeps aliases as pointers; the parsers that resolve them
	// must stop at a budget rather than expand 9^9 nodes.
	{name: "alias bomb in workflow", files: map[string]string{".github/workflows/bad.yml": aliasBomb("on: push\n")},
		diag: ".github/workflows/bad.yml", sev: graph.SevError},
	{name: "alias bomb in GitLab CI", files: map[string]string{".gitlab-ci.yml": aliasBomb("")},
		diag: ".gitlab-ci.yml", sev: graph.SevError},
	{name: "10,000-deep YAML flow", files: map[string]string{".github/workflows/bad.yml": "on: push\njobs: " + nested(10000, "[", "", "]") + "\n"},
		diag: ".github/workflows/bad.yml"},
	{name: "10,000-deep JSON policy", files: map[string]string{"policy.json": `{"Version":"2012-10-17","Statement":` + nested(10000, "[", "", "]") + "}"},
		diag: "policy.json", line: 1, sev: graph.SevError},
	// Valid HCL, only deep: no diagnostic is due, only no crash.
	{name: "10,000-deep HCL", files: map[string]string{"main.tf": "locals {\n  x = " + nested(10000, "[", "1", "]") + "\n}\n"}},
	{name: "10,000-deep HCL object", files: map[string]string{"main.tf": "locals {\n  x = " + nested(10000, "{a = ", "1", "}") + "\n}\n"}},
	{name: "10,000-deep YAML in a job", files: map[string]string{".github/workflows/bad.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    env: {A: " + nested(10000, "{a: ", "1", "}") + "}\n    steps: [{run: a}]\n"},
		diag: ".github/workflows/bad.yml"},
	{name: "10,000-deep expression", files: map[string]string{".github/workflows/bad.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ " + nested(10000, "(", "github.head_ref", ")") + " }}\n"}},
	{name: "10,000-deep GitLab CI", files: map[string]string{".gitlab-ci.yml": "job:\n  script: [a]\n  variables: " + nested(10000, "{a: ", "1", "}") + "\n"}},
	{name: "10,000-deep action", files: map[string]string{"action.yml": "name: a\ndescription: b\nruns: " + nested(10000, "[", "", "]") + "\n"},
		diag: "action.yml"},
	{name: "10,000-deep plan", files: map[string]string{"plan.json": `{"format_version":"1.2","planned_values":` + nested(10000, `{"a":`, "1", "}") + "}"},
		diag: "plan.json"},
	{name: "10,000-deep HCL policy", files: map[string]string{"main.tf": "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({Statement = " + nested(10000, "[", "1", "]") + "})\n}\n"}},
	// The action parser reads scalars where it expects them and never
	// walks an aliased sequence: nothing expands, and nothing is reported
	// (actionlint, which would, does not check action metadata).
	{name: "alias bomb in action", files: map[string]string{"action.yml": aliasBomb("") + "name: a\ndescription: b\nruns: {using: composite, steps: [{run: *a9, shell: bash, env: {A: *a9}}, {uses: a/b@v1, with: {x: *a9}}]}\ninputs: {x: {default: *a9}}\noutputs: {o: {value: *a9}}\n"}},
	{name: "truncated plan", files: map[string]string{"plan.json": `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a`},
		diag: "plan.json", line: 1, sev: graph.SevError},
	{name: "binary Terraform", files: map[string]string{"main.tf": "locals {\x00\x00\x01}\n"},
		diag: "main.tf", line: 1, sev: graph.SevError},
	{name: "invalid UTF-8 Terraform", files: map[string]string{"main.tf": "locals {\n  a = \"\xff\xfe\"\n}\n"},
		diag: "main.tf", line: 2},
	{name: "invalid UTF-8 GitLab CI", files: map[string]string{".gitlab-ci.yml": "job:\n  script: [\"\xff\xfe\"]\n"},
		diag: ".gitlab-ci.yml", sev: graph.SevError},
	{name: "invalid UTF-8 IAM policy", files: map[string]string{"policy.json": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"\xff\",\"Resource\":\"*\"}]}"}},
	{name: "GitLab include loop", files: map[string]string{".gitlab-ci.yml": "include: a.yml\njob: {script: [a]}\n", "a.yml": "include: .gitlab-ci.yml\n"},
		diag: "a.yml", line: 1},
	{name: "GitLab extends loop", files: map[string]string{".gitlab-ci.yml": "a: {extends: b, script: [x]}\nb: {extends: a}\n"},
		diag: ".gitlab-ci.yml"},
	{name: "Terraform module loop", files: map[string]string{"main.tf": "module \"m\" {\n  source = \"./m\"\n}\n", "m/main.tf": "module \"up\" {\n  source = \"../\"\n}\n"},
		diag: "m/main.tf", line: 1},
	{name: "workflow over the size limit", opts: Options{MaxFileSize: 1 << 10},
		files: map[string]string{".github/workflows/big.yml": "on: push\n" + strings.Repeat("# padding\n", 200)},
		diag:  ".github/workflows/big.yml", sev: graph.SevError},
	{name: "Terraform over the size limit", opts: Options{MaxFileSize: 1 << 10},
		files: map[string]string{"main.tf": strings.Repeat("# padding\n", 200)},
		diag:  "main.tf", sev: graph.SevError},
	{name: "GitLab CI over the size limit", opts: Options{MaxFileSize: 1 << 10},
		files: map[string]string{".gitlab-ci.yml": strings.Repeat("# padding\n", 200)},
		diag:  ".gitlab-ci.yml", sev: graph.SevError},
	// One real 100 MB file, sparse: the scanner reads at most the limit
	// (10 MiB) of it, so this stays fast and small.
	{name: "100 MB sparse workflow", setup: func(t *testing.T, dir string) { sparse(t, dir, ".github/workflows/huge.yml", 100<<20) },
		diag: ".github/workflows/huge.yml", sev: graph.SevError},
	// A file only searched for secrets may be any large asset: a warning.
	{name: "100 MB sparse file searched for secrets", opts: Options{Secrets: SecretsAll},
		setup: func(t *testing.T, dir string) { sparse(t, dir, "assets/disk.img", 100<<20) },
		diag:  "assets/disk.img", sev: graph.SevWarning},
	// The read errors root meets too (mode 000 does not stop root).
	{name: "named path missing", args: []string{".github/workflows/missing.yml"},
		diag: ".github/workflows/missing.yml", sev: graph.SevError},
	{name: "named path a dangling link", args: []string{".github/workflows/dangling.yml"},
		setup: func(t *testing.T, dir string) { symlink(t, "nowhere.yml", dir, ".github/workflows/dangling.yml") },
		diag:  ".github/workflows/dangling.yml", sev: graph.SevError},
	{name: "binary workflow", files: map[string]string{".github/workflows/x.yml": "on: push\x00\x00\x01\x02\n"},
		diag: ".github/workflows/x.yml", line: 1, sev: graph.SevError},
	{name: "invalid UTF-8", files: map[string]string{".github/workflows/x.yml": "name: \xff\xfe\non: push\n"},
		diag: ".github/workflows/x.yml", line: 1, sev: graph.SevError},
	{name: "UTF-8 BOM", files: map[string]string{".github/workflows/bom.yml": "\xef\xbb\xbf" + goodWorkflow},
		also: twin(".github/workflows/bom.yml")},
	{name: "CRLF", files: map[string]string{".github/workflows/crlf.yml": strings.ReplaceAll(goodWorkflow, "\n", "\r\n")},
		also: twin(".github/workflows/crlf.yml")},
	{name: "BOM and CRLF", files: map[string]string{".github/workflows/both.yml": bomCRLF(goodWorkflow)},
		also: twin(".github/workflows/both.yml")},
	// Regression: HCL counts the BOM as a column, so line 1 was off by one.
	{name: "BOM and CRLF Terraform", files: map[string]string{"infra/main.tf": bomCRLF("resource \"aws_instance\" \"runner\" {\n  ami = \"x\"\n}\n")},
		also: &want{"infra/main.tf", "tf-imdsv1", 1, 1}},
	{name: "symlink loop", setup: func(t *testing.T, dir string) { symlink(t, "loop.yml", dir, ".github/workflows/loop.yml") },
		diag: ".github/workflows/loop.yml", sev: graph.SevWarning},
	{name: "symlink out of the root", setup: func(t *testing.T, dir string) {
		outside := filepath.Join(t.TempDir(), "outside.yml")
		writeTree(t, filepath.Dir(outside), map[string]string{"outside.yml": goodWorkflow})
		symlink(t, outside, dir, ".github/workflows/out.yml")
	}, diag: ".github/workflows/out.yml", sev: graph.SevWarning},
	// A directory link is not followed (no scanned file is named by it),
	// so a loop through one costs nothing.
	{name: "directory symlink loop", setup: func(t *testing.T, dir string) { symlink(t, "..", dir, "sub/up") }},
	{name: "unreadable workflow", setup: func(t *testing.T, dir string) { unreadable(t, dir, ".github/workflows/secret.yml") },
		diag: ".github/workflows/secret.yml", sev: graph.SevError},
	{name: "unreadable Terraform", setup: func(t *testing.T, dir string) { unreadable(t, dir, "main.tf") },
		diag: "main.tf", sev: graph.SevError},
	{name: "unreadable GitLab CI", setup: func(t *testing.T, dir string) { unreadable(t, dir, ".gitlab-ci.yml") },
		diag: ".gitlab-ci.yml", sev: graph.SevError},
	// GitHub rejects an empty workflow; an empty .tf or .gitlab-ci.yml is
	// no error in Terraform or GitLab.
	{name: "empty workflow", files: map[string]string{".github/workflows/empty.yml": ""},
		diag: ".github/workflows/empty.yml", line: 1, sev: graph.SevError},
	{name: "empty Terraform", files: map[string]string{"main.tf": ""}},
	{name: "empty GitLab CI", files: map[string]string{".gitlab-ci.yml": ""}},
	{name: "duplicate YAML keys", files: map[string]string{".github/workflows/dup.yml": "on: push\non: pull_request\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: a\n"},
		diag: ".github/workflows/dup.yml", line: 2},
	// A file named .github/workflows holds no workflow GitHub runs: it
	// is not scanned, and the nested repository's workflow still is.
	{name: "workflows is a regular file", good: "app/.github/workflows/good.yml",
		files: map[string]string{".github/workflows": goodWorkflow}},
}

// TestBadInput runs the battery with one shared engine.
func TestBadInput(t *testing.T) { runBadInputs(t, badInputs) }

// runBadInputs runs cases, each in a repository of its own.
func runBadInputs(t *testing.T, cases []badInput) {
	eng := testEngine(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			good := cmp.Or(tc.good, ".github/workflows/good.yml")
			writeTree(t, dir, map[string]string{good: goodWorkflow})
			writeTree(t, dir, tc.files)
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			res, _, err := New(eng, tc.opts).Run(context.Background(), dir, badInputPaths(dir, good, tc.args))
			if err != nil {
				t.Fatalf("scan: %v", err)
			}
			checkBadInput(t, tc, good, res)
		})
	}
}

// badInputPaths are the paths a case scans: the root, or the good
// workflow and the files the case names.
func badInputPaths(dir, good string, args []string) []string {
	if len(args) == 0 {
		return []string{dir}
	}
	paths := []string{filepath.Join(dir, filepath.FromSlash(good))}
	for _, a := range args {
		paths = append(paths, filepath.Join(dir, filepath.FromSlash(a)))
	}
	return paths
}

// checkBadInput asserts a case's result: the good findings, the
// diagnostic naming the bad file, and file names on every diagnostic.
func checkBadInput(t *testing.T, tc badInput, good string, res *engine.Result) {
	t.Helper()
	for _, w := range []*want{twin(good), tc.also} {
		if w != nil && !hasFinding(res, *w) {
			t.Errorf("no %s finding at %s:%d:%d; findings: %v", w.rule, w.file, w.line, w.col, res.Findings)
		}
	}
	for _, d := range res.Diagnostics {
		if d.File == "" || filepath.IsAbs(d.File) {
			t.Errorf("diagnostic does not name a file of the repository: %s", d.Error())
		}
	}
	if tc.diag == "" {
		if len(res.Diagnostics) > 0 {
			t.Errorf("unexpected diagnostics: %v", res.Diagnostics)
		}
		return
	}
	for _, d := range res.Diagnostics {
		if d.File == tc.diag && (tc.line == 0 || d.Pos.Line == tc.line) && (tc.sev == "" || d.Severity == tc.sev) {
			return
		}
	}
	t.Errorf("no diagnostic on %s (line %d, severity %q); got %v", tc.diag, tc.line, tc.sev, res.Diagnostics)
}

func hasFinding(res *engine.Result, w want) bool {
	for _, f := range res.Findings {
		if f.File == w.file && f.RuleID == w.rule && f.Pos.Line == w.line && f.Pos.Col == w.col {
			return true
		}
	}
	return false
}

// sparse makes rel a file of size zero bytes without writing them.
func sparse(t *testing.T, dir, rel string, size int64) {
	t.Helper()
	writeTree(t, dir, map[string]string{rel: ""})
	if err := os.Truncate(filepath.Join(dir, filepath.FromSlash(rel)), size); err != nil {
		t.Fatal(err)
	}
}

// symlink makes rel (under dir) a symbolic link to target.
func symlink(t *testing.T, target, dir, rel string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("symbolic links unsupported: %v", err)
	}
}

// unreadable writes rel as goodWorkflow without read permission. Root
// reads it anyway, so the case is skipped there.
func unreadable(t *testing.T, dir, rel string) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("running as root: mode 000 does not stop root from reading")
	}
	writeTree(t, dir, map[string]string{rel: goodWorkflow})
	if err := os.Chmod(filepath.Join(dir, filepath.FromSlash(rel)), 0); err != nil {
		t.Fatal(err)
	}
}
