package terraform

import (
	"fmt"
	"io/fs"
	"os"
	"testing"
	"time"
)

// TestCorpus evaluates every Terraform file under $TF_CORPUS (skipped
// without it) and prints the diagnostics and the time taken: a tool for
// judging the parser on real trees, not a regression test.
func TestCorpus(t *testing.T) {
	root := os.Getenv("TF_CORPUS")
	if root == "" {
		t.Skip()
	}
	fsys := os.DirFS(root)
	var files []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && IsTerraform(p) {
			files = append(files, p)
		}
		return nil
	})
	start := time.Now()
	docs := Parse(fsys, files, Options{})
	el := time.Since(start)
	nodes := 0
	for _, d := range docs {
		nodes += len(d.Nodes)
	}
	for _, d := range diags(docs) {
		fmt.Println(d)
	}
	fmt.Println("files", len(files), "docs", len(docs), "nodes", nodes, "time", el)
}
