package gitlab

import (
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// Node kinds nested in a pipeline.
const (
	KindJob     = "gitlab.job"
	KindInclude = "gitlab.include"
)

// nodeBuild is one graph node under construction.
type nodeBuild struct {
	*config
	node *graph.Node
}

func (c *config) newNode(kind, path string, at *yaml.Node) *nodeBuild {
	nb := &nodeBuild{config: c, node: c.doc.AddNode(kind, path, yamlpos.Of(at))}
	if f := c.fileOf[at]; f != "" && f != c.doc.File {
		nb.node.SetFile(f)
	}
	return nb
}

// key records where a key of the node is written, in whichever file.
func (nb *nodeBuild) key(name string, n *yaml.Node) {
	if n != nil {
		nb.node.SetKey(name, nb.fileOf[n], nb.pos(n))
	}
}

// pos is where n is written: for a scalar value, its first character
// (after any tag, anchor or quote; the first line of a block scalar).
func (c *config) pos(n *yaml.Node) graph.Pos {
	if src, ok := c.sources[c.fileOf[n]]; ok && yamlpos.IsScalar(n) {
		return src.ValueStart(n)
	}
	return yamlpos.Of(n)
}

func (nb *nodeBuild) set(name string, v any) { nb.node.Attrs[name] = v }

// pipeline builds the root node, its includes and its jobs.
func (c *config) pipeline(root *yaml.Node) {
	nb := c.newNode(KindPipeline, "", root)
	globals := nb.variables("variables", c.deref(c.get(c.top, "variables")))
	resolveVariables(globals, scopeOf(map[string]string{}, globals, anyKeys(globals)))
	nb.set("variables", globals)
	nb.set("stages", yamlpos.StringList(c.deref(c.get(c.top, "stages"))))
	workflow := c.deref(c.get(c.top, "workflow"))
	if p, ok := c.lookup(workflow, "rules"); ok {
		nb.key("workflow.rules", p.key)
		nb.set("workflow_rules", nb.rules("workflow.rules", p.value))
	}
	nb.set("includes", c.includeNodes(nb.node.ID))
	nb.set("complete", !c.incomplete)
	jobs := []any{}
	templates := []any{}
	for _, p := range c.entries {
		switch {
		case isJob(p):
			jobs = append(jobs, c.job(nb.node, p, globals).Attrs)
		case !reserved[p.key.Value] && len(p.key.Value) > 0 && p.key.Value[0] == '.':
			templates = append(templates, p.key.Value)
		case !reserved[p.key.Value]:
			c.diagAt(p.key, graph.SevWarning, codeSyntax, "top-level key %q is not a job: its value must be a mapping", p.key.Value)
		}
	}
	nb.set("jobs", jobs)
	nb.set("hidden_jobs", templates)
}

// includeNodes builds one gitlab.include node per include: entry.
func (c *config) includeNodes(pipeline string) []any {
	out := make([]any, 0, len(c.includes))
	for i, inc := range c.includes {
		nb := c.newNode(KindInclude, "include["+strconv.Itoa(i)+"]", inc.entry)
		nb.set("pipeline", pipeline)
		for k, v := range inc.attrs {
			nb.set(k, v)
		}
		for k, n := range inc.keys {
			nb.key(k, n)
		}
		out = append(out, nb.node.Attrs)
	}
	return out
}

// job builds the node of one job: its resolved configuration (extends,
// default:) with every value at the place it is written.
func (c *config) job(pipeline *graph.Node, p pair, globals map[string]any) *graph.Node {
	name := p.key.Value
	nb := c.newNode(KindJob, "jobs."+name, p.key)
	nb.node.Anchor = "jobs." + name
	nb.set("pipeline", pipeline.ID)
	nb.set("name", name)
	nb.set("extends", yamlpos.StringList(c.get(p.value, "extends")))
	nb.set("unresolved_extends", c.unresolved(name))
	cfg := c.resolved(name)
	if cfg == nil {
		cfg = p.value
	}
	cfg = c.withDefaults(cfg)
	nb.set("stage", "test")
	own := map[string]any{}
	for _, e := range c.pairs(cfg) {
		nb.field(e.key, c.deref(e.value), &own)
	}
	nb.set("variables", own)
	inherited := []any{}
	keep := c.inherits(cfg, "variables")
	for _, n := range sortedKeys(globals) {
		if keep(n) {
			inherited = append(inherited, n)
		}
	}
	nb.set("global_variables", inherited)
	nb.set("inherited", c.inherited(nb.node))
	scope := scopeOf(map[string]string{}, globals, inherited)
	resolveVariables(own, scopeOf(scope, own, anyKeys(own)))
	return nb.node
}

// field sets the attribute and keys of one job keyword.
func (nb *nodeBuild) field(k, v *yaml.Node, vars *map[string]any) {
	key := k.Value
	nb.key(key, k)
	if v == nil {
		return
	}
	switch key {
	case "script", "before_script", "after_script":
		nb.set(key, nb.script(key, v))
	case "variables":
		*vars = nb.variables("variables", v)
	case "stage", "when", "resource_group", "coverage":
		if s, ok := yamlpos.Text(v); ok {
			nb.set(key, s)
		}
	case "image":
		nb.set("image", nb.image(v))
	case "services":
		nb.set("services", nb.services(v))
	case "environment":
		nb.set("environment", nb.environment(v))
	case "trigger":
		nb.set("trigger", nb.trigger(v))
	case "needs":
		nb.set("needs", nb.needs(v))
	case "id_tokens":
		nb.set("id_tokens", nb.idTokens(v))
	case "secrets":
		nb.set("secrets", nb.secrets(v))
	case "rules":
		nb.set("rules", nb.rules("rules", v))
	case "only", "except":
		nb.set(key, nb.onlyExcept(v))
	case "tags":
		nb.set("tags", yamlpos.StringList(v))
	}
}

// anyKeys lists a map's keys in order, as []any.
func anyKeys(m map[string]any) []any {
	out := make([]any, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, k)
	}
	return out
}

// inherited maps each key of a job written outside the job's own
// definition (in a template it extends, default:, an anchor, another
// file) to {"file", "from"}: the file and the top-level entry (".aws",
// "default") that writes it.
func (c *config) inherited(job *graph.Node) map[string]any {
	name, _ := job.Attrs["name"].(string)
	out := map[string]any{}
	for key := range job.KeyPos {
		file, pos, _ := job.Locate(key)
		from := c.entryAt(file, pos.Line)
		if file != job.File || from != name {
			out[key] = map[string]any{"file": file, "from": from}
		}
	}
	return out
}

// unresolved lists the templates in a job's extends chain that the
// pipeline does not define (they live in includes that were not read).
func (c *config) unresolved(name string) []any {
	out := []any{}
	seen := map[string]bool{name: true}
	queue := []string{name}
	for len(queue) > 0 && len(seen) < 1000 {
		p, ok := c.index[queue[0]]
		queue = queue[1:]
		if !ok {
			continue
		}
		for _, parent := range c.strings(c.get(p.value, "extends")) {
			if seen[parent] {
				continue
			}
			seen[parent] = true
			if _, defined := c.index[parent]; !defined {
				out = append(out, parent)
			}
			queue = append(queue, parent)
		}
	}
	return out
}
