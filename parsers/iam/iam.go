// Package iam is the IAM model: every AWS IAM policy, wherever it is
// written (a policy JSON file, a Terraform heredoc, jsonencode, a policy
// document data source, a plan), becomes the same normalized iam.policy
// and iam.statement nodes, located where the user wrote each part.
package iam

import "github.com/nhilint/nhilint/graph"

// Node kinds of the IAM model.
const (
	KindPolicy    = "iam.policy"
	KindStatement = "iam.statement"
)

// ParseFile reads a policy JSON file, or returns nil when src is not an
// IAM policy (detected by shape: Version and Statement).
func ParseFile(rel string, src []byte) *graph.Document {
	return nil // TODO(iam model): being written
}
