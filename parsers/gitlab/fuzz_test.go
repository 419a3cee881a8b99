package gitlab

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/nhilint/nhilint/graph"
)

// FuzzParse parses a pipeline that includes a second file, both fuzzed:
// it must never panic, and every node and key must have a position in a
// file the document knows.
func FuzzParse(f *testing.F) {
	f.Add([]byte("include: ci/t.yml\njob: {extends: .t, script: [x]}\n"), []byte(".t: {variables: {A: b}}\n"))
	f.Add([]byte("a: &a [*a]\n"), []byte("include: .gitlab-ci.yml\n"))
	f.Add([]byte("j:\r\n  script:\r\n    - !reference [.t, script]\r\n"), []byte(".t: {script: [!reference [.t, script]]}\n"))
	f.Add([]byte("x: {<<: [*a]}\n"), []byte("spec: {}\n---\nj: {script: |\n  a\n  b\n}\n"))
	files, _ := filepath.Glob("../../fixtures/*/*/*/.gitlab-ci.yml")
	more, _ := filepath.Glob("../../fixtures/repos/gitlab-realistic/ci/*.yml")
	for _, name := range append(files, more...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, []byte(".t: {script: [x]}\n"))
		}
	}
	f.Fuzz(func(t *testing.T, main, included []byte) {
		fsys := fstest.MapFS{
			".gitlab-ci.yml": {Data: main},
			"ci/t.yml":       {Data: included},
		}
		for _, d := range Parse(fsys, []string{".gitlab-ci.yml"}) {
			checkInvariants(t, d)
		}
	})
}

// checkInvariants fails on a node or key without a position, or located
// in a file whose source the document does not carry.
func checkInvariants(t *testing.T, d *graph.Document) {
	t.Helper()
	for _, diag := range d.Diagnostics {
		if diag.Code == codeInternal {
			t.Fatalf("parser panic: %s", diag.Message)
		}
	}
	known := func(file string) bool {
		_, ok := d.Sources[file]
		return file == d.File || ok
	}
	for _, n := range d.Nodes {
		if !n.Pos.Valid() || !known(n.File) {
			t.Errorf("node %s at %s:%v", n.ID, n.File, n.Pos)
		}
		for key := range n.KeyPos {
			file, p, _ := n.Locate(key)
			if !p.Valid() || !known(file) {
				t.Errorf("%s key %q at %s:%v", n.ID, key, file, p)
			}
		}
	}
}
