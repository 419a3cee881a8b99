package main

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

var update = flag.Bool("update", false, "rewrite generated documentation")

const (
	readmePath   = "../../README.md"
	rulesDocPath = "../../docs/rules.md"
	tableStart   = "<!-- rules:start -->\n"
	tableEnd     = "<!-- rules:end -->"
)

// TestDocsMatchCatalog keeps docs/rules.md and the README's rule table
// equal to what the loaded rule metadata says (rewrite with -update).
func TestDocsMatchCatalog(t *testing.T) {
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := eng.Rules()
	checkGenerated(t, rulesDocPath, func(string) string { return rulesMarkdown(rules) })
	checkGenerated(t, readmePath, func(old string) string {
		before, rest, ok1 := strings.Cut(old, tableStart)
		_, after, ok2 := strings.Cut(rest, tableEnd)
		if !ok1 || !ok2 {
			t.Fatalf("README.md lacks the %q … %q markers", tableStart, tableEnd)
		}
		return before + tableStart + rulesTable(rules) + tableEnd + after
	})
}

func checkGenerated(t *testing.T, path string, gen func(old string) string) {
	t.Helper()
	old, err := os.ReadFile(path)
	if err != nil && !(*update && os.IsNotExist(err)) {
		t.Fatal(err)
	}
	want := gen(string(old))
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(old) != want {
		t.Errorf("%s is out of date with the rule metadata: run go test ./cmd/nhilint -run TestDocs -update", path)
	}
}
