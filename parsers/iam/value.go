package iam

import "github.com/nhilint/nhilint/graph"

// Kind is the type of a located Value.
type Kind int

// Value kinds. Unknown is a value the scanner cannot know (a Terraform
// variable without default, a resource attribute computed at apply): rules
// must never read it as safe nor as a wildcard.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
	Unknown
)

// Value is a JSON-like value that remembers where each part is written.
// Every producer of policies (policy JSON files, Terraform heredocs,
// jsonencode, aws_iam_policy_document, plan JSON) builds one and hands it
// to AddPolicy.
type Value struct {
	Kind Kind
	// Text is the string, the number literal, "true"/"false", or for
	// Unknown the source expression ("var.actions").
	Text   string
	Items  []*Value // Array
	Fields []Field  // Object, in source order
	// File is the slash path of the file the value is written in; Pos
	// where it starts.
	File string
	Pos  graph.Pos
}

// Field is one member of an Object.
type Field struct {
	Key    string
	KeyPos graph.Pos
	Value  *Value
}

// Meta says where a policy comes from and how it is used.
type Meta struct {
	// Source is how it is written: "file", "heredoc", "jsonencode",
	// "policy_document", "plan", "string".
	Source string
	// Use is "identity" (what an identity may do), "trust" (who may
	// assume a role: assume_role_policy) or "resource" (a bucket, key or
	// queue policy); "" when unknown (a standalone JSON file).
	Use string
	// Owner is the id of the node that holds the policy (a tf.resource),
	// "" for a policy file.
	Owner string
	// Name names the policy for messages: a file path, a resource address
	// and attribute ("aws_iam_role.deploy.assume_role_policy").
	Name string
}

// Get returns the value of the last member named key of an object (JSON
// decoders keep the last of duplicate keys), or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if v.Fields[i].Key == key {
			return v.Fields[i].Value
		}
	}
	return nil
}

// Shift moves every position of v written in file as if its text, decoded
// on its own, started at line:col of that file (a heredoc body decoded by
// DecodeJSON): lines move by line-1, and columns on the first line by
// col-1.
func (v *Value) Shift(file string, line, col int) {
	shift := func(p graph.Pos) graph.Pos {
		if !p.Valid() {
			return p
		}
		if p.Line == 1 {
			p.Col += col - 1
		}
		p.Line += line - 1
		return p
	}
	v.walk(func(x *Value) {
		if x.File != file {
			return
		}
		x.Pos = shift(x.Pos)
		for i := range x.Fields {
			x.Fields[i].KeyPos = shift(x.Fields[i].KeyPos)
		}
	})
}

// Relocate puts every part of v at one position of file: for a policy
// whose parts cannot be located one by one (a JSON string escaped inside
// another JSON document, a plan's policy attribute).
func (v *Value) Relocate(file string, p graph.Pos) {
	v.walk(func(x *Value) {
		x.File, x.Pos = file, p
		for i := range x.Fields {
			x.Fields[i].KeyPos = p
		}
	})
}

// walk calls f on v and every value inside it.
func (v *Value) walk(f func(*Value)) {
	if v == nil {
		return
	}
	f(v)
	for _, it := range v.Items {
		it.walk(f)
	}
	for _, fd := range v.Fields {
		fd.Value.walk(f)
	}
}
