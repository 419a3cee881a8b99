package gitlab

import (
	"testing"
	"testing/fstest"

	"github.com/nhilint/nhilint/graph"
)

// parseFiles parses a MapFS of files and returns the documents.
func parseFiles(t testing.TB, files map[string]string) []*graph.Document {
	t.Helper()
	fsys := fstest.MapFS{}
	var names []string
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
		if IsPipeline(name) {
			names = append(names, name)
		}
	}
	return Parse(fsys, names)
}

// only parses files and returns the single document they make.
func only(t *testing.T, files map[string]string) *graph.Document {
	t.Helper()
	docs := parseFiles(t, files)
	if len(docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(docs))
	}
	return docs[0]
}

// jobNode finds the node of a job by name.
func jobNode(t *testing.T, d *graph.Document, name string) *graph.Node {
	t.Helper()
	for _, n := range d.Nodes {
		if n.Kind == KindJob && n.Attrs["name"] == name {
			return n
		}
	}
	t.Fatalf("no job %q in %s", name, d.File)
	return nil
}

// where is a key's file:line:col, for compact position assertions.
func where(t *testing.T, n *graph.Node, key string) string {
	t.Helper()
	f, p, ok := n.Locate(key)
	if !ok {
		t.Fatalf("%s has no key %q (keys: %v)", n.ID, key, n.KeyPos)
	}
	return f + ":" + p.String()
}

// noDiags fails on any diagnostic.
func noDiags(t *testing.T, d *graph.Document) {
	t.Helper()
	for _, diag := range d.Diagnostics {
		t.Errorf("unexpected diagnostic: %s", diag.Error())
	}
}
