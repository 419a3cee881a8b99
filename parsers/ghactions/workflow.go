package ghactions

import (
	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// KindWorkflow is the node kind of a workflow file's root.
const KindWorkflow = "gha.workflow"

// ParseWorkflow parses a GitHub Actions workflow file into a document of
// gha.workflow, gha.job and gha.step nodes (docs/input.md). Bad input never
// panics and never fails: YAML errors become parse-error diagnostics (and no
// root), actionlint's structural complaints become workflow-syntax warnings
// on an otherwise complete document.
func ParseWorkflow(file string, src []byte) *graph.Document {
	return Options{}.ParseWorkflow(file, src)
}

// ParseWorkflow is the package's ParseWorkflow within o's limits.
func (o Options) ParseWorkflow(file string, src []byte) (doc *graph.Document) {
	doc = graph.NewDocument(file, KindWorkflow, src)
	defer recoverInto(doc)
	root := readRoot(doc, src, "workflow")
	if root == nil {
		return doc
	}
	// actionlint reads the same bytes with its own YAML library: its model
	// gives the triggers, its errors the structural warnings. The graph
	// itself is built from yaml.v3 nodes, which keep every key's position.
	// actionlint expands aliases eagerly, so it only sees files whose
	// expansion stays small.
	var w *actionlint.Workflow
	if max := o.maxNodes(); yamlpos.ExpandedSize(root, max) > max {
		doc.Diag(yamlpos.Of(root), graph.SevError, codeParse,
			"YAML aliases are recursive or expand to more than %d nodes (raise the limit with --max-yaml-nodes): aliased values are cut short and actionlint's checks are skipped", max)
	} else {
		var errs []*actionlint.Error
		w, errs = actionlint.Parse(src)
		syntaxWarnings(doc, errs)
	}
	newBuilder(doc, src, o.maxNodes()).workflow(root, w)
	return doc
}

// workflow builds the root node and its jobs.
func (b *builder) workflow(root *yaml.Node, w *actionlint.Workflow) {
	nb := b.newNode(KindWorkflow, "", yamlpos.Of(root))
	perms := undeclared()
	var jobs *yaml.Node
	for _, p := range uniquePairs(root) {
		key := p.Key.Value
		nb.key(key, p.Key)
		switch key {
		case "jobs":
			jobs = p.Value
			continue
		case "on":
			continue // triggers come from actionlint's model below
		case "name":
			if s, ok := yamlpos.Text(p.Value); ok {
				nb.set("name", s)
			}
		case "permissions":
			perms = permissions(p.Value)
		case "env":
			if p.Value.Kind == yaml.MappingNode {
				nb.set("env", nb.entries("env", p.Value, false))
			}
		}
		nb.scan(key, p.Value, false)
	}
	nb.set("permissions", perms)
	var events []actionlint.Event
	if w != nil {
		events = w.On
	}
	nb.set("triggers", nb.triggers(events))
	list := []any{}
	for _, p := range uniquePairs(jobs) {
		if p.Value.Kind == yaml.MappingNode {
			list = append(list, b.job(nb.node, perms, p.Key, p.Value))
		}
	}
	nb.set("jobs", list)
	nb.finish()
}
