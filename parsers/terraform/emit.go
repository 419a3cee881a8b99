package terraform

import (
	"fmt"
	"sort"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/iam"
)

// evaluateRoot evaluates a root module and its local module calls into
// one document named after the root's directory.
func (p *parser) evaluateRoot(src *sources, dir string) (*graph.Document, map[string]bool) {
	cfg := p.configs[dir]
	doc := graph.NewDocument(dir, KindModule, nil)
	var diags []graph.Diagnostic
	varFiles := append(append([]string(nil), cfg.varFiles...), p.opts.VarFiles...)
	m := p.newModule(src, cfg, "", dir, nil, nil, &diags)
	*m.budget = m.p.opts.maxInstances() * rootInstancesFactor
	m.evaluate(varFiles)
	e := &emitter{doc: doc, src: src, dirs: map[string]bool{}, ids: map[string]bool{}}
	e.module(m)
	e.policies()
	doc.Diagnostics = append(diags, doc.Diagnostics...)
	doc.Sources = map[string][]byte{}
	for d := range e.dirs {
		for _, f := range p.configs[d].files {
			doc.Sources[f] = src.get(f)
		}
	}
	for _, f := range varFiles {
		if b := src.get(f); b != nil {
			doc.Sources[f] = b
		}
	}
	for f, b := range src.files {
		doc.Sources[f] = b
	}
	return doc, e.dirs
}

// emitter turns evaluated modules into graph nodes.
type emitter struct {
	doc   *graph.Document
	src   *sources
	dirs  map[string]bool
	ids   map[string]bool // resource addresses emitted
	insts []*instance
}

// module emits a module instance, its resources and its children.
func (e *emitter) module(m *module) {
	e.dirs[m.dir] = true
	first := m.cfg.files[0]
	n := e.doc.AddNode(KindModule, m.addr, lineCol(1, 1))
	n.SetFile(first)
	n.Anchor = m.dir + "#" + m.addr
	n.Attrs["dir"] = m.dir
	n.Attrs["address"] = m.addr
	n.Attrs["root"] = m.addr == ""
	n.Attrs["followed"] = true
	if m.source != "" {
		n.Attrs["source"] = m.source
	}
	n.Attrs["variables"] = e.namedValues(n, "variables", m.vars)
	outs := m.outputs()
	n.Attrs["outputs"] = outs.attrsValue()
	setKeys(n, "outputs", outs)
	n.Attrs["providers"] = e.providers(n, m)
	n.Attrs["module_calls"] = e.calls(n, m)
	for _, inst := range m.instances {
		e.resource(m, n, inst)
	}
	for _, c := range m.children {
		e.module(c)
	}
}

// namedValues renders variables (name → value) with their keys.
func (e *emitter) namedValues(n *graph.Node, prefix string, vals map[string]*val) map[string]any {
	out := make(map[string]any, len(vals))
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := vals[k]
		out[k] = v.attrsValue()
		key := prefix + "." + k
		n.SetKey(key, v.file, v.pos)
		setKeys(n, key, v)
	}
	return out
}

// providers renders the module's provider blocks.
func (e *emitter) providers(n *graph.Node, m *module) []any {
	out := []any{}
	sc := &scope{m: m}
	for i, b := range m.cfg.providers {
		v := sc.body(b.body, b.def)
		key := fmt.Sprintf("providers[%d]", i)
		n.SetKey(key, b.def.Filename, m.src.at(b.def))
		setKeys(n, key+".values", v)
		p := map[string]any{"name": b.labels[0], "values": v.attrsValue()}
		if a, ok := v.get("alias"); ok {
			if s, known := a.str(); known {
				p["alias"] = s
			}
		}
		out = append(out, p)
	}
	return out
}

// calls renders the module's module blocks.
func (e *emitter) calls(n *graph.Node, m *module) []any {
	out := []any{}
	for i, b := range m.cfg.modules {
		c := m.calls[b.labels[0]]
		n.SetKey(fmt.Sprintf("module_calls[%d]", i), b.def.Filename, m.src.at(b.def))
		entry := map[string]any{"name": b.labels[0], "source": c.source, "local": c.local, "followed": len(c.instances) > 0}
		var ids []any
		for _, child := range c.instances {
			ids = append(ids, e.doc.File+"#"+child.addr)
		}
		if ids != nil {
			entry["instances"] = ids
		} else {
			entry["instances"] = []any{e.unfollowed(m, b, c)}
		}
		out = append(out, entry)
	}
	return out
}

// unfollowed emits the tf.module node of a module call that was not
// evaluated (a registry, git or other remote source is never fetched):
// it records the source and the inputs the call passes, so that rules can
// read what the configuration hands to a third-party module.
func (e *emitter) unfollowed(m *module, b block, c *call) string {
	addr := m.addr + prefixDot(m.addr) + "module." + b.labels[0]
	id := e.doc.File + "#" + addr
	if e.ids["module:"+addr] {
		return id
	}
	e.ids["module:"+addr] = true
	n := e.doc.AddNode(KindModule, addr, m.src.at(b.def))
	n.SetFile(b.def.Filename)
	n.Anchor = m.dir + "#" + addr
	reason := "remote module source, not fetched"
	if c.local {
		reason = "local module directory not scanned, outside the tree, or in a call cycle"
	}
	n.Attrs["dir"] = ""
	n.Attrs["address"] = addr
	n.Attrs["root"] = false
	n.Attrs["source"] = c.source
	n.Attrs["followed"] = false
	n.Attrs["reason"] = reason
	inputs := &val{obj: true}
	sc := &scope{m: m}
	for _, a := range b.body.attrs {
		if a.name == "version" {
			if v, ok := sc.eval(a.expr).str(); ok {
				n.Attrs["version"] = v
			}
			continue
		}
		if a.name != "source" && !metaArgs[a.name] {
			inputs.fields = append(inputs.fields, field{key: a.name, keyPos: m.src.at(a.key), val: sc.eval(a.expr)})
		}
	}
	n.Attrs["inputs"] = inputs.attrsValue()
	setKeys(n, "inputs", inputs)
	return id
}

// resource emits one resource instance.
func (e *emitter) resource(m *module, mod *graph.Node, inst *instance) {
	addr := m.addr + prefixDot(m.addr) + inst.addr
	def := inst.r.b.def
	if e.ids[addr] {
		// Terraform rejects two instances with one address; the first is kept.
		e.doc.Diagnostics = append(e.doc.Diagnostics, graph.Diagnostic{File: def.Filename, Pos: m.src.at(def),
			Severity: graph.SevWarning, Code: "duplicate-address", Message: fmt.Sprintf("%s is declared twice; only the first is read", addr)})
		return
	}
	e.ids[addr] = true
	n := e.doc.AddNode(KindResource, addr, m.src.at(def))
	n.SetFile(def.Filename)
	n.Anchor = m.dir + "#" + addr
	inst.node = n
	n.Attrs["type"] = inst.r.b.labels[0]
	n.Attrs["name"] = inst.r.b.labels[1]
	n.Attrs["mode"] = inst.r.mode
	n.Attrs["address"] = addr
	n.Attrs["module"] = mod.ID
	if inst.index != nil {
		n.Attrs["index"] = inst.index
	}
	n.Attrs["values"] = inst.values.attrsValue()
	refs := make([]any, len(inst.refs))
	for i, r := range inst.refs {
		refs[i] = r
	}
	n.Attrs["refs"] = refs
	n.Attrs["policies"] = map[string]any{}
	setKeys(n, "", inst.values)
	e.insts = append(e.insts, inst)
}

// setKeys records the position of every member of v under prefix:
// "policy_arn", "statement[0].actions[1]", "environment[0].variables.KEY".
func setKeys(n *graph.Node, prefix string, v *val) {
	if v == nil {
		return
	}
	for _, f := range v.fields {
		key := f.key
		if prefix != "" {
			key = prefix + "." + f.key
		}
		n.SetKey(key, f.val.file, f.val.pos)
		setKeys(n, key, f.val)
	}
	for i, it := range v.items {
		key := fmt.Sprintf("%s[%d]", prefix, i)
		n.SetKey(key, it.file, it.pos)
		setKeys(n, key, it)
	}
}

// policies emits the IAM policies of the document: policy documents
// once where the data source is, then every policy attribute of a
// resource, which refers to an emitted document by id.
func (e *emitter) policies() {
	uses := map[*val][]policyUse{}
	for _, inst := range e.insts {
		for _, u := range policyUses(inst) {
			uses[u.v] = append(uses[u.v], u)
		}
	}
	for _, inst := range e.insts {
		if inst.r.mode != "data" || inst.r.b.labels[0] != "aws_iam_policy_document" {
			continue
		}
		j, ok := inst.values.get("json")
		if !ok || j.doc == nil {
			continue
		}
		meta := iam.Meta{Source: "policy_document", Owner: inst.node.ID, Name: inst.node.Attrs["address"].(string)}
		if us := uses[j]; len(us) > 0 {
			meta.Use = commonUse(us)
			if len(us) == 1 {
				meta.Owner = us[0].inst.node.ID
			}
		}
		if pol := iam.AddPolicy(e.doc, inst.node.Attrs["address"].(string)+".json", j.doc, meta); pol != nil {
			j.policy = pol.ID
			inst.node.Attrs["policies"].(map[string]any)["json"] = pol.ID
		}
	}
	for _, inst := range e.insts {
		for _, u := range policyUses(inst) {
			e.attach(u)
		}
	}
}

// commonUse is the use every user agrees on, "" otherwise.
func commonUse(us []policyUse) string {
	use := us[0].use
	for _, u := range us[1:] {
		if u.use != use {
			return ""
		}
	}
	return use
}

// attach emits (or refers to) the policy of one resource attribute.
func (e *emitter) attach(u policyUse) {
	n := u.inst.node
	pols := n.Attrs["policies"].(map[string]any)
	if u.v.policy != "" {
		pols[u.key] = u.v.policy
		return
	}
	doc, source := u.v.doc, u.v.source
	if doc == nil {
		var err error
		doc, err = decodeLiteral(e.src, u.v)
		if err != nil {
			file, pos, msg := u.v.file, u.v.pos, err.Error()
			if se, ok := err.(*iam.SyntaxError); ok {
				file, pos, msg = se.File, se.Pos, se.Msg
			}
			e.doc.Diagnostics = append(e.doc.Diagnostics, graph.Diagnostic{File: file, Pos: pos, Severity: graph.SevWarning,
				Code: "policy-parse-error", Message: fmt.Sprintf("%s.%s is not valid policy JSON: %s", n.Attrs["address"], u.key, msg)})
			return
		}
		source = "string"
		if u.v.lit != nil && u.v.lit.heredoc {
			source = "heredoc"
		} else if u.v.lit != nil && u.v.lit.file != u.inst.r.b.def.Filename {
			source = "file"
		}
	}
	if doc == nil {
		return
	}
	name := fmt.Sprintf("%s.%s", n.Attrs["address"], u.key)
	if pol := iam.AddPolicy(e.doc, name, doc, iam.Meta{Source: source, Use: u.use, Owner: n.ID, Name: name}); pol != nil {
		pols[u.key] = pol.ID
	}
}

// policyUse is a resource attribute that holds a policy.
type policyUse struct {
	inst *instance
	key  string
	use  string
	v    *val
}

// policyAttrs lists the attributes holding IAM policies by resource type.
var policyAttrs = map[string]map[string]string{
	"aws_iam_role":                              {"assume_role_policy": "trust"},
	"aws_iam_policy":                            {"policy": "identity"},
	"aws_iam_role_policy":                       {"policy": "identity"},
	"aws_iam_user_policy":                       {"policy": "identity"},
	"aws_iam_group_policy":                      {"policy": "identity"},
	"aws_ssoadmin_permission_set_inline_policy": {"inline_policy": "identity"},
	"aws_s3_bucket_policy":                      {"policy": "resource"},
	"aws_s3_bucket":                             {"policy": "resource"},
	"aws_sqs_queue_policy":                      {"policy": "resource"},
	"aws_sqs_queue":                             {"policy": "resource"},
	"aws_sns_topic_policy":                      {"policy": "resource"},
	"aws_sns_topic":                             {"policy": "resource"},
	"aws_kms_key":                               {"policy": "resource"},
	"aws_kms_key_policy":                        {"policy": "resource"},
	"aws_secretsmanager_secret_policy":          {"policy": "resource"},
	"aws_secretsmanager_secret":                 {"policy": "resource"},
	"aws_ecr_repository_policy":                 {"policy": "resource"},
	"aws_efs_file_system_policy":                {"policy": "resource"},
	"aws_backup_vault_policy":                   {"policy": "resource"},
	"aws_api_gateway_rest_api_policy":           {"policy": "resource"},
	"aws_cloudwatch_log_resource_policy":        {"policy_document": "resource"},
	"aws_opensearch_domain_policy":              {"access_policies": "resource"},
	"aws_elasticsearch_domain_policy":           {"access_policies": "resource"},
	"aws_glacier_vault":                         {"access_policy": "resource"},
}

// policyUses lists the policy attributes an instance sets.
func policyUses(inst *instance) []policyUse {
	if inst.r.mode != "managed" {
		return nil
	}
	uses := policyAttributes(inst.r.b.labels[0], inst.values)
	for i := range uses {
		uses[i].inst = inst
	}
	return uses
}

// policyAttributes lists the policy attributes of a resource's values,
// including the inline_policy blocks of aws_iam_role.
func policyAttributes(typ string, values *val) []policyUse {
	var out []policyUse
	attrs := policyAttrs[typ]
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v, ok := values.get(k); ok && !v.obj && !v.list {
			out = append(out, policyUse{key: k, use: attrs[k], v: v})
		}
	}
	if typ == "aws_iam_role" {
		if l, ok := values.get("inline_policy"); ok && l.list {
			for i, b := range l.items {
				if v, ok := b.get("policy"); ok && !v.obj && !v.list {
					out = append(out, policyUse{key: fmt.Sprintf("inline_policy[%d].policy", i), use: "identity", v: v})
				}
			}
		}
	}
	return out
}
