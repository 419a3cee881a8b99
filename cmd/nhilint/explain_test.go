package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/scan"
)

// TestRuleExamples scans every rule's bad example, which must make the
// rule fire, and its good example, which must not; each is written at its
// examples.file in a fresh directory. A rule without examples fails: the
// examples are what `nhilint explain` and docs/rules.md show.
func TestRuleExamples(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scanner := scan.New(eng, scan.Options{})
	for _, r := range eng.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			ex := r.Examples
			if ex == nil {
				t.Fatalf("%s has no custom.examples {file, bad, good} in its METADATA (%s)", r.ID, r.File)
			}
			if n := countFindings(t, scanner, ex.File, ex.Bad, r.ID, ex.Context); n == 0 {
				t.Errorf("bad example (%s) does not make %s fire:\n%s", ex.File, r.ID, ex.Bad)
			}
			if n := countFindings(t, scanner, ex.File, ex.Good, r.ID, ex.Context); n != 0 {
				t.Errorf("good example (%s) makes %s fire %d times:\n%s", ex.File, r.ID, n, ex.Good)
			}
		})
	}
}

// countFindings scans body written at file and counts the findings of
// ruleID, with the example's context files beside it. An error
// diagnostic fails the test: an example must parse.
func countFindings(t *testing.T, s *scan.Scanner, file, body, ruleID string, extra map[string]string) int {
	t.Helper()
	files := map[string]string{file: body}
	for f, b := range extra {
		files[f] = b
	}
	dir := writeRepo(t, files)
	res, _, err := s.Run(context.Background(), dir, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Severity == graph.SevError {
			t.Errorf("example %s: %s:%d: %s [%s]", file, d.File, d.Pos.Line, d.Message, d.Code)
		}
	}
	n := 0
	for _, f := range res.Findings {
		if f.RuleID == ruleID {
			n++
		}
	}
	return n
}

func TestExplain(t *testing.T) {
	code, out, errOut := runCLI("explain", "gha-unpinned-action")
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Third-party action or reusable workflow not pinned to a commit SHA\n====",
		"id:       gha-unpinned-action\ncategory: unpinned-action\nseverity: high\n",
		"Why it matters\n\n  A step or job uses",
		"\n\nBad (.github/workflows/image.yml), flagged:\n\n    name: Image\n",
		"Good (.github/workflows/image.yml), not flagged:",
		"Fix\n\n  Pin the full commit SHA",
		"References\n\n  - https://",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
}

func TestExplainFormats(t *testing.T) {
	code, out, errOut := runCLI("explain", "--format", "json", "gha-unpinned-action")
	if code != exitClean {
		t.Fatalf("json: exit %d: %s", code, errOut)
	}
	var r engine.Rule
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.ID != "gha-unpinned-action" || r.Examples == nil || r.Examples.Bad == "" {
		t.Errorf("json = %+v, %v", r, err)
	}
	code, out, _ = runCLI("explain", "--format", "markdown", "gha-unpinned-action")
	if code != exitClean || !strings.HasPrefix(out, "# gha-unpinned-action\n") || !strings.Contains(out, "```yaml\n") {
		t.Errorf("markdown: exit %d:\n%s", code, out)
	}
}

func TestExplainUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"explain"}, "want exactly one rule id"},
		{[]string{"explain", "a", "b"}, "want exactly one rule id"},
		{[]string{"explain", "--format", "xml", "gha-unpinned-action"}, `unknown format "xml"`},
		{[]string{"explain", "gha-unpined-action"}, `unknown rule "gha-unpined-action" (did you mean gha-unpinned-action`},
		{[]string{"explain", "unpinned"}, "did you mean gha-unpinned-"},
		{[]string{"explain", "zzzz-qqqq-wwww-xxxx-yyyy"}, "nhilint rules lists them"},
	} {
		code, _, errOut := runCLI(c.args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

func TestExplainUserRule(t *testing.T) {
	dir := writeRepo(t, map[string]string{"p.rego": userRule})
	code, out, errOut := runCLI("explain", "--policy", dir, "org-forbidden-job")
	if code != exitClean || !strings.Contains(out, "Forbidden job name") || strings.Contains(out, "Bad (") {
		t.Errorf("user rule without examples: exit %d %s\n%s", code, errOut, out)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"gha-x", "gha-x", 0}, {"ab", "ba", 2}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestFenced(t *testing.T) {
	if got := fenced("run: echo ```x```\n", "yaml"); got != "````yaml\nrun: echo ```x```\n````\n" {
		t.Errorf("fenced = %q", got)
	}
}
