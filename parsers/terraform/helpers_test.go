package terraform

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhilint/nhilint/graph"
)

// tree builds an in-memory scan root from path → content.
func tree(files map[string]string) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	var names []string
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		if IsTerraform(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return fsys, names
}

// parse evaluates an in-memory tree.
func parse(t *testing.T, files map[string]string) []*graph.Document {
	t.Helper()
	fsys, names := tree(files)
	return Parse(fsys, names, Options{})
}

// node finds a node by id across documents.
func node(t *testing.T, docs []*graph.Document, id string) *graph.Node {
	t.Helper()
	for _, d := range docs {
		for _, n := range d.Nodes {
			if n.ID == id {
				return n
			}
		}
	}
	var ids []string
	for _, d := range docs {
		for _, n := range d.Nodes {
			ids = append(ids, n.ID)
		}
	}
	t.Fatalf("no node %q; have %s", id, strings.Join(ids, ", "))
	return nil
}

// jsonOf renders an Attrs value compactly for comparisons.
func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// located renders where a key of n is written: "file:line:col".
func located(n *graph.Node, key string) string {
	f, p, ok := n.Locate(key)
	if !ok {
		return "missing"
	}
	return f + ":" + p.String()
}

// diags renders every diagnostic of docs.
func diags(docs []*graph.Document) []string {
	var out []string
	for _, d := range docs {
		for _, x := range d.Diagnostics {
			out = append(out, x.Error())
		}
	}
	return out
}
