package terraform

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/nhilint/nhilint/graph"
)

// parser is shared by the modules of one Parse call.
type parser struct {
	configs map[string]*config
	funcs   map[string]function.Function
	opts    Options
}

// maxModuleDepth bounds nested local module calls.
const maxModuleDepth = 16

// DefaultMaxInstances bounds count and for_each expansion of one block, unless
// Options.MaxInstances says otherwise.
const DefaultMaxInstances = 1024

// rootInstancesFactor bounds the resource and module instances of one root
// module at this many times the per-block limit: count and for_each nested
// through modules multiply.
const rootInstancesFactor = 20

// evaluation states of lazily evaluated locals and resources.
const (
	pending = iota
	evaluating
	done
)

// module is one instance of a module: the root, or a local module called
// with inputs (module.a, module.a["x"].module.b).
type module struct {
	p       *parser
	src     *sources
	cfg     *config
	dir     string
	rootDir string
	addr    string // "" for the root, else "module.a" ...
	source  string // the call's source, "" for the root
	depth   int
	stack   []string // directories of the calling modules, for cycles
	inputs  map[string]*val
	budget  *int // instances the root may still create
	vars    map[string]*val
	locals  map[string]*local
	res     map[string]*resource
	calls   map[string]*call
	diags   *[]graph.Diagnostic

	evalDepth int
	coarse    int // resources and module calls being evaluated
	outVal    *val
	instances []*instance // in source order once evaluated
	children  []*module
}

// local is a lazily evaluated local value.
type local struct {
	a     attr
	state int
	v     *val
	// coarse is the module's coarse count when evaluation started: a
	// cycle through a resource or module call is an artefact of
	// evaluating those whole (Terraform resolves them attribute by
	// attribute), not a cycle of locals.
	coarse int
}

// resource is a lazily evaluated resource or data block.
type resource struct {
	b         block
	mode      string // "managed" or "data"
	addr      string // "aws_iam_role.x" or "data.aws_iam_policy_document.y"
	state     int
	v         *val
	instances []*instance
}

// instance is one instance of a resource (count/for_each expand them).
type instance struct {
	r      *resource
	m      *module
	addr   string // within its module, with the index: aws_iam_role.x[0]
	index  any    // int64, string, unknown marker, or nil
	values *val
	refs   []string
	node   *graph.Node
}

// call is a module block of this module.
type call struct {
	b         block
	source    string
	local     bool
	state     int
	v         *val
	instances []*module
}

// newModule prepares a module instance; nothing is evaluated yet.
func (p *parser) newModule(src *sources, cfg *config, addr, rootDir string, stack []string, inputs map[string]*val, diags *[]graph.Diagnostic) *module {
	m := &module{p: p, src: src, cfg: cfg, dir: cfg.dir, rootDir: rootDir, addr: addr, depth: len(stack), budget: new(int),
		stack: append(stack[:len(stack):len(stack)], cfg.dir), inputs: inputs,
		vars: map[string]*val{}, locals: map[string]*local{}, res: map[string]*resource{}, calls: map[string]*call{}, diags: diags}
	for _, a := range cfg.locals {
		if _, dup := m.locals[a.name]; !dup {
			m.locals[a.name] = &local{a: a}
		}
	}
	for _, b := range cfg.resources {
		r := &resource{b: b, mode: "managed", addr: b.labels[0] + "." + b.labels[1]}
		if b.typ == "data" {
			r.mode, r.addr = "data", "data."+r.addr
		}
		if _, dup := m.res[r.addr]; !dup {
			m.res[r.addr] = r
		}
	}
	for _, b := range cfg.modules {
		c := &call{b: b}
		if a := b.body.attr("source"); a != nil {
			c.source, _ = (&scope{m: m}).eval(a.expr).str()
		}
		c.local = strings.HasPrefix(c.source, "./") || strings.HasPrefix(c.source, "../")
		m.calls[b.labels[0]] = c
	}
	return m
}

// evaluate resolves the variables, then every resource and module call in
// source order.
func (m *module) evaluate(varFiles []string) {
	m.resolveVariables(varFiles)
	for _, b := range m.cfg.resources {
		addr := b.labels[0] + "." + b.labels[1]
		if b.typ == "data" {
			addr = "data." + addr
		}
		r := m.res[addr]
		if r.b.def != b.def {
			continue // a duplicate block; Terraform rejects it
		}
		m.resource(addr)
		m.instances = append(m.instances, r.instances...)
	}
	for _, b := range m.cfg.modules {
		m.moduleValue(b.labels[0])
	}
}

// resolveVariables sets each variable from (last wins) its default, the
// caller's input or the variable files.
func (m *module) resolveVariables(varFiles []string) {
	sc := &scope{m: m}
	for _, b := range m.cfg.variables {
		name := b.labels[0]
		if in, ok := m.inputs[name]; ok {
			m.vars[name] = in
		} else if d := b.body.attr("default"); d != nil {
			m.vars[name] = sc.eval(d.expr)
		} else {
			m.vars[name] = unknown(b.def.Filename, m.src.at(b.def), "var."+name)
		}
	}
	empty := &scope{m: &module{p: m.p, src: m.src, diags: m.diags, dir: m.dir, rootDir: m.rootDir}}
	for _, f := range varFiles {
		attrs, diags := loadVarFile(m.src, f)
		*m.diags = append(*m.diags, diags...)
		for _, a := range attrs {
			if _, declared := m.vars[a.name]; declared {
				m.vars[a.name] = empty.eval(a.expr)
			}
		}
	}
	for _, b := range m.cfg.variables {
		if t := b.body.attr("type"); t != nil {
			m.vars[b.labels[0]] = withOptionals(m.vars[b.labels[0]], t.expr)
		}
	}
}

// variable returns var.name, nil when undeclared.
func (m *module) variable(name string) *val {
	return m.vars[name]
}

// local evaluates local.name once; a cycle is a diagnostic and unknown.
func (m *module) local(name string) *val {
	l, ok := m.locals[name]
	if !ok {
		return nil
	}
	switch l.state {
	case done:
		return l.v
	case evaluating:
		if l.coarse == m.coarse {
			m.diag(l.a.key.Filename, m.src.at(l.a.key), "local-cycle", "local.%s refers to itself through other locals; its value is unknown", name)
		}
		return unknown(l.a.key.Filename, m.src.at(l.a.key), "local."+name)
	}
	l.state, l.coarse = evaluating, m.coarse
	v := (&scope{m: m}).eval(l.a.expr)
	if l.state == evaluating {
		l.v, l.state = v, done
	}
	return l.v
}

// resource evaluates a resource or data block once and returns its value:
// an object, a list (count) or an object by key (for_each).
func (m *module) resource(addr string) *val {
	r, ok := m.res[addr]
	if !ok {
		return nil
	}
	switch r.state {
	case done:
		return r.v
	case evaluating:
		return unknown(r.b.def.Filename, m.src.at(r.b.def), addr)
	}
	r.state = evaluating
	m.coarse++
	r.v = m.expand(r)
	m.coarse--
	r.state = done
	return r.v
}

// expand evaluates the instances of a resource.
func (m *module) expand(r *resource) *val {
	file, at := r.b.def.Filename, m.src.at(r.b.def)
	refs := references(r.b.body)
	add := func(suffix string, index any, sc *scope) *val {
		if !m.spend(r.b.def) {
			return unknown(file, at, r.addr+suffix)
		}
		v := sc.body(r.b.body, r.b.def)
		if r.addr == "data.aws_iam_policy_document."+r.b.labels[1] {
			j := documentJSON(v, r.addr[len("data."):])
			v.fields = append(v.fields, field{key: "json", keyPos: v.pos, val: j}, field{key: "minified_json", keyPos: v.pos, val: j})
		}
		r.instances = append(r.instances, &instance{r: r, m: m, addr: r.addr + suffix, index: index, values: v, refs: refs})
		return v
	}
	sc := &scope{m: m}
	if c := r.b.body.attr("count"); c != nil {
		n := sc.eval(c.expr)
		count, known := intValue(n)
		if !known {
			add("", unknownIndex(m.src.text(c.expr.Range())), &scope{m: m, count: unknown(file, at, "count.index")})
			return unknown(file, at, r.addr)
		}
		out := &val{list: true, file: file, pos: at}
		for i := 0; i < m.capInstances(count, c.expr.Range()); i++ {
			idx := &val{v: cty.NumberIntVal(int64(i)), file: file, pos: at}
			out.items = append(out.items, add(fmt.Sprintf("[%d]", i), int64(i), &scope{m: m, count: idx}))
		}
		return out
	}
	if fe := r.b.body.attr("for_each"); fe != nil {
		keys, each, known := forEach(sc.eval(fe.expr))
		keys = keys[:m.capInstances(len(keys), fe.expr.Range())]
		if !known {
			ev := &val{obj: true, file: file, pos: at, fields: []field{
				{key: "key", val: unknown(file, at, "each.key")}, {key: "value", val: unknown(file, at, "each.value")}}}
			add("", unknownIndex(m.src.text(fe.expr.Range())), &scope{m: m, each: ev})
			return unknown(file, at, r.addr)
		}
		out := &val{obj: true, file: file, pos: at}
		for i, k := range keys {
			v := add(fmt.Sprintf("[%q]", k), k, &scope{m: m, each: each[i]})
			out.fields = append(out.fields, field{key: k, keyPos: at, val: v})
		}
		return out
	}
	return add("", nil, sc)
}

// spend takes one instance from the root's budget; when it runs out the
// expansion stops with one diagnostic.
func (m *module) spend(def hcl.Range) bool {
	*m.budget--
	if *m.budget == -1 {
		m.diag(def.Filename, m.src.at(def), "expansion-limit", "count/for_each expand to more than %d instances in this root module (raise the limit with --max-instances); the rest are not read", m.p.opts.maxInstances()*rootInstancesFactor)
	}
	return *m.budget >= 0
}

// capInstances bounds the instances of one count or for_each at
// DefaultMaxInstances, with a diagnostic when n is more.
func (m *module) capInstances(n int, r hcl.Range) int {
	limit := m.p.opts.maxInstances()
	if n <= limit {
		return max(n, 0)
	}
	m.diag(r.Filename, m.src.at(r), "expansion-limit", "count/for_each expands to %d instances; only the first %d are read (raise the limit with --max-instances)", n, limit)
	return limit
}

// unknownIndex marks an instance whose count or for_each is unknown.
func unknownIndex(expr string) any {
	return map[string]any{"unknown": true, "expr": expr}
}

// intValue reads a known whole number.
func intValue(v *val) (int, bool) {
	if v.isUnknown() || v.obj || v.list || v.v.IsNull() || v.v.Type() != cty.Number {
		return 0, false
	}
	i, acc := v.v.AsBigFloat().Int64()
	return int(i), acc == 0 && i >= 0
}

// forEach lists the keys and each objects of a known for_each value.
func forEach(v *val) ([]string, []*val, bool) {
	var keys []string
	var each []*val
	seen := map[string]bool{}
	entry := func(k string, kv, value *val) {
		if seen[k] {
			return // a set holds each key once
		}
		seen[k] = true
		keys = append(keys, k)
		each = append(each, &val{obj: true, file: value.file, pos: value.pos, fields: []field{{key: "key", keyPos: kv.pos, val: kv}, {key: "value", keyPos: value.pos, val: value}}})
	}
	switch {
	case v.obj:
		for _, f := range v.fields {
			entry(f.key, &val{v: cty.StringVal(f.key), file: v.file, pos: f.keyPos}, f.val)
		}
	case v.list:
		for _, it := range v.items {
			s, ok := it.str()
			if !ok {
				return nil, nil, false
			}
			entry(s, it, it)
		}
	default:
		return nil, nil, false
	}
	return keys, each, true
}

// metaArgs are the block arguments that configure Terraform, not the
// resource: they are not part of its values.
var metaArgs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true, "providers": true}

// metaBlocks are nested blocks that are not part of a resource's values.
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "precondition": true, "postcondition": true}

// body evaluates a block body: attributes, then nested blocks as lists
// of objects by type; dynamic blocks are expanded where for_each is known.
func (sc *scope) body(b *body, def hcl.Range) *val {
	out := &val{obj: true, file: def.Filename, pos: sc.m.src.at(def)}
	for _, a := range b.attrs {
		if metaArgs[a.name] {
			continue
		}
		out.fields = append(out.fields, field{key: a.name, keyPos: sc.m.src.at(a.key), val: sc.eval(a.expr)})
	}
	for _, nb := range b.blocks {
		if metaBlocks[nb.typ] {
			continue
		}
		if nb.typ == "dynamic" && len(nb.labels) == 1 {
			for _, v := range sc.dynamic(nb) {
				appendBlock(out, nb.labels[0], sc.m.src.at(nb.def), v)
			}
			continue
		}
		appendBlock(out, nb.typ, sc.m.src.at(nb.def), sc.body(nb.body, nb.def))
	}
	return out
}

// appendBlock adds a nested block's value to the list of its type.
func appendBlock(out *val, typ string, at graph.Pos, v *val) {
	if l, ok := out.get(typ); ok && l.list {
		l.items = append(l.items, v)
		return
	}
	out.fields = append(out.fields, field{key: typ, keyPos: at, val: &val{list: true, file: v.file, pos: at, items: []*val{v}}})
}

// dynamic expands a dynamic block; an unknown for_each yields one block
// whose iterator is unknown.
func (sc *scope) dynamic(b block) []*val {
	content := (*block)(nil)
	for i := range b.body.blocks {
		if b.body.blocks[i].typ == "content" {
			content = &b.body.blocks[i]
		}
	}
	fe := b.body.attr("for_each")
	if content == nil || fe == nil {
		return nil
	}
	name := b.labels[0]
	if it := b.body.attr("iterator"); it != nil {
		if kw := hcl.ExprAsKeyword(it.expr); kw != "" {
			name = kw
		}
	}
	_, each, known := forEach(sc.eval(fe.expr))
	if !known {
		v := sc.eval(fe.expr)
		if v.list {
			each = nil
			for i, it := range v.items {
				each = append(each, &val{obj: true, file: it.file, pos: it.pos, fields: []field{
					{key: "key", val: &val{v: cty.NumberIntVal(int64(i)), file: it.file, pos: it.pos}}, {key: "value", val: it}}})
			}
		} else {
			at := sc.m.src.at(fe.expr.Range())
			file := fe.expr.Range().Filename
			each = []*val{{obj: true, file: file, pos: at, fields: []field{
				{key: "key", val: unknown(file, at, name+".key")}, {key: "value", val: unknown(file, at, name+".value")}}}}
		}
	}
	var out []*val
	for _, ev := range each[:sc.m.capInstances(len(each), fe.expr.Range())] {
		if !sc.m.spend(b.def) {
			break // nested dynamic blocks multiply: the root's budget bounds them
		}
		out = append(out, sc.with(name, ev).body(content.body, b.def))
	}
	return out
}

// references lists the resources, data sources and modules a block
// refers to, sorted and without duplicates.
func references(b *body) []string {
	seen := map[string]bool{}
	var walk func(b *body)
	walk = func(b *body) {
		for _, a := range b.attrs {
			for _, t := range a.expr.Variables() {
				if ref := referenceOf(t); ref != "" {
					seen[ref] = true
				}
			}
		}
		for _, nb := range b.blocks {
			walk(nb.body)
		}
	}
	walk(b)
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// referenceOf names the resource, data source or module a traversal
// reads, "" for variables, locals and the like.
func referenceOf(t hcl.Traversal) string {
	name := t.RootName()
	switch name {
	case "var", "local", "count", "each", "path", "self", "terraform":
		return ""
	case "data":
		if len(t) > 2 {
			return "data." + attrName(t[1]) + "." + attrName(t[2])
		}
	case "module":
		if len(t) > 1 {
			return "module." + attrName(t[1])
		}
	default:
		if len(t) > 1 && attrName(t[1]) != "" {
			return name + "." + attrName(t[1])
		}
	}
	return ""
}

// moduleValue evaluates a module call once: a local module is evaluated
// with its inputs and its value is its outputs; any other source is
// not followed and its outputs are unknown.
func (m *module) moduleValue(name string) *val {
	c, ok := m.calls[name]
	if !ok {
		return nil
	}
	file, at := c.b.def.Filename, m.src.at(c.b.def)
	switch c.state {
	case done:
		return c.v
	case evaluating:
		return unknown(file, at, "module."+name)
	}
	c.state = evaluating
	c.v = unknown(file, at, "module."+name)
	if dir, ok := m.childDir(c); ok {
		m.coarse++
		c.v = m.callLocal(c, name, dir)
		m.coarse--
	}
	c.state = done
	return c.v
}

// childDir is the directory of a local module call when it can be followed.
func (m *module) childDir(c *call) (string, bool) {
	if !c.local {
		return "", false
	}
	dir := path.Join(m.dir, c.source)
	if dir == ".." || strings.HasPrefix(dir, "../") {
		return "", false
	}
	if _, ok := m.p.configs[dir]; !ok {
		return "", false
	}
	for _, d := range m.stack {
		if d == dir {
			m.diag(c.b.def.Filename, m.src.at(c.b.def), "module-cycle", "module %q calls %s, which is already being evaluated; not followed", c.b.labels[0], dir)
			return "", false
		}
	}
	if m.depth+1 >= maxModuleDepth {
		m.diag(c.b.def.Filename, m.src.at(c.b.def), "module-depth", "module %q is nested more than %d levels deep; not followed", c.b.labels[0], maxModuleDepth)
		return "", false
	}
	return dir, true
}

// callLocal evaluates the instances of a local module call.
func (m *module) callLocal(c *call, name, dir string) *val {
	file, at := c.b.def.Filename, m.src.at(c.b.def)
	run := func(suffix string, sc *scope) *val {
		if !m.spend(c.b.def) {
			return unknown(file, at, "module."+name+suffix)
		}
		inputs := map[string]*val{}
		for _, a := range c.b.body.attrs {
			if a.name != "source" && a.name != "version" && !metaArgs[a.name] {
				inputs[a.name] = sc.eval(a.expr)
			}
		}
		child := m.p.newModule(m.src, m.p.configs[dir], m.addr+prefixDot(m.addr)+"module."+name+suffix, m.rootDir, m.stack, inputs, m.diags)
		child.budget = m.budget
		child.source = c.source
		child.evaluate(nil)
		c.instances = append(c.instances, child)
		m.children = append(m.children, child)
		return child.outputs()
	}
	sc := &scope{m: m}
	if cnt := c.b.body.attr("count"); cnt != nil {
		n, known := intValue(sc.eval(cnt.expr))
		if !known {
			run("", &scope{m: m, count: unknown(file, at, "count.index")})
			return unknown(file, at, "module."+name)
		}
		out := &val{list: true, file: file, pos: at}
		for i := 0; i < m.capInstances(n, cnt.expr.Range()); i++ {
			out.items = append(out.items, run(fmt.Sprintf("[%d]", i), &scope{m: m, count: &val{v: cty.NumberIntVal(int64(i)), file: file, pos: at}}))
		}
		return out
	}
	if fe := c.b.body.attr("for_each"); fe != nil {
		keys, each, known := forEach(sc.eval(fe.expr))
		keys = keys[:m.capInstances(len(keys), fe.expr.Range())]
		if !known {
			ev := &val{obj: true, file: file, pos: at, fields: []field{
				{key: "key", val: unknown(file, at, "each.key")}, {key: "value", val: unknown(file, at, "each.value")}}}
			run("", &scope{m: m, each: ev})
			return unknown(file, at, "module."+name)
		}
		out := &val{obj: true, file: file, pos: at}
		for i, k := range keys {
			out.fields = append(out.fields, field{key: k, keyPos: at, val: run(fmt.Sprintf("[%q]", k), &scope{m: m, each: each[i]})})
		}
		return out
	}
	return run("", sc)
}

// prefixDot is "." after a non-empty module address.
func prefixDot(addr string) string {
	if addr == "" {
		return ""
	}
	return "."
}

// outputs evaluates the module's outputs as an object.
func (m *module) outputs() *val {
	if m.outVal != nil {
		return m.outVal
	}
	out := &val{obj: true}
	sc := &scope{m: m}
	for _, b := range m.cfg.outputs {
		if out.file == "" {
			out.file, out.pos = b.def.Filename, m.src.at(b.def)
		}
		v := unknown(b.def.Filename, m.src.at(b.def), "output."+b.labels[0])
		if a := b.body.attr("value"); a != nil {
			v = sc.eval(a.expr)
		}
		out.fields = append(out.fields, field{key: b.labels[0], keyPos: m.src.at(b.def), val: v})
	}
	m.outVal = out
	return out
}
