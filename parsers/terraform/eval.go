package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/nhilint/nhilint/graph"
)

// scope is what an expression may refer to besides the module: count,
// each, and the iterators of dynamic blocks and for expressions.
type scope struct {
	m     *module
	count *val
	each  *val
	iters map[string]*val
}

// with returns a copy of sc with one more iterator bound.
func (sc *scope) with(name string, v *val) *scope {
	out := *sc
	out.iters = make(map[string]*val, len(sc.iters)+1)
	for k, x := range sc.iters {
		out.iters[k] = x
	}
	out.iters[name] = v
	return &out
}

// maxEvalDepth bounds expression nesting through locals and references.
const maxEvalDepth = 200

// eval evaluates an expression as far as the module decides it.
func (sc *scope) eval(expr hcl.Expression) *val {
	m := sc.m
	if m.evalDepth > maxEvalDepth {
		return sc.unknownOf(expr)
	}
	m.evalDepth++
	defer func() { m.evalDepth-- }()
	v := sc.evalExpr(expr)
	if v.size() > maxValueSize {
		r := expr.Range()
		m.diag(r.Filename, m.src.at(r), "value-too-large", "this expression builds a value of more than %d parts; it is treated as unknown", maxValueSize)
		return sc.unknownOf(expr)
	}
	return v
}

// evalExpr evaluates one expression by its kind.
func (sc *scope) evalExpr(expr hcl.Expression) *val {
	m := sc.m
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return &val{v: e.Val, file: e.Range().Filename, pos: m.src.at(e.Range())}
	case *hclsyntax.TemplateExpr:
		return sc.template(e)
	case *hclsyntax.TemplateWrapExpr:
		return sc.eval(e.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return sc.eval(e.Expression)
	case *hclsyntax.ScopeTraversalExpr:
		return sc.traversal(e.Traversal, e.SrcRange)
	case *hclsyntax.ObjectConsExpr:
		return sc.object(e)
	case *hclsyntax.TupleConsExpr:
		out := &val{list: true, file: e.Range().Filename, pos: m.src.at(e.Range())}
		for _, it := range e.Exprs {
			out.items = append(out.items, sc.eval(it))
		}
		return out
	case *hclsyntax.FunctionCallExpr:
		return sc.call(e)
	case *hclsyntax.ConditionalExpr:
		cond := sc.eval(e.Condition).cty()
		if !cond.IsKnown() || cond.IsNull() || cond.Type() != cty.Bool {
			return sc.unknownOf(expr)
		}
		if cond.True() {
			return sc.eval(e.TrueResult)
		}
		return sc.eval(e.FalseResult)
	}
	return sc.fallback(expr)
}

// unknownOf is an unknown value at expr with its source text.
func (sc *scope) unknownOf(expr hcl.Expression) *val {
	r := expr.Range()
	return unknown(r.Filename, sc.m.src.at(r), sc.m.src.text(r))
}

// template evaluates a string template; a literal keeps its range so
// that JSON inside it can be located.
func (sc *scope) template(e *hclsyntax.TemplateExpr) *val {
	r := e.SrcRange
	if len(e.Parts) == 0 {
		return &val{v: cty.StringVal(""), file: r.Filename, pos: sc.m.src.at(r)}
	}
	var text strings.Builder
	for _, part := range e.Parts {
		lit, ok := part.(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.IsNull() || !lit.Val.IsKnown() || lit.Val.Type() != cty.String {
			return sc.fallback(e)
		}
		text.WriteString(lit.Val.AsString())
	}
	first := e.Parts[0].(*hclsyntax.LiteralValueExpr).SrcRange
	heredoc := strings.HasPrefix(sc.m.src.text(r), "<<")
	return &val{v: cty.StringVal(text.String()), file: r.Filename, pos: sc.m.src.at(r),
		lit: &litRange{file: r.Filename, startLine: first.Start.Line, startCol: sc.m.src.at(first).Col, heredoc: heredoc}}
}

// object evaluates an object constructor, keeping each member's position.
func (sc *scope) object(e *hclsyntax.ObjectConsExpr) *val {
	out := &val{obj: true, file: e.Range().Filename, pos: sc.m.src.at(e.Range())}
	for _, it := range e.Items {
		k := sc.objectKey(it.KeyExpr)
		if k == nil {
			return sc.fallback(e)
		}
		out.fields = append(out.fields, field{key: *k, keyPos: sc.m.src.at(it.KeyExpr.Range()), val: sc.eval(it.ValueExpr)})
	}
	return out
}

// objectKey evaluates an object key: a bare word is the key itself.
func (sc *scope) objectKey(e hclsyntax.Expression) *string {
	if ok, isKey := e.(*hclsyntax.ObjectConsKeyExpr); isKey {
		if name := hcl.ExprAsKeyword(ok.Wrapped); name != "" && !ok.ForceNonLiteral {
			return &name
		}
		e = ok.Wrapped
	}
	s, known := sc.eval(e).str()
	if !known {
		return nil
	}
	return &s
}

// traversal resolves a reference (var.x, local.y, aws_iam_role.r.name).
func (sc *scope) traversal(t hcl.Traversal, r hcl.Range) *val {
	text := sc.m.src.text(r)
	base, rest := sc.root(t, r)
	if base == nil {
		return unknown(r.Filename, sc.m.src.at(r), text)
	}
	_, iter := sc.iters[t.RootName()]
	open := !iter && isResourceRef(t.RootName())
	v := sc.m.follow(base, rest, r, text)
	if open {
		v.missing = false // not written: computed by the provider
	}
	if open && !v.obj && !v.list && v.doc == nil && v.v.IsNull() {
		// An argument written as null (name = var.use_prefix ? null :
		// var.name) is left to the provider, which usually computes it.
		return unknown(r.Filename, sc.m.src.at(r), text)
	}
	return v
}

// isResourceRef reports whether a traversal rooted at name reads a
// resource or data source.
func isResourceRef(name string) bool {
	switch name {
	case "var", "local", "count", "each", "path", "module", "self", "terraform":
		return false
	}
	return true
}

// root resolves the named object a traversal starts from and returns the
// steps still to apply.
func (sc *scope) root(t hcl.Traversal, r hcl.Range) (*val, hcl.Traversal) {
	m := sc.m
	name := t.RootName()
	if it, ok := sc.iters[name]; ok {
		return it, t[1:]
	}
	step := func(i int) string {
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch name {
	case "var":
		if v := m.variable(step(1)); v != nil {
			return v, t[2:]
		}
	case "local":
		if v := m.local(step(1)); v != nil {
			return v, t[2:]
		}
	case "count":
		if step(1) == "index" && sc.count != nil {
			return sc.count, t[2:]
		}
	case "each":
		if sc.each != nil && step(1) != "" {
			v, _ := sc.each.get(step(1))
			return v, t[2:]
		}
	case "path":
		switch step(1) {
		case "module":
			return &val{v: cty.StringVal(m.dir), file: r.Filename, pos: m.src.at(r)}, t[2:]
		case "root":
			return &val{v: cty.StringVal(m.rootDir), file: r.Filename, pos: m.src.at(r)}, t[2:]
		}
	case "data":
		if typ, n := step(1), step(2); typ != "" && n != "" {
			return m.resource("data." + typ + "." + n), t[3:]
		}
	case "module":
		if n := step(1); n != "" {
			return m.moduleValue(n), t[2:]
		}
	case "self", "terraform":
	default:
		if n := step(1); n != "" {
			return m.resource(name + "." + n), t[2:]
		}
	}
	return nil, nil
}

// follow applies attribute and index steps to a located value; a step
// into what the configuration does not write is unknown.
func (m *module) follow(v *val, rest hcl.Traversal, r hcl.Range, text string) *val {
	for _, s := range rest {
		if v == nil || v.isUnknown() {
			break
		}
		var next *val
		switch st := s.(type) {
		case hcl.TraverseAttr:
			next = member(v, cty.StringVal(st.Name))
		case hcl.TraverseIndex:
			next = member(v, st.Key)
		}
		if next == nil && !v.obj && !v.list && v.v.IsKnown() {
			if c, diags := s.TraversalStep(v.v); !diags.HasErrors() {
				next = fromCty(c, v.file, v.pos, text)
			}
		}
		if next == nil && (v.obj || v.list) {
			// A member a variable, local or iterator does not have is an
			// error in Terraform, which try() skips; a resource's member
			// that is not written is computed (see traversal).
			out := unknown(r.Filename, m.src.at(r), text)
			out.missing = true
			return out
		}
		v = next
	}
	if v == nil || v.isUnknown() {
		return unknown(r.Filename, m.src.at(r), text)
	}
	return v
}

// member returns the element of a structured value named by key.
func member(v *val, key cty.Value) *val {
	if !key.IsKnown() || key.IsNull() {
		return nil
	}
	switch {
	case v.obj && key.Type() == cty.String:
		x, _ := v.get(key.AsString())
		return x
	case v.list && key.Type() == cty.Number:
		i, acc := key.AsBigFloat().Int64()
		if acc == 0 && i >= 0 && i < int64(len(v.items)) {
			return v.items[i]
		}
	}
	return nil
}

// call evaluates a function call: jsonencode keeps the located structure
// of its argument, file reads within the tree, the rest runs go-cty's
// implementation on the argument values.
func (sc *scope) call(e *hclsyntax.FunctionCallExpr) *val {
	m := sc.m
	at, file := m.src.at(e.NameRange), e.NameRange.Filename
	name := strings.TrimPrefix(e.Name, "provider::terraform::")
	switch name {
	case "jsonencode":
		if len(e.Args) == 1 {
			return sc.jsonencode(e, sc.eval(e.Args[0]))
		}
	case "try", "coalesce":
		// An unknown argument makes the result unknown: try() only skips
		// errors, and the scanner cannot tell an error from a value known
		// after apply; coalesce() cannot know whether it is empty.
		for _, a := range e.Args {
			v := sc.eval(a)
			if name == "try" && v.missing {
				continue // the error try() exists to skip
			}
			if v.isUnknown() {
				return sc.unknownOf(e)
			}
			if name == "try" || v.obj || v.list || !(v.v.IsNull() || v.v.RawEquals(cty.StringVal(""))) {
				return v
			}
		}
		return sc.unknownOf(e)
	case "file", "templatefile":
		return sc.readFile(e, name)
	case "concat":
		if v := sc.concat(e); v != nil {
			return v
		}
	case "merge":
		if v := sc.merge(e); v != nil {
			return v
		}
	case "tolist", "toset", "tomap", "sensitive", "nonsensitive":
		if len(e.Args) == 1 {
			if v := sc.eval(e.Args[0]); v.obj || v.list {
				return v
			}
		}
	}
	f, ok := m.p.funcs[name]
	if !ok {
		return sc.unknownOf(e)
	}
	args := make([]cty.Value, len(e.Args))
	for i, a := range e.Args {
		args[i] = sc.eval(a).cty()
	}
	if e.ExpandFinal && len(args) > 0 {
		last := args[len(args)-1]
		if !last.IsKnown() || last.IsNull() || !last.CanIterateElements() {
			return sc.unknownOf(e)
		}
		args = args[:len(args)-1]
		for it := last.ElementIterator(); it.Next(); {
			_, x := it.Element()
			args = append(args, x)
		}
	}
	out, err := safeCall(f, args)
	if err != nil {
		return sc.unknownOf(e)
	}
	v := fromCty(out, file, at, m.src.text(e.Range()))
	if name == "jsondecode" {
		v = relocate(v, sc.eval(e.Args[0]))
	}
	return v
}

// safeCall calls a go-cty function; a panic on a value it did not expect
// is an error, not a crash of the scan.
func safeCall(f function.Function, args []cty.Value) (out cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("function panicked: %v", r)
		}
	}()
	return f.Call(args)
}

// concat joins lists keeping each element's position.
func (sc *scope) concat(e *hclsyntax.FunctionCallExpr) *val {
	if e.ExpandFinal {
		return nil
	}
	out := &val{list: true, file: e.NameRange.Filename, pos: sc.m.src.at(e.NameRange)}
	for _, a := range e.Args {
		v := sc.eval(a)
		if !v.list {
			return nil
		}
		out.items = append(out.items, v.items...)
	}
	return out
}

// merge merges objects keeping each member's position; later wins.
func (sc *scope) merge(e *hclsyntax.FunctionCallExpr) *val {
	if e.ExpandFinal {
		return nil
	}
	out := &val{obj: true, file: e.NameRange.Filename, pos: sc.m.src.at(e.NameRange)}
	for _, a := range e.Args {
		v := sc.eval(a)
		if !v.obj {
			return nil
		}
		for _, f := range v.fields {
			out.fields = removeField(out.fields, f.key)
			out.fields = append(out.fields, f)
		}
	}
	return out
}

// removeField drops key from fields.
func removeField(fields []field, key string) []field {
	out := fields[:0:0]
	for _, f := range fields {
		if f.key != key {
			out = append(out, f)
		}
	}
	return out
}

// fallback evaluates any other expression with go-cty and HCL: the
// result is located at the expression. What it reads that the module
// does not decide makes it unknown.
func (sc *scope) fallback(expr hcl.Expression) *val {
	r := expr.Range()
	ctx := sc.context(expr)
	c, diags := safeValue(expr, ctx)
	if diags.HasErrors() {
		return sc.unknownOf(expr)
	}
	return fromCty(c, r.Filename, sc.m.src.at(r), sc.m.src.text(r))
}

// safeValue evaluates expr, turning a panic into an error diagnostic.
func safeValue(expr hcl.Expression, ctx *hcl.EvalContext) (c cty.Value, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprint(r)}}
		}
	}()
	return expr.Value(ctx)
}

// context builds the evaluation context of the names expr refers to.
func (sc *scope) context(expr hcl.Expression) *hcl.EvalContext {
	vars := map[string]map[string]cty.Value{}
	put := func(root, name string, v *val) {
		if vars[root] == nil {
			vars[root] = map[string]cty.Value{}
		}
		vars[root][name] = v.cty()
	}
	top := map[string]cty.Value{}
	for _, t := range expr.Variables() {
		name := t.RootName()
		if it, ok := sc.iters[name]; ok {
			top[name] = it.cty()
			continue
		}
		r := t.SourceRange()
		switch name {
		case "count", "each", "path":
			if len(t) > 1 {
				base, _ := sc.root(t[:2], r)
				if base != nil {
					put(name, attrName(t[1]), base)
				}
			}
		case "var", "local", "module":
			if len(t) > 1 {
				base, _ := sc.root(t[:2], r)
				put(name, attrName(t[1]), base)
			}
		case "data":
			if len(t) > 2 {
				base, _ := sc.root(t[:3], r)
				key := attrName(t[1])
				obj := top["data"]
				top["data"] = nestPut(obj, key, attrName(t[2]), base.cty())
			}
		case "self", "terraform":
		default:
			if len(t) > 1 {
				base, _ := sc.root(t[:2], r)
				put(name, attrName(t[1]), base)
			}
		}
	}
	for root, members := range vars {
		top[root] = cty.ObjectVal(members)
	}
	return &hcl.EvalContext{Variables: top, Functions: sc.m.p.funcs}
}

// nestPut sets obj[a][b] = v in a cty object of objects.
func nestPut(obj cty.Value, a, b string, v cty.Value) cty.Value {
	outer := map[string]cty.Value{}
	if obj != cty.NilVal {
		outer = obj.AsValueMap()
	}
	inner := map[string]cty.Value{}
	if x, ok := outer[a]; ok {
		inner = x.AsValueMap()
	}
	inner[b] = v
	outer[a] = cty.ObjectVal(inner)
	return cty.ObjectVal(outer)
}

// attrName is the name of an attribute step, "" for anything else.
func attrName(s hcl.Traverser) string {
	if a, ok := s.(hcl.TraverseAttr); ok {
		return a.Name
	}
	return ""
}

// relocate gives the parts of a decoded value the position of the string
// it was decoded from.
func relocate(v, from *val) *val {
	if from == nil {
		return v
	}
	v.file, v.pos = from.file, from.pos
	for _, f := range v.fields {
		relocate(f.val, from)
	}
	for _, it := range v.items {
		relocate(it, from)
	}
	return v
}

// unknownDiag records a warning about a value that could not be read.
func (m *module) diag(file string, p graph.Pos, code, format string, args ...any) {
	*m.diags = append(*m.diags, graph.Diagnostic{File: file, Pos: p, Severity: graph.SevWarning, Code: code, Message: fmt.Sprintf(format, args...)})
}
