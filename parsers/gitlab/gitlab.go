// Package gitlab parses GitLab CI pipelines the way GitLab builds them:
// local includes, extends, default:, anchors and !reference resolved, with
// every value keeping the file and line where it is written.
package gitlab

import (
	"io/fs"
	"path"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// KindPipeline is the root node kind of a resolved pipeline.
const KindPipeline = "gitlab.pipeline"

// IsPipeline reports whether rel is a pipeline file: .gitlab-ci.yml at the
// repository root, or any file named *.gitlab-ci.yml.
func IsPipeline(rel string) bool {
	return rel == ".gitlab-ci.yml" || strings.HasSuffix(path.Base(rel), ".gitlab-ci.yml")
}

// Parse resolves the pipelines among files (slash paths in fsys). Files
// that another pipeline includes are resolved as part of it, not alone.
// It returns one document per pipeline; bad input becomes diagnostics.
func Parse(fsys fs.FS, files []string) []*graph.Document {
	return nil // TODO(gitlab parser): being written
}
