package gitlab

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// reserved are the top-level keys that are not jobs.
var reserved = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
	"types": true, "spec": true,
}

// defaultKeys are the job keywords default: (and the legacy top-level
// image, services, cache, before_script and after_script) supply.
var defaultKeys = []string{
	"after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "image",
	"interruptible", "retry", "services", "tags", "timeout",
}

// legacyDefaults are the top-level keys that act as defaults.
var legacyDefaults = []string{"image", "services", "cache", "before_script", "after_script"}

// config is the merged configuration of one pipeline, with the extends
// and !reference resolution GitLab applies after merging includes.
type config struct {
	*loader
	top      *yaml.Node
	entries  []pair // top-level entries in order
	index    map[string]pair
	extended map[string]*yaml.Node
	visiting map[string]bool
}

func newConfig(l *loader, top *yaml.Node) *config {
	c := &config{loader: l, top: top, index: map[string]pair{},
		extended: map[string]*yaml.Node{}, visiting: map[string]bool{}}
	c.entries = l.pairs(top)
	for _, p := range c.entries {
		c.index[p.key.Value] = p
	}
	return c
}

// isJob reports whether a top-level entry is a job GitLab runs.
func isJob(p pair) bool {
	name := p.key.Value
	return !reserved[name] && !strings.HasPrefix(name, ".") && isMap(p.value)
}

// resolved is a top-level entry with its extends chain merged in
// (GitLab: hashes deep-merge, every other value is replaced, the job's
// own keys win and later parents win over earlier ones).
func (c *config) resolved(name string) *yaml.Node {
	return c.resolvedAt(name, 0)
}

func (c *config) resolvedAt(name string, depth int) *yaml.Node {
	if n, ok := c.extended[name]; ok {
		return n
	}
	p, ok := c.index[name]
	if !ok {
		return nil
	}
	ext, hasExt := c.lookup(p.value, "extends")
	if !hasExt {
		return p.value
	}
	if c.visiting[name] {
		c.diagAt(ext.value, graph.SevError, codeExtends, "extends cycle through %q", name)
		return nil
	}
	if depth >= maxExtendsDepth {
		c.diagAt(ext.value, graph.SevError, codeExtends, "extends nested more than %d levels deep at %q", maxExtendsDepth, name)
		return nil
	}
	c.visiting[name] = true
	var base *yaml.Node
	for _, parent := range c.strings(ext.value) {
		pv := c.resolvedAt(parent, depth+1)
		if pv == nil {
			if _, exists := c.index[parent]; !exists && !c.incomplete {
				c.diagAt(ext.value, graph.SevError, codeExtends, "%q extends %q, which is not defined", name, parent)
			}
			continue
		}
		base = c.deepMerge(base, c.without(pv, "extends"))
	}
	delete(c.visiting, name)
	out := c.deepMerge(base, p.value)
	c.extended[name] = out
	return out
}

// withDefaults adds to a resolved job the default: keys it does not set
// and inherits (inherit: default: false or a list restricts them).
func (c *config) withDefaults(job *yaml.Node) *yaml.Node {
	allowed := c.inherits(job, "default")
	sources := []*yaml.Node{c.get(c.top, "default")}
	legacy := c.legacyDefaults()
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: job.Line, Column: job.Column}
	c.fileOf[out] = c.fileOf[job]
	for _, p := range c.pairs(job) {
		out.Content = append(out.Content, p.key, p.value)
	}
	for _, k := range defaultKeys {
		if _, set := c.lookup(job, k); set || !allowed(k) {
			continue
		}
		if p, ok := c.lookup(sources[0], k); ok {
			out.Content = append(out.Content, p.key, p.value)
		} else if p, ok := legacy[k]; ok {
			out.Content = append(out.Content, p.key, p.value)
		}
	}
	return out
}

// legacyDefaults are the top-level default keys present.
func (c *config) legacyDefaults() map[string]pair {
	out := map[string]pair{}
	for _, k := range legacyDefaults {
		if p, ok := c.index[k]; ok {
			out[k] = p
		}
	}
	return out
}

// inherits reads a job's inherit:<what>: true (the default), false, or a
// list of the names it keeps.
func (c *config) inherits(job *yaml.Node, what string) func(string) bool {
	v := c.deref(c.get(c.get(job, "inherit"), what))
	if v == nil {
		return func(string) bool { return true }
	}
	if s, ok := yamlpos.Text(v); ok {
		keep := s != "false"
		return func(string) bool { return keep }
	}
	names := map[string]bool{}
	for _, s := range c.strings(v) {
		names[s] = true
	}
	return func(k string) bool { return names[k] }
}

// deref resolves a `!reference [name, key, ...]` tag to the value it
// names in the resolved configuration; other nodes are returned as they
// are. An unresolvable reference is a diagnostic and nil.
func (c *config) deref(n *yaml.Node) *yaml.Node {
	return c.derefAt(n, 0)
}

func (c *config) derefAt(n *yaml.Node, depth int) *yaml.Node {
	n = yamlpos.Resolve(n)
	if !isReference(n) {
		return n
	}
	if depth >= maxRefDepth {
		c.diagAt(n, graph.SevError, codeRef, "!reference nested more than %d levels deep", maxRefDepth)
		return nil
	}
	path := c.strings(n)
	if len(path) == 0 {
		c.diagAt(n, graph.SevError, codeRef, "empty !reference")
		return nil
	}
	v := c.resolvedAt(path[0], 0)
	for _, k := range path[1:] {
		v = c.child(c.derefAt(v, depth+1), k)
	}
	if v == nil {
		if c.incomplete {
			return nil // it may name a template in what was not read
		}
		c.diagAt(n, graph.SevError, codeRef, "!reference [%s] names nothing in the pipeline", strings.Join(path, ", "))
		return nil
	}
	return c.derefAt(v, depth+1)
}

// child is the entry k of a mapping, or item k (a 0-based index) of a
// sequence: GitLab documents names only, but tools such as
// gitlab-ci-local accept `!reference [.list, 0]` and pipelines use it.
func (c *config) child(n *yaml.Node, k string) *yaml.Node {
	if n != nil && n.Kind == yaml.SequenceNode {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
		return nil
	}
	return c.get(n, k)
}

// strings reads a scalar or a list of scalars.
func (c *config) strings(n *yaml.Node) []string {
	var out []string
	for _, v := range yamlpos.StringList(n) {
		out = append(out, v.(string))
	}
	return out
}
