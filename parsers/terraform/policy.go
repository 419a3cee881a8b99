package terraform

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/iam"
)

// lineCol is a position without an end.
func lineCol(line, col int) graph.Pos { return graph.Pos{Line: line, Col: col} }

// jsonencode keeps the located structure of its argument as a policy
// candidate; the string itself is known when the argument is.
func (sc *scope) jsonencode(e *hclsyntax.FunctionCallExpr, arg *val) *val {
	out := &val{v: cty.UnknownVal(cty.String), file: e.NameRange.Filename, pos: sc.m.src.at(e.NameRange),
		expr: sc.m.src.text(e.Range()), doc: toIAM(arg), source: "jsonencode"}
	if c := arg.cty(); c.IsWhollyKnown() {
		if s, err := safeCall(stdlib.JSONEncodeFunc, []cty.Value{c}); err == nil {
			out.v = s
		}
	}
	return out
}

// toIAM converts a located value to the IAM model's value.
func toIAM(v *val) *iam.Value {
	if v == nil {
		return &iam.Value{Kind: iam.Null}
	}
	out := &iam.Value{File: v.file, Pos: v.pos}
	switch {
	case v.obj:
		out.Kind = iam.Object
		for _, f := range v.fields {
			out.Fields = append(out.Fields, iam.Field{Key: f.key, KeyPos: f.keyPos, Value: toIAM(f.val)})
		}
	case v.list:
		out.Kind = iam.Array
		for _, it := range v.items {
			out.Items = append(out.Items, toIAM(it))
		}
	case v.doc != nil && !v.v.IsKnown():
		out.Kind, out.Text = iam.Unknown, v.expr
	case !v.v.IsKnown():
		out.Kind, out.Text = iam.Unknown, v.expr
	case v.v.IsNull():
		out.Kind = iam.Null
	default:
		scalarIAM(out, v.v)
	}
	return out
}

// scalarIAM fills a scalar IAM value from a known cty value.
func scalarIAM(out *iam.Value, c cty.Value) {
	c, _ = c.Unmark()
	switch ty := c.Type(); {
	case ty == cty.String:
		out.Kind, out.Text = iam.String, c.AsString()
	case ty == cty.Bool:
		out.Kind, out.Text = iam.Bool, "false"
		if c.True() {
			out.Text = "true"
		}
	case ty == cty.Number:
		out.Kind, out.Text = iam.Number, c.AsBigFloat().Text('f', -1)
	default:
		v := fromCty(c, out.File, out.Pos, "")
		*out = *toIAM(v)
	}
}

// decodeLiteral decodes policy JSON written in a string (heredoc, quoted,
// file()) with positions in the file where it is written; nil when the
// string is not JSON text.
func decodeLiteral(src *sources, v *val) (*iam.Value, error) {
	s, ok := v.str()
	if !ok || !strings.HasPrefix(strings.TrimSpace(s), "{") {
		return nil, nil
	}
	doc, err := iam.DecodeJSON(v.file, []byte(s))
	if err != nil || doc == nil {
		return nil, locateSyntaxError(src, v, s, err)
	}
	shift := lineShift(src, v, s)
	relocateIAM(doc, v, shift)
	return doc, nil
}

// locateSyntaxError moves a JSON syntax error of a literal's text to where
// it is written in the file, or to the string when the text is not written
// as is (escapes, a computed string).
func locateSyntaxError(src *sources, v *val, text string, err error) error {
	se, ok := err.(*iam.SyntaxError)
	if !ok {
		return err
	}
	out := &iam.SyntaxError{File: v.file, Pos: v.pos, Msg: se.Msg}
	if src == nil {
		return out
	}
	if shift := lineShift(src, v, text); shift != nil && se.Pos.Line >= 1 && se.Pos.Line <= len(shift) {
		out.File = v.lit.file
		out.Pos = graph.Pos{Line: v.lit.startLine + se.Pos.Line - 1, Col: se.Pos.Col + shift[se.Pos.Line-1]}
	}
	return out
}

// lineShift maps each line of a literal's text to the column offset of
// that line in the source file; nil when the text is not written as is
// (escapes in a quoted string), so positions fall back to the string.
func lineShift(src *sources, v *val, text string) []int {
	if v.lit == nil {
		return nil
	}
	lines := strings.Split(text, "\n")
	file := bytes.Split(src.get(v.lit.file), []byte("\n"))
	shift := make([]int, len(lines))
	for i, l := range lines {
		n := v.lit.startLine - 1 + i
		if n >= len(file) {
			return nil
		}
		line := strings.TrimSuffix(string(file[n]), "\r")
		l = strings.TrimSuffix(l, "\r")
		if i == 0 {
			col := v.lit.startCol - 1
			prefix := runePrefix(line, col)
			if !strings.HasPrefix(line[len(prefix):], l) {
				return nil
			}
			shift[i] = col
			continue
		}
		if !strings.HasSuffix(line, l) {
			return nil
		}
		shift[i] = utf8.RuneCountInString(line) - utf8.RuneCountInString(l)
	}
	return shift
}

// runePrefix is the first n runes of s.
func runePrefix(s string, n int) string {
	i := 0
	for n > 0 && i < len(s) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n--
	}
	return s[:i]
}

// relocateIAM moves decoded positions (relative to the text) to the file.
func relocateIAM(x *iam.Value, v *val, shift []int) {
	move := func(p graph.Pos) graph.Pos {
		if shift == nil || p.Line < 1 || p.Line > len(shift) {
			return v.pos
		}
		return graph.Pos{Line: v.lit.startLine + p.Line - 1, Col: p.Col + shift[p.Line-1]}
	}
	var walk func(x *iam.Value)
	walk = func(x *iam.Value) {
		x.File, x.Pos = v.file, move(x.Pos)
		for i := range x.Fields {
			x.Fields[i].KeyPos = move(x.Fields[i].KeyPos)
			walk(x.Fields[i].Value)
		}
		for _, it := range x.Items {
			walk(it)
		}
	}
	walk(x)
}

// render writes an IAM value as JSON; false when a part is unknown.
func render(x *iam.Value) (string, bool) {
	var b strings.Builder
	ok := renderTo(&b, x)
	return b.String(), ok
}

// renderTo writes x to b.
func renderTo(b *strings.Builder, x *iam.Value) bool {
	switch x.Kind {
	case iam.Unknown:
		return false
	case iam.Null:
		b.WriteString("null")
	case iam.Bool, iam.Number:
		b.WriteString(x.Text)
	case iam.String:
		s, _ := json.Marshal(x.Text)
		b.Write(s)
	case iam.Array:
		b.WriteByte('[')
		for i, it := range x.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			if !renderTo(b, it) {
				return false
			}
		}
		b.WriteByte(']')
	case iam.Object:
		b.WriteByte('{')
		for i, f := range x.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(f.Key)
			b.Write(k)
			b.WriteByte(':')
			if !renderTo(b, f.Value) {
				return false
			}
		}
		b.WriteByte('}')
	}
	return true
}

// policyDocument renders an aws_iam_policy_document data source the way
// the AWS provider does: source_policy_documents first, this document's
// statements replacing those with the same sid, then
// override_policy_documents replacing by sid.
func policyDocument(v *val) *iam.Value {
	doc := &iam.Value{Kind: iam.Object, File: v.file, Pos: v.pos}
	version := &iam.Value{Kind: iam.String, Text: "2012-10-17", File: v.file, Pos: v.pos}
	versionPos := v.pos
	if x, ok := v.get("version"); ok {
		version, versionPos = toIAM(x), x.pos
	}
	doc.Fields = append(doc.Fields, iam.Field{Key: "Version", KeyPos: versionPos, Value: version})
	if x, ok := v.get("policy_id"); ok {
		doc.Fields = append(doc.Fields, iam.Field{Key: "Id", KeyPos: x.pos, Value: toIAM(x)})
	}
	var stmts []*iam.Value
	for _, d := range docList(v, "source_policy_documents") {
		stmts = mergeBySid(stmts, statementsOf(d))
	}
	var own []*iam.Value
	if l, ok := v.get("statement"); ok && l.list {
		for _, s := range l.items {
			own = append(own, statement(s))
		}
	}
	stmts = mergeBySid(stmts, own)
	for _, d := range docList(v, "override_policy_documents") {
		stmts = mergeBySid(stmts, statementsOf(d))
	}
	arr := &iam.Value{Kind: iam.Array, File: v.file, Pos: v.pos, Items: stmts}
	doc.Fields = append(doc.Fields, iam.Field{Key: "Statement", KeyPos: v.pos, Value: arr})
	return doc
}

// docList returns the policies listed in a *_policy_documents argument;
// an unknown one is an Unknown policy.
func docList(v *val, name string) []*iam.Value {
	l, ok := v.get(name)
	if !ok {
		return nil
	}
	if !l.list {
		return []*iam.Value{{Kind: iam.Unknown, Text: l.expr, File: l.file, Pos: l.pos}}
	}
	var out []*iam.Value
	for _, it := range l.items {
		if it.doc != nil {
			out = append(out, it.doc)
		} else {
			out = append(out, &iam.Value{Kind: iam.Unknown, Text: it.expr, File: it.file, Pos: it.pos})
		}
	}
	return out
}

// statementsOf lists a policy's statements; an unknown policy is one
// unknown statement, so that nothing reads it as empty.
func statementsOf(d *iam.Value) []*iam.Value {
	if d.Kind == iam.Unknown {
		return []*iam.Value{d}
	}
	for _, f := range d.Fields {
		if f.Key == "Statement" {
			if f.Value.Kind == iam.Array {
				return f.Value.Items
			}
			return []*iam.Value{f.Value}
		}
	}
	return nil
}

// sidOf is a statement's known Sid, "" when none.
func sidOf(s *iam.Value) string {
	for _, f := range s.Fields {
		if f.Key == "Sid" && f.Value.Kind == iam.String {
			return f.Value.Text
		}
	}
	return ""
}

// mergeBySid appends add to base; a statement whose sid a base statement
// has replaces it.
func mergeBySid(base, add []*iam.Value) []*iam.Value {
	out := append([]*iam.Value(nil), base...)
	for _, s := range add {
		sid, replaced := sidOf(s), false
		if sid != "" {
			for i, b := range out {
				if sidOf(b) == sid {
					out[i], replaced = s, true
				}
			}
		}
		if !replaced {
			out = append(out, s)
		}
	}
	return out
}

// statementFields maps statement block arguments to policy keys.
var statementFields = []struct{ hcl, json string }{
	{"sid", "Sid"}, {"effect", "Effect"}, {"actions", "Action"}, {"not_actions", "NotAction"},
	{"resources", "Resource"}, {"not_resources", "NotResource"},
}

// statement renders one statement block.
func statement(s *val) *iam.Value {
	out := &iam.Value{Kind: iam.Object, File: s.file, Pos: s.pos}
	add := func(key string, keyPos graph.Pos, v *iam.Value) {
		out.Fields = append(out.Fields, iam.Field{Key: key, KeyPos: keyPos, Value: v})
	}
	for _, f := range statementFields {
		x, ok := s.get(f.hcl)
		if !ok {
			if f.hcl == "effect" {
				add("Effect", s.pos, &iam.Value{Kind: iam.String, Text: "Allow", File: s.file, Pos: s.pos})
			}
			continue
		}
		add(f.json, keyPosOf(s, f.hcl), toIAM(x))
	}
	for _, p := range []struct{ hcl, json string }{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		if x, ok := s.get(p.hcl); ok && x.list {
			add(p.json, x.pos, principals(x))
		}
	}
	if x, ok := s.get("condition"); ok && x.list {
		add("Condition", x.pos, conditions(x))
	}
	return out
}

// keyPosOf is where a statement argument's name is written.
func keyPosOf(s *val, key string) graph.Pos {
	for _, f := range s.fields {
		if f.key == key {
			return f.keyPos
		}
	}
	return s.pos
}

// principals renders principals blocks: {type: identifiers}; type "*"
// with identifiers ["*"] is the anonymous principal "*".
func principals(l *val) *iam.Value {
	out := &iam.Value{Kind: iam.Object, File: l.file, Pos: l.pos}
	for _, b := range l.items {
		typ, _ := b.get("type")
		ids, _ := b.get("identifiers")
		t, known := typ.str()
		if !known {
			return toIAM(unknown(b.file, b.pos, "principals"))
		}
		if t == "*" {
			return &iam.Value{Kind: iam.String, Text: "*", File: b.file, Pos: posOr(ids, b)}
		}
		out.Fields = appendValues(out.Fields, t, typ.pos, toIAM(ids))
	}
	return out
}

// conditions renders condition blocks: {test: {variable: values}}.
func conditions(l *val) *iam.Value {
	out := &iam.Value{Kind: iam.Object, File: l.file, Pos: l.pos}
	for _, b := range l.items {
		test, _ := b.get("test")
		variable, _ := b.get("variable")
		values, _ := b.get("values")
		t, ok1 := test.str()
		vr, ok2 := variable.str()
		if !ok1 || !ok2 {
			return toIAM(unknown(b.file, b.pos, "condition"))
		}
		var inner *iam.Value
		for _, f := range out.Fields {
			if f.Key == t {
				inner = f.Value
			}
		}
		if inner == nil {
			inner = &iam.Value{Kind: iam.Object, File: b.file, Pos: b.pos}
			out.Fields = append(out.Fields, iam.Field{Key: t, KeyPos: test.pos, Value: inner})
		}
		inner.Fields = appendValues(inner.Fields, vr, variable.pos, toIAM(values))
	}
	return out
}

// appendValues adds key: values, concatenating with an earlier key.
func appendValues(fields []iam.Field, key string, keyPos graph.Pos, values *iam.Value) []iam.Field {
	for i, f := range fields {
		if f.Key == key && f.Value.Kind == iam.Array && values.Kind == iam.Array {
			merged := *f.Value
			merged.Items = append(append([]*iam.Value(nil), f.Value.Items...), values.Items...)
			fields[i].Value = &merged
			return fields
		}
	}
	return append(fields, iam.Field{Key: key, KeyPos: keyPos, Value: values})
}

// posOr is v's position, or b's when v is absent.
func posOr(v, b *val) graph.Pos {
	if v != nil {
		return v.pos
	}
	return b.pos
}

// documentJSON is the json attribute of a policy document data source.
func documentJSON(v *val, addr string) *val {
	doc := policyDocument(v)
	out := &val{v: cty.UnknownVal(cty.String), file: v.file, pos: v.pos, expr: "data." + addr + ".json", doc: doc, source: "policy_document"}
	if s, ok := render(doc); ok {
		out.v = cty.StringVal(s)
	}
	return out
}
