package engine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// ruleSource is a complete rule package with one METADATA line replaced or
// removed: drop "severity" removes the "#   severity: ..." line.
func ruleSource(pkg string, edit func(lines []string) []string) string {
	lines := []string{
		"# METADATA",
		"# title: A test rule",
		"# description: Fires on nothing.",
		"# custom:",
		"#   id: test-rule",
		"#   category: other",
		"#   severity: low",
		"#   remediation: Do nothing.",
		"package " + pkg,
		"",
		"findings contains 1 if false",
	}
	if edit != nil {
		lines = edit(lines)
	}
	return strings.Join(lines, "\n") + "\n"
}

// drop removes the METADATA line of a field.
func drop(field string) func([]string) []string {
	return replace(field, "")
}

// replace swaps the METADATA line of a field for another (or removes it).
func replace(field, with string) func([]string) []string {
	return func(lines []string) []string {
		var out []string
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(l, "#"), " "), field+":") {
				if with != "" {
					out = append(out, with)
				}
				continue
			}
			out = append(out, l)
		}
		return out
	}
}

func TestNewRefusesBadRulePackages(t *testing.T) {
	const pkg = "nhilint.rules.test.bad"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // the error names all of these
	}{
		{"no title", one(ruleSource(pkg, drop("title"))), []string{"rule.rego:1:", pkg, "lacks title"}},
		{"no description", one(ruleSource(pkg, drop("description"))), []string{"rule.rego:1:", "lacks description"}},
		{"no id", one(ruleSource(pkg, drop("id"))), []string{"rule.rego:1:", "lacks custom.id"}},
		{"no category", one(ruleSource(pkg, drop("category"))), []string{"rule.rego:1:", "lacks custom.category"}},
		{"no severity", one(ruleSource(pkg, drop("severity"))), []string{"rule.rego:1:", "lacks custom.severity"}},
		{"no remediation", one(ruleSource(pkg, drop("remediation"))), []string{"rule.rego:1:", "lacks custom.remediation"}},
		{"no custom block", one(ruleSource(pkg, func(l []string) []string { return append(l[:3], l[8:]...) })), []string{"lacks custom.id"}},
		{"no METADATA", one("package " + pkg + "\n\nfindings contains 1 if false\n"), []string{"rule.rego:1:", "no package-scoped METADATA"}},
		{"unknown category", one(ruleSource(pkg, replace("category", "#   category: misc"))), []string{"rule.rego:1:", `custom.category "misc"`, "static-credential"}},
		{"unknown severity", one(ruleSource(pkg, replace("severity", "#   severity: blocker"))), []string{"rule.rego:1:", `"blocker"`}},
		{"id not kebab-case", one(ruleSource(pkg, replace("id", "#   id: Test_Rule"))), []string{"rule.rego:1:", `"Test_Rule" is not kebab-case`}},
		{"id not a string", one(ruleSource(pkg, replace("id", "#   id: 42"))), []string{"rule.rego:1:", "custom.id must be a non-empty string"}},
		{"no findings", one(ruleSource(pkg, func(l []string) []string { return append(l[:9], "deny contains 1 if false") })), []string{"rule.rego:1:", "does not define findings"}},
		{"duplicate id", map[string]string{
			"a/rule.rego": ruleSource("nhilint.rules.test.one", nil),
			"b/rule.rego": ruleSource("nhilint.rules.test.two", nil),
		}, []string{"b/rule.rego:1:", `"test-rule" is already used by test/one`, "a/rule.rego"}},
		{"duplicate of a built-in id", one(ruleSource(pkg, replace("id", "#   id: gha-static-credential"))), []string{"rule.rego:1:", "policies/github/static_credential.rego"}},
		{"package too deep", one(ruleSource("nhilint.rules.test.bad.deeper", nil)), []string{"rule.rego:9:", "exactly nhilint.rules.<family>.<name>"}},
		{"package too shallow", one(ruleSource("nhilint.rules.test", nil)), []string{"rule.rego:9:", "exactly nhilint.rules.<family>.<name>"}},
		{"rule package in two files", map[string]string{
			"a.rego": ruleSource(pkg, nil),
			"b.rego": "package " + pkg + "\n\nx := 1\n",
		}, []string{"b.rego:1:", "already defined in", "a.rego"}},
		{"built-in package", one("package nhilint.lib.result\n\nx := 1\n"), []string{"rule.rego:1:", "package nhilint.lib.result is built in"}},
		{"parse error", one("package x\n\nfindings contains if {\n"), []string{"rule.rego:", "parse policy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicies(t, tt.files)
			_, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
			if err == nil {
				t.Fatal("New accepted the policy")
			}
			msg := strings.ReplaceAll(err.Error(), filepath.ToSlash(dir)+"/", "")
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not name %q", msg, w)
				}
			}
		})
	}
}

// one is a policy directory of a single rule.rego.
func one(src string) map[string]string { return map[string]string{"rule.rego": src} }

func TestUserRulesJoinTheCatalog(t *testing.T) {
	dir := writePolicies(t, map[string]string{
		"nested/deeper/echo.rego": echoRule,
		"nested/echo_test.rego":   "this is not even Rego: test files are never loaded",
		".git/junk.rego":          "nor are hidden folders",
		"helpers.rego":            "package acme.helpers\n\nok := true\n",
	})
	e, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := e.Rule("test-echo")
	if !ok {
		t.Fatal("user rule test-echo not in the catalog")
	}
	wantFile := filepath.ToSlash(filepath.Join(dir, "nested", "deeper", "echo.rego"))
	if r.Builtin || r.Path != "test/echo" || r.File != wantFile || r.Severity != High || r.Category != "other" ||
		r.Title != "Echo" || r.Description != "Returns the findings its input asks for." ||
		r.Remediation != "Nothing to do." || len(r.RelatedResources) != 1 || r.RelatedResources[0] != "https://example.com/echo" {
		t.Errorf("rule = %+v", r)
	}
	rules := e.Rules()
	for i := 1; i < len(rules); i++ {
		if rules[i-1].ID >= rules[i].ID {
			t.Errorf("Rules() not sorted by id: %s before %s", rules[i-1].ID, rules[i].ID)
		}
	}
	if b, ok := e.Rule("gha-static-credential"); !ok || !b.Builtin {
		t.Errorf("built-in rule missing or not marked built-in: %+v", b)
	}
	if _, ok := e.Rule("no-such-rule"); ok {
		t.Error("Rule found an unknown id")
	}
}

func TestNewRefusesBadPolicyDirs(t *testing.T) {
	empty := writePolicies(t, map[string]string{"only_test.rego": "package x_test\n"})
	file := filepath.Join(writePolicies(t, one(echoRule)), "rule.rego")
	for name, dir := range map[string]string{
		"missing":      filepath.Join(t.TempDir(), "nope"),
		"no rego":      empty,
		"not a folder": file,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := New(context.Background(), Options{PolicyDirs: []string{dir}}); err == nil {
				t.Errorf("New accepted policy dir %s", dir)
			} else if !strings.Contains(err.Error(), filepath.Base(dir)) {
				t.Errorf("error %q does not name the directory", err)
			}
		})
	}
	t.Run("same dir twice", func(t *testing.T) {
		dir := writePolicies(t, one(echoRule))
		_, err := New(context.Background(), Options{PolicyDirs: []string{dir, dir}})
		if err == nil || !strings.Contains(err.Error(), "loaded twice") {
			t.Errorf("err = %v, want loaded twice", err)
		}
	})
}
