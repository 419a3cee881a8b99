package main

import (
	"flag"

	"github.com/nhilint/nhilint/parsers/gitlab"
	"github.com/nhilint/nhilint/parsers/terraform"
	"github.com/nhilint/nhilint/parsers/yamlpos"
	"github.com/nhilint/nhilint/scan"
)

// limitFlags raise what one file may cost, for every command that reads
// a tree: hostile or generated input stops at a limit with a diagnostic
// that names the flag, and a legitimate file past one can still be read.
type limitFlags struct {
	maxFileSize                                              int64
	maxYAMLNodes, maxIncludes, maxIncludeDepth, maxInstances int
}

func (l *limitFlags) register(fs *flag.FlagSet) {
	fs.Int64Var(&l.maxFileSize, "max-file-size", scan.DefaultMaxFileSize, "largest file to read, in bytes")
	fs.IntVar(&l.maxYAMLNodes, "max-yaml-nodes", yamlpos.DefaultMaxNodes, "most YAML nodes read from one workflow, action or GitLab pipeline, aliases expanded")
	fs.IntVar(&l.maxIncludes, "max-includes", gitlab.DefaultMaxIncludes, "most includes of one GitLab pipeline (GitLab's default limit)")
	fs.IntVar(&l.maxIncludeDepth, "max-include-depth", gitlab.DefaultMaxIncludeDepth, "deepest nesting of GitLab includes")
	fs.IntVar(&l.maxInstances, "max-instances", terraform.DefaultMaxInstances, "most instances one Terraform count or for_each expands to (a root module: 20 times as many)")
}

func (l *limitFlags) apply(o *scan.Options) {
	o.MaxFileSize = l.maxFileSize
	o.MaxYAMLNodes = l.maxYAMLNodes
	o.MaxIncludes = l.maxIncludes
	o.MaxIncludeDepth = l.maxIncludeDepth
	o.MaxInstances = l.maxInstances
}
