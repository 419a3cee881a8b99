// Package gitlab parses GitLab CI pipelines the way GitLab builds them:
// local includes, extends, default:, anchors and !reference resolved, with
// every value keeping the file and line where it is written.
package gitlab

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// KindPipeline is the root node kind of a resolved pipeline.
const KindPipeline = "gitlab.pipeline"

// IsPipeline reports whether rel is a pipeline file: .gitlab-ci.yml at the
// repository root, or any file named *.gitlab-ci.yml.
func IsPipeline(rel string) bool {
	return rel == ".gitlab-ci.yml" || strings.HasSuffix(path.Base(rel), ".gitlab-ci.yml")
}

// Parse resolves the pipelines among files (slash paths in fsys) of a
// project at the root of fsys. Files that another pipeline includes are
// resolved as part of it, not alone. It returns one document per
// pipeline; bad input becomes diagnostics.
func Parse(fsys fs.FS, files []string) []*graph.Document {
	return Options{}.ParseProject(fsys, ".", files)
}

// Options bound what one pipeline may cost; 0 means the default.
type Options struct {
	// MaxNodes bounds the YAML nodes, aliases expanded, one pipeline's
	// walks may visit (--max-yaml-nodes; yamlpos.DefaultMaxNodes).
	MaxNodes int
	// MaxIncludes bounds the includes of one pipeline (--max-includes;
	// 150, GitLab's default).
	MaxIncludes int
	// MaxIncludeDepth bounds include nesting (--max-include-depth; 100,
	// GitLab's).
	MaxIncludeDepth int
}

func (o Options) maxNodes() int        { return or(o.MaxNodes, yamlpos.DefaultMaxNodes) }
func (o Options) maxIncludes() int     { return or(o.MaxIncludes, DefaultMaxIncludes) }
func (o Options) maxIncludeDepth() int { return or(o.MaxIncludeDepth, DefaultMaxIncludeDepth) }

// or is v, or def when v is not positive.
func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// ParseProject is Parse within o's limits for a project whose root is the
// directory project of fsys (a repository inside the scanned tree): local
// includes are read from there, as GitLab reads them from the repository
// root.
func (o Options) ParseProject(fsys fs.FS, project string, files []string) []*graph.Document {
	names := append([]string(nil), files...)
	sort.Strings(names)
	results := make([]*built, 0, len(names))
	includedBy := map[string]bool{}
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			continue
		}
		b := o.buildPipeline(fsys, project, name)
		results = append(results, b)
		for _, f := range b.included {
			includedBy[f] = true
		}
	}
	var docs []*graph.Document
	covered := map[string]bool{}
	emit := func(b *built) {
		docs = append(docs, b.doc)
		covered[b.doc.File] = true
		for _, f := range b.included {
			covered[f] = true
		}
	}
	for _, b := range results {
		if !includedBy[b.doc.File] {
			emit(b)
		}
	}
	for _, b := range results { // pipeline files that only include each other
		if !covered[b.doc.File] {
			emit(b)
		}
	}
	return docs
}

// built is one pipeline document and the files it read.
type built struct {
	doc      *graph.Document
	included []string
}

// buildPipeline reads one pipeline file and everything it includes.
func (o Options) buildPipeline(fsys fs.FS, project, name string) (b *built) {
	doc := graph.NewDocument(name, KindPipeline, nil)
	b = &built{doc: doc}
	defer func() {
		if r := recover(); r != nil {
			doc.Root, doc.Nodes = nil, nil
			doc.Diag(graph.Pos{}, graph.SevError, codeInternal, "parser panic (please report it): %v", r)
		}
	}()
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		doc.Diag(graph.Pos{}, graph.SevError, codeRead, "cannot read pipeline: %v", unwrapPath(err))
		return b
	}
	doc.Source = src
	l := &loader{tree: newTree(o.maxNodes()), fsys: fsys, project: project, opts: o, doc: doc, sources: map[string]*yamlpos.Source{}, entries: map[string][]entry{}}
	// A *.gitlab-ci.yml that no scanned pipeline includes is a fragment
	// included from elsewhere (another project, a remote include): the
	// templates it extends may be defined there, so missing ones are not
	// errors.
	l.incomplete = path.Base(name) != ".gitlab-ci.yml"
	top := l.load(name, src, 0)
	b.included = l.included
	if top == nil {
		return b
	}
	newConfig(l, top).pipeline(top)
	return b
}
