package engine

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/policies"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// embeddedWithTests parses every embedded module, *_test.rego included.
func embeddedWithTests(t *testing.T) map[string]*ast.Module {
	t.Helper()
	srcs, err := loadEmbedded(capabilities(), true)
	if err != nil {
		t.Fatal(err)
	}
	return modules(srcs)
}

// TestRegoPolicies runs every Rego test of the embedded policies with OPA's
// tester, compiled exactly as scans compile (same capabilities, strict
// mode), one subtest per Rego test: go test -run 'TestRegoPolicies/nhilint.lib.result_test'.
func TestRegoPolicies(t *testing.T) {
	ctx := context.Background()
	compiler := newCompiler(capabilities()).WithEnablePrintStatements(true)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetModules(embeddedWithTests(t)).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		RunTests(ctx, nil)
	if err != nil {
		t.Fatalf("compile policies and tests: %v", err)
	}
	var results []*tester.Result
	for r := range ch {
		results = append(results, r)
	}
	if len(results) == 0 {
		t.Fatal("no Rego test found")
	}
	// Results arrive in any order; subtests run in a stable one.
	sort.Slice(results, func(i, j int) bool { return testName(results[i]) < testName(results[j]) })
	for _, r := range results {
		t.Run(testName(r), func(t *testing.T) { reportRegoTest(t, r) })
	}
}

// testName is "<package>.<test>" without the data. prefix.
func testName(r *tester.Result) string {
	return strings.TrimPrefix(r.Package, "data.") + "." + r.Name
}

// reportRegoTest turns one tester.Result into the subtest's outcome.
func reportRegoTest(t *testing.T, r *tester.Result) {
	t.Helper()
	loc := ""
	if r.Location != nil {
		loc = fmt.Sprintf("%s:%d: ", r.Location.File, r.Location.Row)
	}
	switch {
	case r.Skip:
		t.Skip("todo_test_")
	case r.Error != nil:
		t.Errorf("%s%s: error: %v\n%s", loc, r.Name, r.Error, r.Output)
	case r.Fail:
		at := ""
		if r.FailedAt != nil && r.FailedAt.Location != nil {
			at = fmt.Sprintf(" at line %d: %s", r.FailedAt.Location.Row, r.FailedAt)
		}
		t.Errorf("%s%s failed%s\n%s", loc, r.Name, at, r.Output)
	}
}

// TestEveryRuleHasRegoTests demands a sibling <rule>_test.rego with at
// least one test_fail_ and one test_success_ test for each built-in rule.
func TestEveryRuleHasRegoTests(t *testing.T) {
	mods := embeddedWithTests(t)
	for _, r := range builtinRules(t) {
		t.Run(r.ID, func(t *testing.T) {
			name := strings.TrimSuffix(r.File, ".rego") + "_test.rego"
			m, ok := mods[name]
			if !ok {
				t.Fatalf("rule %s (%s) has no test file %s", r.ID, r.File, name)
			}
			for _, prefix := range []string{"test_fail_", "test_success_"} {
				if countTests(m, prefix) == 0 {
					t.Errorf("%s has no %s* test", name, prefix)
				}
			}
		})
	}
}

// TestRuleFilesNamedByPackage keeps policies/<family>/<name>.rego and
// package nhilint.rules.<family>.<name> in step, so a rule is found from
// either.
func TestRuleFilesNamedByPackage(t *testing.T) {
	for _, r := range builtinRules(t) {
		if want := builtinPrefix + r.Path + ".rego"; r.File != want {
			t.Errorf("rule %s: package %s is in %s, want %s", r.ID, r.Path, r.File, want)
		}
	}
}

// TestRuleIDsUnique checks the catalog's ids (New refuses duplicates; this
// keeps that promise tested against the real rule set).
func TestRuleIDsUnique(t *testing.T) {
	seen := map[string]string{}
	for _, r := range builtinRules(t) {
		if prev, ok := seen[r.ID]; ok {
			t.Errorf("rule id %s used by %s and %s", r.ID, prev, r.File)
		}
		seen[r.ID] = r.File
	}
}

// TestLibFilesHaveTests demands lib/<name>_test.rego, with tests, for each
// helper file lib/<name>.rego.
func TestLibFilesHaveTests(t *testing.T) {
	mods := embeddedWithTests(t)
	libs := 0
	for name := range mods {
		if path.Dir(name) != builtinPrefix+"lib" || isTestFile(name) {
			continue
		}
		libs++
		test := strings.TrimSuffix(name, ".rego") + "_test.rego"
		if m, ok := mods[test]; !ok {
			t.Errorf("%s has no test file %s", name, test)
		} else if countTests(m, "test_") == 0 {
			t.Errorf("%s has no test_ rule", test)
		}
	}
	if libs == 0 {
		t.Error("no lib helper found under policies/lib")
	}
}

// TestScannerSkipsRegoTests: tests are embedded (TestRegoPolicies needs
// them) but the scanner never loads them.
func TestScannerSkipsRegoTests(t *testing.T) {
	all, err := embeddedFiles(policies.FS(), true)
	if err != nil {
		t.Fatal(err)
	}
	scanned, err := embeddedFiles(policies.FS(), false)
	if err != nil {
		t.Fatal(err)
	}
	tests := 0
	for _, n := range all {
		if isTestFile(n) {
			tests++
		}
	}
	if tests == 0 || len(scanned) != len(all)-tests {
		t.Errorf("%d embedded files, %d tests, %d loaded by the scanner", len(all), tests, len(scanned))
	}
	for _, n := range scanned {
		if isTestFile(n) {
			t.Errorf("scanner loads %s", n)
		}
	}
}

// builtinRules loads the embedded catalog.
func builtinRules(t *testing.T) []*Rule {
	t.Helper()
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e.Rules()
}

// countTests counts the rules of m whose name starts with prefix.
func countTests(m *ast.Module, prefix string) int {
	n := 0
	for _, r := range m.Rules {
		if strings.HasPrefix(r.Head.Ref().String(), prefix) {
			n++
		}
	}
	return n
}
