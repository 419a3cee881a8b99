package gitlab

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// Limits. GitLab allows 150 includes per pipeline (by default: a
// self-managed instance may allow more) and an include nesting depth of
// 100; extends chains 11 levels deep and !reference 10.
const (
	DefaultMaxIncludes     = 150
	DefaultMaxIncludeDepth = 100
	maxExtendsDepth        = 11
	maxRefDepth            = 10
	maxMergeDepth          = 10
	maxDepth               = 64
	maxGlobMatches         = 150
	maxScriptLines         = 10000
)

// Diagnostic codes of this package.
const (
	codeParse    = "parse-error"     // a pipeline or included file is not YAML we can read
	codeRead     = "read-error"      // a pipeline file cannot be read
	codeInclude  = "include-error"   // a local include is missing, unreadable, cyclic or over a limit
	codeExtends  = "extends-error"   // extends names a missing job, loops or nests too deep
	codeRef      = "reference-error" // a !reference that cannot be resolved
	codeSyntax   = "pipeline-syntax" // a structure GitLab would reject
	codeInternal = "internal-error"  // a parser panic, caught per pipeline
)

// loader reads the files of one pipeline and merges their includes.
type loader struct {
	*tree
	fsys fs.FS
	// project is the directory of fsys local includes are relative to.
	project string
	opts    Options
	doc     *graph.Document
	sources map[string]*yamlpos.Source
	// stack is the chain of files being included, for cycle detection.
	stack []string
	// included lists the files read for this pipeline, in order.
	included []string
	// includes are the include: entries found, in the order they are read.
	includes []*include
	// incomplete is set when an include was not read (remote, project,
	// template, component, or a local one that failed): templates and
	// references may then live in what was not read.
	incomplete bool
	// reported dedupes diagnostics: a value reached twice is reported once.
	reported map[graph.Diagnostic]bool
	// entries lists, per file, where each top-level key starts, in order:
	// which job or template a line belongs to.
	entries map[string][]entry
}

// entry is a top-level key of a file and the line it starts on.
type entry struct {
	line int
	name string
}

// entryAt names the top-level entry of file that holds line.
func (l *loader) entryAt(file string, line int) string {
	name := ""
	for _, e := range l.entries[file] {
		if e.line > line {
			break
		}
		name = e.name
	}
	return name
}

// include is one include: entry as written.
type include struct {
	file   string // the file that writes it
	entry  *yaml.Node
	attrs  map[string]any
	keys   map[string]*yaml.Node
	resolv []string // local files it resolved to
}

// diag records a diagnostic in file (the pipeline's own file when "").
func (l *loader) diag(file string, pos graph.Pos, sev graph.Severity, code, format string, args ...any) {
	if file == "" {
		file = l.doc.File
	}
	d := graph.Diagnostic{File: file, Pos: pos, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)}
	if l.reported[d] {
		return
	}
	if l.reported == nil {
		l.reported = map[graph.Diagnostic]bool{}
	}
	l.reported[d] = true
	l.doc.Diagnostics = append(l.doc.Diagnostics, d)
}

// diagAt records a diagnostic at node n, in the file it is written in.
func (l *loader) diagAt(n *yaml.Node, sev graph.Severity, code, format string, args ...any) {
	l.diag(l.fileOf[n], yamlpos.Of(n), sev, code, format, args...)
}

// readFile reads and parses one file of the pipeline, registering its
// nodes. It returns the top-level mapping, or nil after a diagnostic.
func (l *loader) readFile(name string, src []byte) *yaml.Node {
	l.sources[name] = yamlpos.NewSource(src)
	if name != l.doc.File {
		if l.doc.Sources == nil {
			l.doc.Sources = map[string][]byte{}
		}
		l.doc.Sources[name] = src
	}
	root, err := decodeConfig(src)
	if err != nil {
		pos, msg := yamlError(err)
		l.diag(name, pos, graph.SevError, codeParse, "invalid YAML: %s", msg)
		return nil
	}
	if root == nil {
		return nil // an empty file is an empty configuration
	}
	l.register(root, name, 0)
	if r := yamlpos.Resolve(root); r != nil && r.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(r.Content); i += 2 {
			l.entries[name] = append(l.entries[name], entry{line: r.Content[i].Line, name: r.Content[i].Value})
		}
	}
	if max := l.opts.maxNodes(); yamlpos.ExpandedSize(root, max) > max {
		l.diag(name, yamlpos.Of(root), graph.SevError, codeParse,
			"YAML aliases are recursive or expand to more than %d nodes (raise the limit with --max-yaml-nodes): aliased values are cut short", max)
	}
	if !isMap(root) {
		l.diag(name, yamlpos.Of(root), graph.SevError, codeParse, "a pipeline configuration must be a YAML mapping")
		return nil
	}
	return yamlpos.Resolve(root)
}

// decodeConfig reads the configuration document of src. A file that
// starts with a `spec:` header document (CI/CD inputs) has its
// configuration in the second document.
func decodeConfig(src []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var first yaml.Node
	if err := dec.Decode(&first); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	root := docRoot(&first)
	if !isSpecHeader(root) {
		return root, nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	return docRoot(&second), nil
}

func docRoot(d *yaml.Node) *yaml.Node {
	if len(d.Content) == 0 || yamlpos.IsNull(d.Content[0]) {
		return nil
	}
	return d.Content[0]
}

// isSpecHeader reports whether n is a `spec:` header document.
func isSpecHeader(n *yaml.Node) bool {
	n = yamlpos.Resolve(n)
	return n != nil && n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "spec"
}

// v3Line reads the line from a yaml.v3 error ("yaml: line 3: ...").
var v3Line = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlError locates a yaml.v3 error: it gives a line, not a column.
func yamlError(err error) (graph.Pos, string) {
	msg := err.Error()
	pos := graph.Pos{Line: 1, Col: 1}
	if m := v3Line.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		if l, _ := strconv.Atoi(m[1]); l > 0 {
			pos.Line = l
		}
	}
	return pos, msg
}

// load reads file and merges the files it includes, as GitLab does:
// included files first, in order, each overridden by the next, and the
// including file last. It returns the merged configuration (nil when the
// file has none).
func (l *loader) load(name string, src []byte, depth int) *yaml.Node {
	root := l.readFile(name, src)
	if root == nil {
		return nil
	}
	l.stack = append(l.stack, name)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	var merged *yaml.Node
	if p, ok := l.lookup(root, "include"); ok {
		for _, entry := range includeEntries(p.value) {
			for _, sub := range l.include(name, entry, depth) {
				merged = l.deepMerge(merged, sub)
			}
		}
	}
	return l.deepMerge(merged, l.without(root, "include"))
}

// includeEntries lists the entries of an include: value (one string, one
// mapping, or a list of them).
func includeEntries(v *yaml.Node) []*yaml.Node {
	v = yamlpos.Resolve(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		return yamlpos.Items(v)
	}
	return []*yaml.Node{v}
}

// readLocal reads a local include through the tree's file system.
func (l *loader) readLocal(name string) ([]byte, error) {
	return fs.ReadFile(l.fsys, name)
}

// inStack reports whether name is being included already (a cycle).
func (l *loader) inStack(name string) bool {
	for _, s := range l.stack {
		if s == name {
			return true
		}
	}
	return false
}

// errNotFound says a local include matched nothing.
var errNotFound = errors.New("no such file in the repository")

// trimRoot makes a local include path relative to the repository root
// (GitLab reads local paths from the root, with or without a leading /).
func trimRoot(p string) string {
	return strings.TrimLeft(strings.TrimSpace(p), "/")
}
