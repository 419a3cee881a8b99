// Package terraform evaluates Terraform modules (HCL and .tf.json) as far
// as the module itself decides its values, and reads plan JSON, into
// tf.resource nodes and the IAM model's iam.policy nodes.
package terraform

import (
	"io/fs"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// Node kinds of the Terraform graph.
const (
	KindModule   = "tf.module"
	KindResource = "tf.resource"
	KindPlan     = "tf.plan"
)

// Options configure module evaluation.
type Options struct {
	// VarFiles are extra .tfvars files (--var-file), slash paths relative
	// to the scan root, applied after terraform.tfvars and *.auto.tfvars.
	VarFiles []string
}

// IsTerraform reports whether rel is a Terraform configuration or
// variables file.
func IsTerraform(rel string) bool {
	for _, ext := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(rel, ext) {
			return true
		}
	}
	return false
}

// Parse evaluates the modules among files (slash paths in fsys): each
// directory is a module; a directory called as a local module by another
// is evaluated with that call's inputs. Bad input becomes diagnostics.
func Parse(fsys fs.FS, files []string, opts Options) []*graph.Document {
	return nil // TODO(terraform parser): being written
}

// ParsePlan reads a plan JSON file (terraform show -json), or returns nil
// when src is not one.
func ParsePlan(rel string, src []byte) *graph.Document {
	return nil // TODO(terraform parser): being written
}
