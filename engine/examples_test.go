package engine

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// withExamples adds METADATA lines to the custom block of ruleSource, after
// remediation.
func withExamples(extra ...string) func([]string) []string {
	return func(lines []string) []string {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "#   remediation:") })
		return slices.Concat(lines[:i+1], extra, lines[i+1:])
	}
}

func TestExamplesRead(t *testing.T) {
	src := ruleSource("nhilint.rules.test.ex", withExamples(
		"#   examples:",
		"#     file: .github/workflows/ci.yml",
		"#     bad: |",
		"#       on: push",
		"#       jobs: {}",
		"#     good: |",
		"#       on: pull_request",
	))
	e, err := New(context.Background(), Options{PolicyDirs: []string{writePolicies(t, one(src))}})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := e.Rule("test-rule")
	want := Examples{File: ".github/workflows/ci.yml", Bad: "on: push\njobs: {}\n", Good: "on: pull_request\n"}
	if r.Examples == nil || !reflect.DeepEqual(*r.Examples, want) {
		t.Errorf("examples = %+v, want %+v", r.Examples, want)
	}
	if echo, _ := New(context.Background(), Options{PolicyDirs: []string{writePolicies(t, one(ruleSource("nhilint.rules.test.ex", nil)))}}); echo != nil {
		if r, _ := echo.Rule("test-rule"); r.Examples != nil {
			t.Errorf("a rule without custom.examples has %+v", r.Examples)
		}
	}
}

func TestExamplesRefused(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"not a mapping", []string{"#   examples: just text"}, "custom.examples: must be a mapping"},
		{"no good", []string{"#   examples:", "#     file: a.yml", "#     bad: x"}, "good must be a non-empty string"},
		{"empty file", []string{"#   examples:", `#     file: ""`, "#     bad: x", "#     good: y"}, "file must be a non-empty string"},
		{"bad not a string", []string{"#   examples:", "#     file: a.yml", "#     bad: [1]", "#     good: y"}, "bad must be a non-empty string"},
		{"absolute file", []string{"#   examples:", "#     file: /etc/passwd", "#     bad: x", "#     good: y"}, `file "/etc/passwd" must be a relative slash path`},
		{"escaping file", []string{"#   examples:", "#     file: ../ci.yml", "#     bad: x", "#     good: y"}, "must be a relative slash path"},
		{"unknown key", []string{"#   examples:", "#     file: a.yml", "#     bad: x", "#     good: y", "#     ugly: z"}, `unknown key "ugly"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writePolicies(t, one(ruleSource("nhilint.rules.test.ex", withExamples(c.lines...))))
			_, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
			if err == nil {
				t.Fatal("New accepted the examples")
			}
			msg := strings.ReplaceAll(err.Error(), filepath.ToSlash(dir)+"/", "")
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "rule.rego:1:") {
				t.Errorf("error %q does not say %q at rule.rego:1", msg, c.want)
			}
		})
	}
}
