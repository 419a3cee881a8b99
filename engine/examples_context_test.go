package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// TestExamplesContext reads custom.examples.context, the other files a
// cross-document rule's examples are scanned with, and refuses paths
// outside the scan root and the example's own file.
func TestExamplesContext(t *testing.T) {
	base := []string{"#   examples:", "#     file: a.yml", "#     bad: x", "#     good: y", "#     context:"}
	src := ruleSource("nhilint.rules.test.ex", withExamples(append(base, "#       infra/main.tf: |", `#         resource "x" "y" {}`)...))
	e, err := New(context.Background(), Options{PolicyDirs: []string{writePolicies(t, one(src))}})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := e.Rule("test-rule")
	if want := map[string]string{"infra/main.tf": "resource \"x\" \"y\" {}\n"}; r.Examples == nil || !reflect.DeepEqual(r.Examples.Context, want) {
		t.Errorf("context = %+v, want %v", r.Examples, want)
	}
	for _, bad := range [][]string{
		{"#       ../main.tf: x"},
		{"#       a.yml: x"},
		{"#       main.tf: [1]"},
	} {
		src := ruleSource("nhilint.rules.test.ex", withExamples(append(append([]string{}, base...), bad...)...))
		_, err := New(context.Background(), Options{PolicyDirs: []string{writePolicies(t, one(src))}})
		if err == nil || !strings.Contains(err.Error(), "context") {
			t.Errorf("%v: error %v, want a context error", bad, err)
		}
	}
	src = ruleSource("nhilint.rules.test.ex", withExamples(append(append([]string{}, base[:4]...), "#     context: text")...))
	if _, err := New(context.Background(), Options{PolicyDirs: []string{writePolicies(t, one(src))}}); err == nil || !strings.Contains(err.Error(), "context must be a mapping") {
		t.Errorf("a context that is not a mapping: %v", err)
	}
}
