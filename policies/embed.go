// Package policies holds nhilint's built-in Rego: the entrypoint
// (main.rego), the shared helpers (lib/) and one folder of rules per family
// (github/, and later gitlab/, terraform/, ...), each rule with its
// <rule>_test.rego beside it.
package policies

import (
	"embed"
	"io/fs"
)

// files embeds the whole folder, so a new family folder needs no change
// here. It also holds this Go file and the *_test.rego files (the Rego
// test runner reads them); the engine loads only *.rego files that do not
// end in _test.rego.
//
//go:embed *
var files embed.FS

// FS returns the embedded policy tree, rooted at this folder: "main.rego",
// "lib/result.rego", "github/static_credential.rego", ... Paths are
// slash-separated, as io/fs requires. Walk it for *.rego files: other files
// (this one) are embedded too.
func FS() fs.FS { return files }
