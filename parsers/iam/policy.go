package iam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// listFields are the statement elements normalized to lists, with the
// attribute that holds each.
var listFields = map[string]string{
	"Action":      "actions",
	"NotAction":   "not_actions",
	"Resource":    "resources",
	"NotResource": "not_resources",
}

// AddPolicy adds the normalized iam.policy node for v (and its
// iam.statement nodes) to doc at path, and returns it. The policy and its
// statements are located in the file v says (v.File), keys in the file of
// the part they name. docs/input-iam.md is the contract of what it emits.
func AddPolicy(doc *graph.Document, path string, v *Value, m Meta) *graph.Node {
	n := doc.AddNode(KindPolicy, path, v.Pos)
	if v.File != "" && v.File != n.File {
		n.SetFile(v.File)
	}
	n.Anchor = policyAnchor(n)
	a := n.Attrs
	a["source"], a["use"], a["owner"], a["name"] = m.Source, m.Use, m.Owner, m.Name
	if m.Name == "" {
		a["name"] = n.File
	}
	a["unknown"] = false
	statements := []any{}
	var problems []any
	switch v.Kind {
	case Unknown:
		a["unknown"], a["expr"] = true, v.Text
	case Object:
		if ver := v.Get("Version"); ver != nil {
			a["version"] = element(ver)
		}
		locateFields(n, v, "")
		st := v.Get("Statement")
		statements, problems = addStatements(doc, n, childPath(path, "Statement"), st)
		if st != nil && st.Kind == Unknown {
			a["unknown"], a["expr"] = true, st.Text
		}
	default:
		problems = append(problems, "the policy is not a JSON object")
	}
	a["statements"] = statements
	if len(problems) > 0 {
		a["errors"] = problems
	}
	return n
}

// policyAnchor names a policy for fingerprints without line numbers: its
// id, which holds the document (a Terraform root module) as well as the
// path, so the same module policy instantiated by two root modules gives
// two fingerprints.
func policyAnchor(n *graph.Node) string {
	return "iam:" + n.ID
}

// childPath joins a node path and a member name.
func childPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// locateFields records where each member of obj is written, as keys
// prefix+name of n.
func locateFields(n *graph.Node, obj *Value, prefix string) {
	for _, f := range obj.Fields {
		n.SetKey(prefix+f.Key, obj.File, f.KeyPos)
	}
}

// addStatements adds a statement node for each element of Statement (an
// array, or one object), and returns their attributes and the problems met.
func addStatements(doc *graph.Document, policy *graph.Node, base string, st *Value) ([]any, []any) {
	var items []*Value
	switch {
	case st == nil:
		return []any{}, []any{"the policy has no Statement"}
	case st.Kind == Unknown:
		return []any{}, nil
	case st.Kind == Array:
		items = st.Items
	case st.Kind == Object:
		items = []*Value{st}
	default:
		return []any{}, []any{"Statement is neither an object nor an array"}
	}
	out := make([]any, 0, len(items))
	var problems []any
	for i, it := range items {
		if it.Kind != Object && it.Kind != Unknown {
			problems = append(problems, fmt.Sprintf("Statement[%d] is not an object", i))
			continue
		}
		s := addStatement(doc, policy, fmt.Sprintf("%s[%d]", base, i), i, it)
		out = append(out, s.Attrs)
	}
	return out, problems
}

// statement builds one iam.statement node.
type statement struct {
	node *graph.Node
	dups map[string]bool
	errs []any // parts dropped because AWS would reject them
}

// addStatement adds the node of one statement (an object or Unknown).
func addStatement(doc *graph.Document, policy *graph.Node, path string, index int, v *Value) *graph.Node {
	n := doc.AddNode(KindStatement, path, v.Pos)
	if v.File != "" && v.File != n.File {
		n.SetFile(v.File)
	}
	a := n.Attrs
	a["policy"], a["index"] = policy.ID, index
	for _, attr := range listFields {
		a[attr] = []any{}
	}
	a["principals"], a["not_principals"] = map[string]any{}, map[string]any{}
	a["principal_star"], a["not_principal_star"] = false, false
	a["conditions"], a["conditions_unknown"] = []any{}, false
	a["unknown"] = v.Kind == Unknown
	if v.Kind == Unknown {
		a["expr"] = v.Text
		n.Anchor = fmt.Sprintf("%s/Statement[%d]", policy.Anchor, index)
		return n
	}
	s := &statement{node: n, dups: map[string]bool{}}
	s.fill(v)
	n.Anchor = policy.Anchor + "/Statement[" + fmt.Sprint(index) + "]"
	if sid, ok := a["sid"].(string); ok && sid != "" {
		n.Anchor = policy.Anchor + "/" + sid
	}
	if len(s.dups) > 0 {
		a["duplicate_keys"] = sortedKeys(s.dups)
	}
	if len(s.errs) > 0 {
		a["errors"] = s.errs
	}
	return n
}

// fill normalizes the members of a statement object. Duplicate members
// are kept as written: lists (Action, Resource, Principal types, condition
// values) are concatenated so nothing written is hidden from rules;
// scalars (Sid, Effect) take the last, as JSON decoders do.
func (s *statement) fill(v *Value) {
	seen := map[string]bool{}
	for _, f := range v.Fields {
		if seen[f.Key] {
			s.dups[f.Key] = true
		}
		seen[f.Key] = true
		s.node.SetKey(f.Key, v.File, f.KeyPos)
		s.member(f)
	}
}

// member normalizes one member of a statement.
func (s *statement) member(f Field) {
	a := s.node.Attrs
	switch f.Key {
	case "Sid":
		// An unknown Sid (a Terraform expression) names nothing: messages
		// and fingerprints then use the statement's index.
		if f.Value.Kind != Unknown {
			a["sid"] = scalarText(f.Value)
		}
	case "Effect":
		a["effect"] = element(f.Value)
	case "Action", "NotAction", "Resource", "NotResource":
		attr := listFields[f.Key]
		a[attr] = s.list(a[attr].([]any), f.Key, f.Value)
	case "Principal":
		s.principal(f.Value, "Principal", "principals", "principal_star", "principal_unknown")
	case "NotPrincipal":
		s.principal(f.Value, "NotPrincipal", "not_principals", "not_principal_star", "not_principal_unknown")
	case "Condition":
		s.conditions(f.Value)
	}
}

// list appends the elements of a string-or-list member to acc, locating
// each as key[i].
func (s *statement) list(acc []any, key string, v *Value) []any {
	items := []*Value{v}
	if v.Kind == Array {
		items = v.Items
	}
	for _, it := range items {
		if it.Kind == Array || it.Kind == Object || it.Kind == Null {
			// Not a policy element: AWS rejects it, rules have nothing to judge.
			s.errs = append(s.errs, fmt.Sprintf("%s at %d:%d is not a string", key, it.Pos.Line, it.Pos.Col))
			continue
		}
		s.node.SetKey(fmt.Sprintf("%s[%d]", key, len(acc)), it.File, it.Pos)
		acc = append(acc, element(it))
	}
	return acc
}

// principal normalizes Principal or NotPrincipal: "*" is {"AWS": ["*"]}
// with the star flag set, as AWS documents the two as the same.
func (s *statement) principal(v *Value, key, attr, star, unknown string) {
	a := s.node.Attrs
	types := a[attr].(map[string]any)
	add := func(typ string, val *Value, typPos graph.Pos, typFile string) {
		s.node.SetKey(key+"."+typ, typFile, typPos)
		acc, _ := types[typ].([]any)
		types[typ] = s.list(acc, key+"."+typ, val)
	}
	switch v.Kind {
	case Unknown:
		a[unknown] = element(v)
	case String:
		a[star] = a[star].(bool) || v.Text == "*"
		add("AWS", v, v.Pos, v.File)
	case Object:
		for _, f := range v.Fields {
			add(f.Key, f.Value, f.KeyPos, v.File)
		}
		if aws, ok := types["AWS"].([]any); ok {
			for _, p := range aws {
				if p == "*" {
					a[star] = true
				}
			}
		}
	default:
		s.errs = append(s.errs, key+" is neither a string nor an object")
	}
}

// conditions normalizes a Condition block: one entry per operator and
// condition key, in source order.
func (s *statement) conditions(v *Value) {
	a := s.node.Attrs
	if v.Kind == Unknown {
		a["conditions_unknown"] = true
		return
	}
	if v.Kind != Object {
		s.errs = append(s.errs, "Condition is not an object")
		return
	}
	for _, op := range v.Fields {
		s.node.SetKey("Condition."+op.Key, v.File, op.KeyPos)
		switch op.Value.Kind {
		case Unknown:
			a["conditions_unknown"] = true
		case Object:
			for _, k := range op.Value.Fields {
				s.condition(op.Key, k, op.Value.File)
			}
		default:
			s.errs = append(s.errs, fmt.Sprintf("Condition.%s is not an object", op.Key))
		}
	}
}

// condition adds (or extends, for a duplicate) the entry of one operator
// and condition key.
func (s *statement) condition(op string, k Field, file string) {
	a := s.node.Attrs
	path := "Condition." + op + "." + k.Key
	s.node.SetKey(path, file, k.KeyPos)
	conds := a["conditions"].([]any)
	for _, c := range conds {
		if c := c.(map[string]any); c["path"] == path {
			c["values"] = s.list(c["values"].([]any), path, k.Value)
			return
		}
	}
	set, base, ifExists := splitOperator(op)
	a["conditions"] = append(conds, map[string]any{
		"operator":  op,
		"base":      base,
		"set":       set,
		"if_exists": ifExists,
		"key":       k.Key,
		"key_lower": strings.ToLower(k.Key),
		"path":      path,
		"values":    s.list([]any{}, path, k.Value),
	})
}

// splitOperator splits "ForAnyValue:StringLikeIfExists" into its set
// qualifier, base operator and IfExists suffix.
func splitOperator(op string) (set, base string, ifExists bool) {
	base = op
	if i := strings.IndexByte(op, ':'); i >= 0 {
		set, base = op[:i], op[i+1:]
	}
	if b, ok := strings.CutSuffix(base, "IfExists"); ok {
		base, ifExists = b, true
	}
	return set, base, ifExists
}

// element is the Rego value of one scalar policy element: its text, or
// {"unknown": true, "expr": ...} when it cannot be known.
func element(v *Value) any {
	if v.Kind == Unknown {
		return map[string]any{"unknown": true, "expr": v.Text}
	}
	return scalarText(v)
}

// scalarText is a scalar's text ("true", "10"); "" for null and containers.
func scalarText(v *Value) string {
	switch v.Kind {
	case String, Number, Bool, Unknown:
		return v.Text
	}
	return ""
}

// sortedKeys lists the keys of a set in order.
func sortedKeys(m map[string]bool) []any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}
