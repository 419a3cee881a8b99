package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

var update = flag.Bool("update", false, "rewrite report/testdata/golden.* from the fixed result")

// goldenRoot is the scan root of the golden reports; only its form
// matters (absolute, slash-separated) since nothing reads it.
const goldenRoot = "/home/runner/work/demo/demo"

// goldenResult is a fixed result that exercises every branch the writers
// have: four severities, a rule without findings, related locations (one
// without a message), a finding without an end position and one with a
// tab-indented snippet, a message with characters GitHub must escape, and
// diagnostics with and without a position.
func goldenResult() *engine.Result {
	rules := []*engine.Rule{
		{
			ID: "gha-cloud-key-env", Path: "github/cloud_key_env",
			Title:       "Long-lived cloud key handed to steps through env",
			Description: "A workflow puts a stored cloud access key into env, where every step of its scope can read it.",
			Category:    "static-credential", Severity: engine.High,
			Remediation:      "Authenticate with OIDC (id-token: write) and drop the stored key.",
			RelatedResources: []string{"https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect"},
			File:             "policies/github/cloud_key_env.rego", Builtin: true,
		},
		{
			ID: "gha-prt-checkout-head", Path: "github/privileged_untrusted_checkout",
			Title:       "Fork-triggered job checks out untrusted PR code with secrets in reach",
			Description: "pull_request_target runs with a write token and secrets; checking out the PR head runs attacker code with both.",
			Category:    "fork-secret-exposure", Severity: engine.Critical,
			Remediation: "Move the build to a pull_request workflow; keep pull_request_target for trusted metadata only.",
			RelatedResources: []string{
				"https://securitylab.github.com/research/github-actions-preventing-pwn-requests/",
				"https://docs.github.com/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request_target",
			},
			File: "policies/github/privileged_untrusted_checkout.rego", Builtin: true,
		},
		{
			ID: "gha-unpinned-action", Path: "github/unpinned_action",
			Title:       "Third-party action not pinned to a commit SHA",
			Description: "A tag or branch can be moved to different code after review.",
			Category:    "unpinned-action", Severity: engine.Medium,
			Remediation: "Pin the action to a full 40-character commit SHA and keep the tag in a comment.",
			File:        "policies/github/unpinned_action.rego", Builtin: true,
		},
		{
			ID: "gha-undeclared-permissions", Path: "github/undeclared_permissions",
			Title:       "Workflow does not declare token permissions",
			Description: "Without a permissions block the GITHUB_TOKEN gets the repository default, often write-all.",
			Category:    "wildcard-permission", Severity: engine.Low,
			Remediation: "Add a top-level permissions: block with the least each job needs.",
			RelatedResources: []string{
				"https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
			},
			File: "policies/github/undeclared_permissions.rego", Builtin: true,
		},
		{
			ID: "gha-write-all-permissions", Path: "github/write_all_permissions",
			Title:       "Token granted write-all",
			Description: "permissions: write-all gives the GITHUB_TOKEN every write scope.",
			Category:    "wildcard-permission", Severity: engine.High,
			Remediation: "List only the scopes the job needs.",
			File:        "custom/write_all.rego", Builtin: false,
		},
	}
	wf := ".github/workflows/release.yml"
	findings := []engine.Finding{
		{
			RuleID: "gha-undeclared-permissions", Category: "wildcard-permission", Severity: engine.Low,
			Title:    rules[3].Title,
			Message:  `workflow "CI" declares no permissions: the token gets the repository default`,
			Location: engine.Location{File: ".github/workflows/ci.yml", Pos: graph.Pos{Line: 1, Col: 1}},
			NodeID:   ".github/workflows/ci.yml#", Fingerprint: "3f1c2a9be0d47a51",
		},
		{
			RuleID: "gha-prt-checkout-head", Category: "fork-secret-exposure", Severity: engine.Critical,
			Title:    rules[1].Title,
			Message:  `job "build" checks out ${{ github.event.pull_request.head.sha }} on pull_request_target, with secrets.DEPLOY_KEY in reach`,
			Location: engine.Location{File: wf, Pos: graph.Pos{Line: 14, Col: 15, EndLine: 14, EndCol: 56}},
			NodeID:   wf + "#jobs.build.steps[0]", Key: "with.ref",
			Related: []engine.Related{
				{Location: engine.Location{File: wf, Pos: graph.Pos{Line: 3, Col: 3}}, Message: "pull_request_target trigger"},
				{Location: engine.Location{File: wf, Pos: graph.Pos{Line: 20, Col: 9, EndLine: 20, EndCol: 40}}, Message: "secret used by a later step"},
				{Location: engine.Location{File: ".github/actions/build/action.yml", Pos: graph.Pos{Line: 5, Col: 5}}},
			},
			Fingerprint: "a94d0c6e2b7f1d38",
			Snippet:     "          ref: ${{ github.event.pull_request.head.sha }}",
		},
		{
			RuleID: "gha-cloud-key-env", Category: "static-credential", Severity: engine.High,
			Title:    rules[0].Title,
			Message:  "step \"Deploy\" sets AWS_ACCESS_KEY_ID to AKIA…WXYZ, a 100% long-lived key: rotate it,\nthen use OIDC\r",
			Location: engine.Location{File: wf, Pos: graph.Pos{Line: 18, Col: 9}},
			NodeID:   wf + "#jobs.build.steps[1]", Key: "env.AWS_ACCESS_KEY_ID",
			Fingerprint: "5be21f07c9d3a6e4",
			Snippet:     "\tAWS_ACCESS_KEY_ID: AKIA…WXYZ",
		},
		{
			RuleID: "gha-unpinned-action", Category: "unpinned-action", Severity: engine.Medium,
			Title:    rules[2].Title,
			Message:  "step uses docker/build-push-action@v5, a tag, not a commit SHA",
			Location: engine.Location{File: "dir with space/wf.yml", Pos: graph.Pos{Line: 7, Col: 15, EndLine: 7, EndCol: 44}},
			NodeID:   "dir with space/wf.yml#jobs.b.steps[0]", Key: "uses",
			Fingerprint: "0d9e8f7a6b5c4d3e",
			Snippet:     "      - uses: docker/build-push-action@v5",
		},
	}
	diags := []graph.Diagnostic{
		{File: ".github/workflows/broken.yml", Pos: graph.Pos{Line: 4, Col: 7}, Severity: graph.SevError, Code: "parse-error", Message: "mapping values are not allowed in this context"},
		{File: ".github/workflows/huge.yml", Severity: graph.SevError, Code: "file-too-large", Message: "file is 12 MiB, over the 10 MiB limit"},
		{File: ".github/workflows/odd.yml", Pos: graph.Pos{Line: 2, Col: 1}, Severity: graph.SevWarning, Code: "unknown-key", Message: "unknown key \"on_push\", ignored"},
	}
	return &engine.Result{Rules: rules, Findings: findings, Diagnostics: diags, Files: 6}
}

func goldenOptions() Options {
	return Options{Root: goldenRoot, Version: "1.4.0"}
}

// TestGolden compares every format with report/testdata/golden.<ext> byte
// for byte. Rewrite them with `go test ./report -update` and review the
// diff.
func TestGolden(t *testing.T) {
	ext := map[string]string{FormatText: "txt", FormatJSON: "json", FormatSARIF: "sarif", FormatGitHub: "github", FormatGitLab: "gitlab.json", FormatMarkdown: "md"}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			got := render(t, format, goldenResult(), goldenOptions())
			path := filepath.Join("testdata", "golden."+ext[format])
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test ./report -update and review the diff):\n%s", format, path, got)
			}
		})
	}
}

// TestDeterministic renders each format twice; map-backed SARIF property
// bags must not change the bytes.
func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		a := render(t, format, goldenResult(), goldenOptions())
		for i := 0; i < 5; i++ {
			if b := render(t, format, goldenResult(), goldenOptions()); !bytes.Equal(a, b) {
				t.Fatalf("%s output changed between two runs", format)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "xml", goldenResult(), goldenOptions()); err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("unknown format: got %v", err)
	}
	if err := Write(&buf, FormatSARIF, goldenResult(), Options{Root: "rel/dir"}); err == nil {
		t.Error("relative root: want an error")
	}
	if err := Write(&buf, FormatText, nil, Options{}); err == nil {
		t.Error("nil result: want an error")
	}
	for _, format := range Formats() {
		if err := Write(failWriter{}, format, goldenResult(), goldenOptions()); err == nil {
			t.Errorf("%s: a failing writer must give an error", format)
		}
	}
}

func TestTextClean(t *testing.T) {
	res := &engine.Result{Files: 1}
	if got := string(render(t, FormatText, res, Options{})); got != "no findings in 1 file\n" {
		t.Errorf("clean text = %q", got)
	}
	res.Diagnostics = []graph.Diagnostic{{File: "a.yml", Severity: graph.SevError, Code: "read-error", Message: "permission denied"}}
	want := "a.yml: permission denied [read-error]\n\nno findings in 1 file; 1 file could not be fully scanned\n"
	if got := string(render(t, FormatText, res, Options{})); got != want {
		t.Errorf("text with diagnostic = %q, want %q", got, want)
	}
}

func TestJSONEmptyLists(t *testing.T) {
	got := string(render(t, FormatJSON, &engine.Result{}, Options{}))
	for _, key := range []string{`"findings": []`, `"diagnostics": []`, `"rules": []`, `"version": "dev"`} {
		if !strings.Contains(got, key) {
			t.Errorf("empty JSON report lacks %s:\n%s", key, got)
		}
	}
}

func TestTextColor(t *testing.T) {
	got := string(render(t, FormatText, goldenResult(), Options{Color: true}))
	if !strings.Contains(got, ansiRed+"[gha-prt-checkout-head]"+ansiReset) {
		t.Errorf("colored text lacks a red rule id:\n%q", got)
	}
	plain := string(render(t, FormatText, goldenResult(), Options{}))
	if strings.Contains(plain, "\x1b") {
		t.Errorf("text without Color holds an escape:\n%q", plain)
	}
}

func TestCaret(t *testing.T) {
	for _, c := range []struct {
		line string
		col  int
		want string
	}{
		{"abc", 1, "^"},
		{"abc", 3, "  ^"},
		{"\t\tx: y", 3, "\t\t^"},
		{"ab", 5, "    ^"},
		{"é=1", 2, " ^"},
	} {
		if got := caret(c.line, c.col); got != c.want {
			t.Errorf("caret(%q, %d) = %q, want %q", c.line, c.col, got, c.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	if got := oneLine("a\nb\r\tc\x1b[31md"); got != "a b \tc\uFFFD[31md" {
		t.Errorf("oneLine = %q", got)
	}
}

func render(t *testing.T, format string, res *engine.Result, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, res, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }
