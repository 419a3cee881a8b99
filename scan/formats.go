package scan

import (
	"bytes"
	"io/fs"
	"path"
	"strings"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/ghactions"
	"github.com/nhilint/nhilint/parsers/gitlab"
	"github.com/nhilint/nhilint/parsers/iam"
	"github.com/nhilint/nhilint/parsers/terraform"
)

// formats are the input formats a scan reads, in the order they claim
// files: the first whose match accepts a path parses it.
func formats(opts Options) []format {
	tf := terraform.Options{VarFiles: opts.VarFiles, MaxInstances: opts.MaxInstances}
	gha := ghactions.Options{MaxNodes: opts.MaxYAMLNodes}
	gl := gitlab.Options{MaxNodes: opts.MaxYAMLNodes, MaxIncludes: opts.MaxIncludes, MaxIncludeDepth: opts.MaxIncludeDepth}
	return []format{
		{name: "gha.workflow", match: isWorkflow, parse: gha.ParseWorkflow},
		{name: "gha.action", match: isAction, parse: gha.ParseAction},
		{name: "gitlab", match: gitlab.IsPipeline, parseTree: gl.ParseProject},
		{name: "terraform", match: terraform.IsTerraform, parseTree: func(fsys fs.FS, _ string, files []string) []*graph.Document {
			return terraform.Parse(fsys, files, tf)
		}},
		{name: "json", match: isJSON, parse: parseJSON},
	}
}

// isWorkflow reports whether rel is a workflow file: GitHub reads only
// the top level of .github/workflows.
func isWorkflow(rel string) bool {
	dir, name := path.Split(rel)
	ext := path.Ext(name)
	return (ext == ".yml" || ext == ".yaml") &&
		(dir == ".github/workflows/" || strings.HasSuffix(dir, "/.github/workflows/"))
}

// isAction reports whether rel is action metadata (action.yml anywhere).
func isAction(rel string) bool {
	name := path.Base(rel)
	return name == "action.yml" || name == "action.yaml"
}

// isJSON reports whether rel is a JSON file that may hold an IAM policy
// or a Terraform plan; which one (if any) is decided by its content.
func isJSON(rel string) bool { return strings.HasSuffix(rel, ".json") }

// parseJSON reads a plan or an IAM policy file by shape; any other JSON
// is not a file nhilint scans and yields no document.
func parseJSON(rel string, src []byte) *graph.Document {
	if bytes.Contains(src, []byte(`"planned_values"`)) || bytes.Contains(src, []byte(`"resource_changes"`)) {
		if doc := terraform.ParsePlan(rel, src); doc != nil {
			return doc
		}
	}
	if bytes.Contains(src, []byte(`"Statement"`)) {
		return iam.ParseFile(rel, src)
	}
	return nil
}
