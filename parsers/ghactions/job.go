package ghactions

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// job builds the node of `jobs.<id>` and its steps. wfPerms is the
// workflow's normalized permissions, inherited when the job has none.
// See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobs
func (b *builder) job(wf *graph.Node, wfPerms map[string]any, k, v *yaml.Node) map[string]any {
	path := "jobs." + k.Value
	nb := b.newNode("gha.job", path, yamlpos.Of(k))
	nb.node.Anchor = path
	nb.set("workflow", wf.ID)
	nb.set("job_id", k.Value)
	nb.key("job_id", k)
	perms := undeclared()
	var steps *yaml.Node
	for _, p := range uniquePairs(v) {
		key := p.Key.Value
		nb.key(key, p.Key)
		switch key {
		case "steps":
			steps = p.Value
			continue // steps are nodes of their own
		case "if":
			nb.condition(key, p.Value)
		default:
			nb.scan(key, p.Value, key == "with" || key == "secrets")
		}
		if key == "permissions" {
			perms = permissions(p.Value)
		}
		nb.jobField(key, p.Value)
	}
	nb.set("permissions", perms)
	if perms["declared"] == true {
		nb.set("effective_permissions", perms)
	} else {
		nb.set("effective_permissions", wfPerms)
	}
	if _, call := nb.node.Attrs["uses"]; call {
		if _, ok := nb.node.Attrs["secrets_inherit"]; !ok {
			nb.set("secrets_inherit", false)
		}
	} else {
		nb.set("steps", b.steps(nb.node, path, steps))
	}
	return nb.finish().Attrs
}

// jobField sets the attribute of one job entry.
func (nb *nodeBuild) jobField(key string, v *yaml.Node) {
	switch key {
	case "name", "if":
		if s, ok := yamlpos.Text(v); ok {
			nb.set(key, s)
		}
	case "needs":
		nb.set("needs", yamlpos.StringList(v))
	case "runs-on":
		nb.set("runs_on", runsOn(v))
	case "environment":
		nb.set("environment", named(v, "name", "name", "url"))
	case "container":
		nb.set("container", named(v, "image", "image"))
	case "env":
		if v.Kind == yaml.MappingNode {
			nb.set("env", nb.entries("env", v, false))
		}
	case "uses":
		if s, ok := yamlpos.Text(v); ok {
			nb.set("uses", parseUses(s, true))
		}
	case "with":
		nb.set("with", nb.entries("with", v, true))
	case "secrets":
		if s, ok := yamlpos.Text(v); ok {
			nb.set("secrets_inherit", strings.TrimSpace(s) == "inherit")
		} else {
			nb.set("secrets", nb.entries("secrets", v, true))
		}
	}
}

// named reads a value written either as a bare scalar (which is the field
// short) or as a mapping, keeping the listed fields.
func named(n *yaml.Node, short string, fields ...string) map[string]any {
	out := map[string]any{}
	if s, ok := yamlpos.Text(n); ok {
		out[short] = s
		return out
	}
	for _, p := range yamlpos.Pairs(n) {
		for _, f := range fields {
			if p.Key.Value == f {
				if s, ok := yamlpos.Text(p.Value); ok {
					out[f] = s
				}
			}
		}
	}
	return out
}

// githubImages are the label prefixes of GitHub-hosted runner images.
// https://docs.github.com/en/actions/reference/runners/github-hosted-runners
var githubImages = []string{"ubuntu-", "windows-", "macos-"}

// runsOn normalizes `runs-on:` (a label, a list, {group, labels}, or an
// expression) to docs/input.md's runs_on object.
func runsOn(n *yaml.Node) map[string]any {
	r := map[string]any{}
	var labels []any
	var exprs []string
	addLabels := func(v *yaml.Node) {
		for _, l := range yamlpos.StringList(v) {
			s := l.(string)
			if strings.Contains(s, "${{") {
				exprs = append(exprs, s)
			} else {
				labels = append(labels, s)
			}
		}
	}
	if yamlpos.Resolve(n) != nil && yamlpos.Resolve(n).Kind == yaml.MappingNode {
		for _, p := range yamlpos.Pairs(n) {
			switch p.Key.Value {
			case "group":
				if s, ok := yamlpos.Text(p.Value); ok {
					r["group"] = s
				}
			case "labels":
				addLabels(p.Value)
			}
		}
	} else {
		addLabels(n)
	}
	if labels == nil {
		labels = []any{}
	}
	r["labels"] = labels
	if len(exprs) > 0 {
		r["expr"] = strings.Join(exprs, ", ")
	}
	r["self_hosted"], r["github_hosted"] = hosting(labels, r)
	return r
}

// hosting classifies a runner: self-hosted when a label says so, GitHub
// hosted when every label names a GitHub image and nothing is dynamic.
func hosting(labels []any, r map[string]any) (self, github bool) {
	github = len(labels) > 0 && r["group"] == nil && r["expr"] == nil
	for _, l := range labels {
		s := strings.ToLower(l.(string))
		if s == "self-hosted" {
			self = true
		}
		if !hasAnyPrefix(s, githubImages) {
			github = false
		}
	}
	return self, github && !self
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
