package iam

import (
	"errors"

	"github.com/nhilint/nhilint/graph"
)

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

// errTODO marks the parts of the IAM model being written.
var errTODO = errors.New("iam model: not written yet")

// DecodeJSON decodes JSON text with the position of every value, as
// written in file (line and column of src).
func DecodeJSON(file string, src []byte) (*Value, error) {
	return nil, errTODO // TODO(iam model): being written
}

// AddPolicy adds the normalized iam.policy node for v (and its
// iam.statement nodes) to doc at path, and returns it.
func AddPolicy(doc *graph.Document, path string, v *Value, m Meta) *graph.Node {
	return nil // TODO(iam model): being written
}
