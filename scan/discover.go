package scan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// format is one input format the scanner understands.
type format struct {
	// name is shown in diagnostics and benchmarks.
	name string
	// match reports whether a slash path relative to the scan root is of
	// this format.
	match func(rel string) bool
	// parse turns a file into a document, or nil when the file turns out
	// not to be of this format (a JSON file that is no IAM policy). It
	// never panics or fails: bad input becomes diagnostics on the document.
	parse func(rel string, src []byte) *graph.Document
	// parseTree, set instead of parse, reads every file of the format in
	// one repository at once, plus whatever else of the tree it needs
	// (GitLab includes, Terraform modules): the format decides how files
	// group. root is the repository root, a slash path in fsys.
	parseTree func(fsys fs.FS, root string, files []string) []*graph.Document
}

// target is a file to scan.
type target struct {
	abs    string
	rel    string
	format *format
}

// skipDir reports whether a directory is never descended into:
// version-control internals and vendored package trees hold no pipeline
// the repository runs.
func skipDir(name string) bool { return name == ".git" || name == "node_modules" }

// discover lists the files under the roots that some format understands,
// sorted by relative path, and the repository roots found on the way.
// Files named explicitly are scanned when a format claims them and
// reported otherwise; nothing is dropped silently.
func (s *Scanner) discover(root string, paths []string) ([]target, map[string]bool, []graph.Diagnostic) {
	var out []target
	var diags []graph.Diagnostic
	seen := map[string]bool{}
	add := func(abs string) {
		rel := relSlash(root, abs)
		if seen[rel] {
			return
		}
		seen[rel] = true
		if f := s.formatOf(rel); f != nil {
			out = append(out, target{abs: abs, rel: rel, format: f})
		}
	}
	// Repository roots come from walking directories only: files named
	// one by one (a pre-commit run) are one repository, the scan root's.
	repos := map[string]bool{}
	repo := func(marker string) { repos[path.Dir(relSlash(root, marker))] = true }
	var pipelines []string
	walked := func(abs string) {
		if filepath.Base(abs) == ".gitlab-ci.yml" {
			pipelines = append(pipelines, path.Dir(relSlash(root, abs)))
		}
		add(abs)
	}
	for _, p := range paths {
		info, err := os.Lstat(p)
		if err != nil {
			diags = append(diags, readError(relSlash(root, p), err))
			continue
		}
		if !info.IsDir() && s.excluded(relSlash(root, p)) {
			continue // excluded by the configuration, even when named
		}
		if !info.IsDir() {
			if s.formatOf(relSlash(root, p)) == nil {
				if s.opts.Secrets == SecretsAll {
					continue // searched for secrets only (otherFiles)
				}
				diags = append(diags, graph.Diagnostic{File: relSlash(root, p), Severity: graph.SevWarning,
					Code: "unsupported-file", Message: "not a file nhilint scans (GitHub workflow or action metadata, GitLab CI, Terraform, plan or IAM policy JSON)"})
				continue
			}
			add(p)
			continue
		}
		diags = append(diags, s.walk(root, p, walked, repo)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	addPipelineRoots(repos, pipelines)
	return out, repos, diags
}

// walk visits dir, reporting unreadable directories, and the symlinks
// (a link may point outside the repository or loop) and pipes, sockets
// and devices it does not read, when a format would claim them. It calls
// add with every regular file and, when repo is not nil, repo with every
// repository marker (isRepoMarker) below dir.
func (s *Scanner) walk(root, dir string, add, repo func(string)) []graph.Diagnostic {
	var diags []graph.Diagnostic
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, readError(relSlash(root, p), err))
			return nil
		}
		if repo != nil && p != dir && isRepoMarker(d.Name()) {
			repo(p)
		}
		switch {
		case d.IsDir():
			if p != dir && (skipDir(d.Name()) || s.excluded(relSlash(root, p))) {
				return filepath.SkipDir
			}
		case d.Type()&fs.ModeSymlink != 0:
			if s.formatOf(relSlash(root, p)) != nil {
				diags = append(diags, graph.Diagnostic{File: relSlash(root, p), Severity: graph.SevWarning,
					Code: "symlink", Message: "symbolic link not followed"})
			}
		case d.Type().IsRegular():
			if !s.excluded(relSlash(root, p)) {
				add(p)
			}
		default: // a named pipe, socket or device: opening a pipe blocks
			if s.formatOf(relSlash(root, p)) != nil {
				diags = append(diags, graph.Diagnostic{File: relSlash(root, p), Severity: graph.SevWarning,
					Code: "irregular-file", Message: "not a regular file (a named pipe, socket or device); not read"})
			}
		}
		return nil
	})
	if err != nil {
		diags = append(diags, readError(relSlash(root, dir), err))
	}
	return diags
}

// formatOf returns the format that claims rel, or nil.
func (s *Scanner) formatOf(rel string) *format {
	for i := range s.formats {
		if s.formats[i].match(rel) {
			return &s.formats[i]
		}
	}
	return nil
}

// relSlash is p relative to root, slash-separated; p itself when it lies
// outside root.
func relSlash(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// readError is the diagnostic for a file or directory that cannot be read.
func readError(rel string, err error) graph.Diagnostic {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = fmt.Sprintf("cannot %s: %v", pe.Op, pe.Err)
	}
	return graph.Diagnostic{File: rel, Severity: graph.SevError, Code: "read-error", Message: msg}
}
