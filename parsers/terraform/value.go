package terraform

import (
	"math/big"

	"github.com/zclconf/go-cty/cty"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/iam"
)

// val is an evaluated value that remembers where it is written: the
// literal a variable default, a local or a tfvars file holds keeps its own
// file and position wherever it flows.
type val struct {
	// v is the scalar value, or the whole value when fields and items are
	// nil (a function's result, an unknown).
	v    cty.Value
	file string
	pos  graph.Pos
	// obj and list mark structured values; fields and items hold them.
	obj    bool
	list   bool
	fields []field
	items  []*val
	// expr is the source text of an unknown value.
	expr string
	// missing marks the unknown read of a member that a known object or
	// list does not have: an error in Terraform, skipped by try().
	missing bool
	// lit is the source range of a string written literally (quoted or
	// heredoc): policy JSON inside it is located through it.
	lit *litRange
	// doc is the policy this string is the JSON of (jsonencode, a policy
	// document's json); policy is the iam.policy node id when it was
	// already emitted (a data source), source how it was written.
	doc    *iam.Value
	policy string
	source string
	// conv caches the cty conversion of a structured value: a local or a
	// resource read by many expressions is converted once.
	conv cty.Value
	// weight caches size(); 0 means not computed yet.
	weight int
}

// maxValueSize bounds the parts of one value (elements plus string bytes
// / 64): locals that double a list or a string at each step must not
// exhaust memory.
const maxValueSize = 200_000

// size counts the parts of v, shared parts once per reference, stopping
// past maxValueSize.
func (v *val) size() int {
	if v == nil {
		return 0
	}
	if v.weight > 0 {
		return v.weight
	}
	w := 1
	if !v.obj && !v.list && v.v.IsKnown() && !v.v.IsNull() && v.v.Type() == cty.String {
		w += len(v.v.AsString()) / 64
	}
	for _, f := range v.fields {
		if w += f.val.size(); w > maxValueSize {
			break
		}
	}
	for _, it := range v.items {
		if w += it.size(); w > maxValueSize {
			break
		}
	}
	v.weight = w
	return w
}

// litRange is where a string literal's text is written.
type litRange struct {
	file      string
	startLine int
	startCol  int // column of the text's first character
	heredoc   bool
}

// field is one member of an object value.
type field struct {
	key    string
	keyPos graph.Pos
	val    *val
}

// unknown is a value the module does not decide.
func unknown(file string, pos graph.Pos, expr string) *val {
	return &val{v: cty.DynamicVal, file: file, pos: pos, expr: expr}
}

// isUnknown reports whether the whole value is unknown.
func (v *val) isUnknown() bool {
	return v == nil || (!v.obj && !v.list && v.doc == nil && !v.v.IsKnown())
}

// get returns an object member.
func (v *val) get(key string) (*val, bool) {
	for i := len(v.fields) - 1; i >= 0; i-- {
		if v.fields[i].key == key {
			return v.fields[i].val, true
		}
	}
	return nil, false
}

// str returns a known string value.
func (v *val) str() (string, bool) {
	if v == nil || v.obj || v.list || !v.v.IsKnown() || v.v.IsNull() || v.v.Type() != cty.String {
		return "", false
	}
	return v.v.AsString(), true
}

// cty converts the value to a cty value for function calls.
func (v *val) cty() cty.Value {
	switch {
	case v == nil:
		return cty.DynamicVal
	case v.conv != cty.NilVal:
		return v.conv
	case v.obj:
		m := make(map[string]cty.Value, len(v.fields))
		for _, f := range v.fields {
			m[f.key] = f.val.cty()
		}
		v.conv = cty.ObjectVal(m)
		return v.conv
	case v.list:
		if len(v.items) == 0 {
			return cty.EmptyTupleVal
		}
		vs := make([]cty.Value, len(v.items))
		for i, it := range v.items {
			vs[i] = it.cty()
		}
		v.conv = cty.TupleVal(vs)
		return v.conv
	}
	return v.v
}

// fromCty builds a located value from a computed one: every part is at
// pos (where the expression computing it is written).
func fromCty(c cty.Value, file string, pos graph.Pos, expr string) *val {
	if !c.IsKnown() {
		return unknown(file, pos, expr)
	}
	c, _ = c.Unmark()
	ty := c.Type()
	switch {
	case c.IsNull():
		return &val{v: c, file: file, pos: pos}
	case ty.IsObjectType() || ty.IsMapType():
		out := &val{obj: true, file: file, pos: pos}
		for it := c.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out.fields = append(out.fields, field{key: k.AsString(), keyPos: pos, val: fromCty(e, file, pos, expr)})
		}
		return out
	case ty.IsTupleType() || ty.IsListType() || ty.IsSetType():
		out := &val{list: true, file: file, pos: pos}
		for it := c.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out.items = append(out.items, fromCty(e, file, pos, expr))
		}
		return out
	}
	return &val{v: c, file: file, pos: pos}
}

// attrsValue renders v as a Rego-visible value; an unknown is
// {"unknown": true, "expr": "<source>"}.
func (v *val) attrsValue() any {
	switch {
	case v == nil:
		return nil
	case v.obj:
		m := make(map[string]any, len(v.fields))
		for _, f := range v.fields {
			m[f.key] = f.val.attrsValue()
		}
		return m
	case v.list:
		out := make([]any, len(v.items))
		for i, it := range v.items {
			out[i] = it.attrsValue()
		}
		return out
	}
	return scalarValue(v.v, v.expr)
}

// scalarValue renders a cty scalar (or a computed collection).
func scalarValue(c cty.Value, expr string) any {
	if !c.IsKnown() {
		return map[string]any{"unknown": true, "expr": expr}
	}
	if c.IsNull() {
		return nil
	}
	c, _ = c.Unmark()
	switch ty := c.Type(); {
	case ty == cty.String:
		return c.AsString()
	case ty == cty.Bool:
		return c.True()
	case ty == cty.Number:
		return number(c.AsBigFloat())
	case ty.IsCollectionType() || ty.IsObjectType() || ty.IsTupleType():
		return fromCty(c, "", graph.Pos{}, expr).attrsValue()
	}
	return nil
}

// number renders an integer as int64 and anything else as float64.
func number(f *big.Float) any {
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return i
		}
	}
	x, _ := f.Float64()
	return x
}
