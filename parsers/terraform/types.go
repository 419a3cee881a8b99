package terraform

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
)

// withOptionals fills the optional attributes a variable's type declares
// (object({sid = optional(string), effect = optional(string, "Allow")}))
// that its value leaves out: Terraform sets them to null or to their
// default before the module reads them, so statement.value.not_actions is
// null, not an error. Nothing else of the type is enforced: a value that
// does not match stays as written. The value is copied where it changes,
// never modified (a caller's local may be shared).
func withOptionals(v *val, typeExpr hcl.Expression) *val {
	ty, defaults, diags := safeTypeConstraint(typeExpr)
	if diags.HasErrors() || !hasOptionals(ty, 0) {
		return v
	}
	return fillOptionals(v, ty, defaults, 0)
}

// maxTypeDepth bounds the walk of nested types and values.
const maxTypeDepth = 32

// safeTypeConstraint parses a type expression; a panic on a malformed one
// is a parse failure, not a crash.
func safeTypeConstraint(expr hcl.Expression) (ty cty.Type, d *typeexpr.Defaults, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "invalid type"}}
		}
	}()
	return typeexpr.TypeConstraintWithDefaults(expr)
}

// hasOptionals reports whether ty declares an optional attribute anywhere.
func hasOptionals(ty cty.Type, depth int) bool {
	switch {
	case depth > maxTypeDepth:
		return false
	case ty.IsObjectType():
		for name, at := range ty.AttributeTypes() {
			if ty.AttributeOptional(name) || hasOptionals(at, depth+1) {
				return true
			}
		}
	case ty.IsCollectionType():
		return hasOptionals(ty.ElementType(), depth+1)
	case ty.IsTupleType():
		for _, et := range ty.TupleElementTypes() {
			if hasOptionals(et, depth+1) {
				return true
			}
		}
	}
	return false
}

// fillOptionals returns v with the optional attributes of ty added where
// missing, at the position of the object that lacks them.
func fillOptionals(v *val, ty cty.Type, d *typeexpr.Defaults, depth int) *val {
	if v == nil || depth > maxTypeDepth || v.isUnknown() {
		return v
	}
	switch {
	case ty.IsObjectType() && v.obj:
		return fillObject(v, ty, d, depth)
	case ty.IsMapType() && v.obj:
		out := copyVal(v)
		for i, f := range out.fields {
			out.fields[i].val = fillOptionals(f.val, ty.ElementType(), child(d, ""), depth+1)
		}
		return out
	case (ty.IsListType() || ty.IsSetType()) && v.list:
		out := copyVal(v)
		for i, it := range out.items {
			out.items[i] = fillOptionals(it, ty.ElementType(), child(d, ""), depth+1)
		}
		return out
	}
	return v
}

// fillObject adds an object's missing optional attributes and descends
// into the others.
func fillObject(v *val, ty cty.Type, d *typeexpr.Defaults, depth int) *val {
	out := copyVal(v)
	for i, f := range out.fields {
		if ty.HasAttribute(f.key) {
			out.fields[i].val = fillOptionals(f.val, ty.AttributeType(f.key), child(d, f.key), depth+1)
		}
	}
	names := make([]string, 0, len(ty.AttributeTypes()))
	for name := range ty.AttributeTypes() {
		names = append(names, name)
	}
	sort.Strings(names) // deterministic order of the added fields
	for _, name := range names {
		at := ty.AttributeType(name)
		if _, ok := v.get(name); ok || !ty.AttributeOptional(name) {
			continue
		}
		filled := &val{v: cty.NullVal(at), file: v.file, pos: v.pos}
		if d != nil {
			if dv, ok := d.DefaultValues[name]; ok {
				filled = fromCty(dv, v.file, v.pos, "")
			}
		}
		out.fields = append(out.fields, field{key: name, keyPos: v.pos, val: fillOptionals(filled, at, child(d, name), depth+1)})
	}
	return out
}

// child returns the defaults of an attribute ("" for collection elements).
func child(d *typeexpr.Defaults, key string) *typeexpr.Defaults {
	if d == nil {
		return nil
	}
	return d.Children[key]
}

// copyVal copies a structured value's top level, dropping its caches.
func copyVal(v *val) *val {
	out := *v
	out.fields = append([]field(nil), v.fields...)
	out.items = append([]*val(nil), v.items...)
	out.conv, out.weight = cty.NilVal, 0
	return &out
}
