package ghactions

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// KindAction is the node kind of an action metadata file's root.
const KindAction = "gha.action"

// ParseAction parses action metadata (action.yml / action.yaml) into a
// gha.action node and, for composite actions, gha.step nodes
// "<file>#runs.steps[<i>]" built exactly like workflow steps. It uses
// yaml.v3 nodes throughout: actionlint's ActionMetadata keeps no positions
// for composite steps. Like ParseWorkflow it never panics or fails.
// See https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax
func ParseAction(file string, src []byte) *graph.Document {
	return Options{}.ParseAction(file, src)
}

// ParseAction is the package's ParseAction within o's limits.
func (o Options) ParseAction(file string, src []byte) (doc *graph.Document) {
	doc = graph.NewDocument(file, KindAction, src)
	defer recoverInto(doc)
	root := readRoot(doc, src, "action metadata")
	if root == nil {
		return doc
	}
	newBuilder(doc, src, o.maxNodes()).action(root)
	return doc
}

// action builds the root node and its composite steps.
func (b *builder) action(root *yaml.Node) {
	nb := b.newNode(KindAction, "", yamlpos.Of(root))
	var runs *yaml.Node
	for _, p := range uniquePairs(root) {
		key := p.Key.Value
		nb.key(key, p.Key)
		switch key {
		case "name", "description":
			if s, ok := yamlpos.Text(p.Value); ok {
				nb.set(key, s)
			}
		case "inputs":
			nb.set("inputs", nb.inputs(p.Value))
		case "outputs":
			for _, o := range yamlpos.Pairs(p.Value) {
				nb.key("outputs."+o.Key.Value, o.Key)
				nb.scanField("outputs."+o.Key.Value, o.Value, "value")
			}
		case "runs":
			runs = p.Value
		}
	}
	if runs == nil {
		b.doc.Diag(yamlpos.Of(root), graph.SevWarning, codeAction, "action metadata has no \"runs\" section")
	} else {
		nb.runs(runs)
	}
	nb.finish()
}

// inputs reads `inputs:` as name → the input's scalar fields as written,
// and scans the defaults for expressions (descriptions are never evaluated).
func (nb *nodeBuild) inputs(n *yaml.Node) map[string]any {
	out := map[string]any{}
	for _, p := range yamlpos.Pairs(n) {
		name := p.Key.Value
		if _, dup := out[name]; dup {
			continue
		}
		nb.key("inputs."+name, p.Key)
		fields := map[string]any{}
		for _, f := range uniquePairs(p.Value) {
			if s, ok := yamlpos.Text(f.Value); ok {
				fields[f.Key.Value] = s
			}
		}
		out[name] = fields
		nb.scanField("inputs."+name, p.Value, "default")
	}
	return out
}

// scanField scans the one entry `name` of mapping n, as field
// "<prefix>.<name>".
func (nb *nodeBuild) scanField(prefix string, n *yaml.Node, name string) {
	for _, p := range yamlpos.Pairs(n) {
		if p.Key.Value == name {
			nb.scan(prefix+"."+name, p.Value, false)
		}
	}
}

// runs reads `runs:`: its scalar settings, docker args and env, and the
// steps of a composite action.
func (nb *nodeBuild) runs(n *yaml.Node) {
	out := map[string]any{}
	var steps *yaml.Node
	for _, p := range uniquePairs(n) {
		key := p.Key.Value
		nb.key("runs."+key, p.Key)
		switch key {
		case "steps":
			steps = p.Value
			continue
		case "args":
			out["args"] = yamlpos.StringList(p.Value)
		case "env":
			out["env"] = nb.entries("runs.env", p.Value, false)
		default:
			if s, ok := yamlpos.Text(p.Value); ok {
				out[key] = s
			}
		}
		nb.scan("runs."+key, p.Value, false)
	}
	nb.set("runs", out)
	using, _ := out["using"].(string)
	switch {
	case using == "":
		nb.doc.Diag(yamlpos.Of(n), graph.SevWarning, codeAction, "\"runs\" section has no \"using\"")
	case strings.EqualFold(using, "composite"):
		if steps == nil {
			nb.doc.Diag(yamlpos.Of(n), graph.SevWarning, codeAction, "composite action has no \"steps\"")
		}
		nb.set("steps", nb.steps(nb.node, "runs", steps))
	}
}
