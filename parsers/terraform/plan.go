package terraform

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/iam"
)

// afterApply is the expression of a plan value known only after apply.
const afterApply = "(known after apply)"

// planResource is one resource read from a plan.
type planResource struct {
	obj    *iam.Value // the resource object in the plan, for its position
	addr   string
	mode   string
	typ    string
	name   string
	index  *iam.Value
	values *val
}

// ParsePlan reads a plan JSON file (terraform show -json), or returns nil
// when src is not one.
func ParsePlan(rel string, src []byte) *graph.Document {
	root, err := iam.DecodeJSON(rel, src)
	doc := graph.NewDocument(rel, KindPlan, src)
	if err != nil {
		p := graph.Pos{Line: 1, Col: 1}
		var se *iam.SyntaxError
		if errors.As(err, &se) {
			p = se.Pos
		}
		doc.AddNode(KindPlan, "", graph.Pos{Line: 1, Col: 1})
		doc.Diag(p, graph.SevError, "parse-error", "plan JSON: %v", err)
		return doc
	}
	planned, hasPlanned := jsonMember(root, "planned_values")
	changes, hasChanges := jsonMember(root, "resource_changes")
	if root.Kind != iam.Object || (!hasPlanned && !hasChanges) {
		return nil
	}
	n := doc.AddNode(KindPlan, "", root.Pos)
	for _, k := range []string{"format_version", "terraform_version"} {
		if v, ok := jsonMember(root, k); ok && v.Kind == iam.String {
			n.Attrs[k] = v.Text
			n.SetKey(k, "", v.Pos)
		}
	}
	var resources []*planResource
	if hasPlanned {
		if rm, ok := jsonMember(planned, "root_module"); ok {
			resources = plannedModule(rm, resources, 0)
		}
	}
	if hasChanges {
		resources = mergeChanges(resources, changes)
	}
	refs := configRefs(root)
	seen := map[string]bool{"": true}
	count := 0
	for _, r := range resources {
		if seen[r.addr] {
			doc.Diag(r.obj.Pos, graph.SevWarning, "duplicate-address", "plan resource %q is listed twice (or has no address); only the first is read", r.addr)
			continue
		}
		seen[r.addr] = true
		emitPlanResource(doc, n, r, refs[stripIndexes(r.addr)])
		count++
	}
	n.Attrs["resources"] = int64(count)
	return doc
}

// jsonMember returns an object member of a decoded JSON value.
func jsonMember(v *iam.Value, key string) (*iam.Value, bool) {
	if v == nil || v.Kind != iam.Object {
		return nil, false
	}
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if v.Fields[i].Key == key {
			return v.Fields[i].Value, true
		}
	}
	return nil, false
}

// text is the string member key of v, "" when absent.
func text(v *iam.Value, key string) string {
	if x, ok := jsonMember(v, key); ok && x.Kind == iam.String {
		return x.Text
	}
	return ""
}

// maxPlanModuleDepth bounds the child_modules recursion of a plan.
const maxPlanModuleDepth = 32

// plannedModule collects the resources of a planned module and its
// children.
func plannedModule(m *iam.Value, out []*planResource, depth int) []*planResource {
	if depth > maxPlanModuleDepth {
		return out
	}
	if rs, ok := jsonMember(m, "resources"); ok && rs.Kind == iam.Array {
		for _, r := range rs.Items {
			values, _ := jsonMember(r, "values")
			out = append(out, newPlanResource(r, values))
		}
	}
	if cs, ok := jsonMember(m, "child_modules"); ok && cs.Kind == iam.Array {
		for _, c := range cs.Items {
			out = plannedModule(c, out, depth+1)
		}
	}
	return out
}

// newPlanResource reads a resource object of planned_values or
// resource_changes.
func newPlanResource(r, values *iam.Value) *planResource {
	p := &planResource{obj: r, addr: text(r, "address"), mode: text(r, "mode"), typ: text(r, "type"), name: text(r, "name")}
	p.index, _ = jsonMember(r, "index")
	if values != nil && values.Kind == iam.Object {
		p.values = fromJSON(values)
	} else {
		p.values = &val{obj: true, file: r.File, pos: r.Pos}
	}
	return p
}

// mergeChanges marks what resource_changes says is known only after
// apply, and adds the resources planned_values lacks (a plan written
// without planned_values); deleted resources are skipped.
func mergeChanges(resources []*planResource, changes *iam.Value) []*planResource {
	if changes.Kind != iam.Array {
		return resources
	}
	byAddr := make(map[string]*planResource, len(resources))
	for _, r := range resources {
		byAddr[r.addr] = r
	}
	for _, c := range changes.Items {
		change, _ := jsonMember(c, "change")
		after, _ := jsonMember(change, "after")
		unknowns, _ := jsonMember(change, "after_unknown")
		r, seen := byAddr[text(c, "address")]
		if !seen {
			if after == nil || after.Kind != iam.Object {
				continue
			}
			r = newPlanResource(c, after)
			byAddr[r.addr] = r
			resources = append(resources, r)
		}
		markUnknown(r.values, unknowns)
	}
	return resources
}

// markUnknown replaces (or adds) the values after_unknown marks true.
func markUnknown(v *val, unknowns *iam.Value) {
	if unknowns == nil || v == nil {
		return
	}
	switch {
	case unknowns.Kind == iam.Object && v.obj:
		for _, f := range unknowns.Fields {
			x, ok := v.get(f.Key)
			if f.Value.Kind == iam.Bool && f.Value.Text == "true" {
				v.fields = removeField(v.fields, f.Key)
				v.fields = append(v.fields, field{key: f.Key, keyPos: f.KeyPos, val: unknown(f.Value.File, f.Value.Pos, afterApply)})
				continue
			}
			if ok {
				markUnknown(x, f.Value)
			}
		}
	case unknowns.Kind == iam.Array && v.list:
		for i, u := range unknowns.Items {
			if i >= len(v.items) {
				break
			}
			if u.Kind == iam.Bool && u.Text == "true" {
				v.items[i] = unknown(u.File, u.Pos, afterApply)
				continue
			}
			markUnknown(v.items[i], u)
		}
	}
}

// fromJSON converts a decoded JSON value to a located value.
func fromJSON(x *iam.Value) *val {
	out := &val{file: x.File, pos: x.Pos}
	switch x.Kind {
	case iam.Object:
		out.obj = true
		for _, f := range x.Fields {
			out.fields = append(out.fields, field{key: f.Key, keyPos: f.KeyPos, val: fromJSON(f.Value)})
		}
	case iam.Array:
		out.list = true
		for _, it := range x.Items {
			out.items = append(out.items, fromJSON(it))
		}
	case iam.String:
		out.v = cty.StringVal(x.Text)
	case iam.Bool:
		out.v = cty.BoolVal(x.Text == "true")
	case iam.Number:
		f, _, err := big.ParseFloat(x.Text, 10, 512, big.ToNearestEven)
		if err != nil {
			out.v = cty.StringVal(x.Text)
		} else {
			out.v = cty.NumberVal(f)
		}
	default:
		out.v = cty.NullVal(cty.DynamicPseudoType)
	}
	return out
}

// emitPlanResource adds a plan resource's node and its policies.
func emitPlanResource(doc *graph.Document, plan *graph.Node, r *planResource, refs []string) {
	n := doc.AddNode(KindResource, r.addr, r.obj.Pos)
	n.Attrs["type"] = r.typ
	n.Attrs["name"] = r.name
	n.Attrs["mode"] = r.mode
	n.Attrs["address"] = r.addr
	n.Attrs["module"] = plan.ID
	if r.index != nil {
		n.Attrs["index"] = fromJSON(r.index).attrsValue()
	}
	n.Attrs["values"] = r.values.attrsValue()
	refList := make([]any, len(refs))
	for i, ref := range refs {
		refList[i] = ref
	}
	n.Attrs["refs"] = refList
	pols := map[string]any{}
	n.Attrs["policies"] = pols
	setKeys(n, "", r.values)
	if r.mode != "managed" {
		return
	}
	for _, u := range policyAttributes(r.typ, r.values) {
		pdoc, err := decodeLiteral(nil, u.v)
		if err != nil {
			msg := err.Error()
			if se, ok := err.(*iam.SyntaxError); ok {
				msg = se.Msg
			}
			doc.Diag(u.v.pos, graph.SevWarning, "policy-parse-error", "%s.%s is not valid policy JSON: %s", r.addr, u.key, msg)
			continue
		}
		if pdoc == nil {
			continue
		}
		name := fmt.Sprintf("%s.%s", r.addr, u.key)
		if pol := iam.AddPolicy(doc, name, pdoc, iam.Meta{Source: "plan", Use: u.use, Owner: n.ID, Name: name}); pol != nil {
			pols[u.key] = pol.ID
		}
	}
}

// configRefs maps the configuration address of each resource of a plan
// (module path without instance keys: "module.a.aws_iam_role.r") to the
// resources, data sources and modules its expressions refer to, read from
// the plan's "configuration" (terraform show -json writes it).
func configRefs(root *iam.Value) map[string][]string {
	out := map[string][]string{}
	if cfg, ok := jsonMember(root, "configuration"); ok {
		if rm, ok := jsonMember(cfg, "root_module"); ok {
			configModule(rm, "", out, 0)
		}
	}
	return out
}

// configModule collects the references of a configuration module and of
// the modules it calls.
func configModule(m *iam.Value, prefix string, out map[string][]string, depth int) {
	if depth > maxPlanModuleDepth {
		return
	}
	if rs, ok := jsonMember(m, "resources"); ok && rs.Kind == iam.Array {
		for _, r := range rs.Items {
			addr := text(r, "address")
			if addr == "" {
				continue
			}
			seen := map[string]bool{}
			for _, k := range []string{"expressions", "count_expression", "for_each_expression"} {
				if ex, ok := jsonMember(r, k); ok {
					collectRefs(ex, seen, 0)
				}
			}
			refs := make([]string, 0, len(seen))
			for ref := range seen {
				refs = append(refs, ref)
			}
			sort.Strings(refs)
			out[prefix+addr] = refs
		}
	}
	if calls, ok := jsonMember(m, "module_calls"); ok && calls.Kind == iam.Object {
		for _, f := range calls.Fields {
			if mod, ok := jsonMember(f.Value, "module"); ok {
				configModule(mod, prefix+"module."+f.Key+".", out, depth+1)
			}
		}
	}
}

// collectRefs gathers every "references" list inside a resource's
// configuration expressions (nested blocks included).
func collectRefs(v *iam.Value, seen map[string]bool, depth int) {
	if v == nil || depth > maxPlanModuleDepth*2 {
		return
	}
	for _, f := range v.Fields {
		if f.Key == "references" && f.Value.Kind == iam.Array {
			for _, it := range f.Value.Items {
				if ref := planReference(it.Text); it.Kind == iam.String && ref != "" {
					seen[ref] = true
				}
			}
			continue
		}
		collectRefs(f.Value, seen, depth+1)
	}
	for _, it := range v.Items {
		collectRefs(it, seen, depth+1)
	}
}

// planReference names the resource, data source or module a plan's
// configuration reference reads ("aws_iam_role.r.name" →
// "aws_iam_role.r"), "" for variables, locals and the like.
func planReference(s string) string {
	parts := strings.Split(stripIndexes(s), ".")
	switch {
	case len(parts) < 2:
		return ""
	case parts[0] == "var", parts[0] == "local", parts[0] == "count", parts[0] == "each",
		parts[0] == "path", parts[0] == "self", parts[0] == "terraform":
		return ""
	case parts[0] == "data":
		if len(parts) >= 3 {
			return "data." + parts[1] + "." + parts[2]
		}
		return ""
	}
	return parts[0] + "." + parts[1]
}

// stripIndexes removes the instance keys of an address
// (module.a["x.y"].aws_iam_role.r[0] → module.a.aws_iam_role.r); a quoted
// key may hold dots and brackets.
func stripIndexes(addr string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted && c == '\\':
			i++
		case quoted:
			quoted = c != '"'
		case depth > 0 && c == '"':
			quoted = true
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}
