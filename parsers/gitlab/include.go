package gitlab

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// include records one include: entry of file and returns the merged
// configurations of the local files it names. Everything not in the
// repository (project, remote, template, component) is recorded, never
// fetched.
func (l *loader) include(file string, entry *yaml.Node, depth int) []*yaml.Node {
	if entry == nil {
		return nil
	}
	inc := &include{file: file, entry: entry, attrs: map[string]any{}, keys: map[string]*yaml.Node{}}
	if max := l.opts.maxIncludes(); len(l.includes) >= max {
		l.diagAt(entry, graph.SevError, codeInclude,
			"more than %d includes: GitLab rejects this pipeline unless its instance allows more (raise the limit with --max-includes); the rest is not read", max)
		return nil
	}
	l.includes = append(l.includes, inc)
	switch {
	case yamlpos.IsScalar(entry):
		kind := "local"
		if isURL(entry.Value) {
			kind = "remote"
		}
		inc.set(kind, entry.Value, entry)
	case isMap(entry):
		l.includeMap(inc, entry)
	default:
		inc.attrs["type"] = "unknown"
		l.diagAt(entry, graph.SevWarning, codeSyntax, "include entry must be a string or a mapping")
		return nil
	}
	inc.derive()
	inc.attrs["fetched"] = inc.attrs["type"] == "local"
	if inc.attrs["type"] != "local" {
		l.incomplete = true
		return nil
	}
	return l.includeLocal(inc, depth)
}

// set records the include type and its location.
func (inc *include) set(kind, location string, n *yaml.Node) {
	inc.attrs["type"] = kind
	inc.attrs["location"] = location
	inc.keys[kind] = n
}

// includeKinds are the keys that say what an include mapping names.
var includeKinds = []string{"local", "project", "remote", "template", "component"}

// includeMap reads an include mapping: local:, project: (with file: and
// ref:), remote: (with integrity:), template: or component:.
func (l *loader) includeMap(inc *include, entry *yaml.Node) {
	inc.attrs["type"] = "unknown"
	for _, p := range l.pairs(entry) {
		k := p.key.Value
		s, isText := yamlpos.Text(p.value)
		switch k {
		case "local", "project", "remote", "template", "component":
			inc.keys[k] = p.value
			if isText {
				inc.set(k, s, p.value)
			}
		case "ref", "integrity":
			if isText {
				inc.attrs[k] = s
			}
			inc.keys[k] = p.value
		case "file":
			inc.attrs["files"] = yamlpos.StringList(p.value)
			inc.keys[k] = p.value
		case "rules":
			inc.attrs["has_rules"] = true
		case "inputs":
			inc.attrs["inputs"] = l.inputs(inc, p.value)
		}
	}
	if inc.attrs["type"] == "unknown" {
		l.diagAt(entry, graph.SevWarning, codeSyntax, "include entry names none of %s", strings.Join(includeKinds, ", "))
	}
}

// inputs reads an include's inputs: as name → text, keyed "inputs.<NAME>"
// at the name. A list or mapping value is kept as its text form "" (only
// text can carry a variable reference into an interpolated template).
func (l *loader) inputs(inc *include, v *yaml.Node) map[string]any {
	out := map[string]any{}
	for _, p := range l.pairs(v) {
		s, _ := yamlpos.Text(p.value)
		out[p.key.Value] = s
		inc.keys["inputs."+p.key.Value] = p.key
	}
	return out
}

// derive sets the fields each include type adds: component name and
// version, project, remote URL.
func (inc *include) derive() {
	loc, _ := inc.attrs["location"].(string)
	switch inc.attrs["type"] {
	case "component":
		name, version := loc, ""
		if i := strings.LastIndex(loc, "@"); i >= 0 {
			name, version = loc[:i], loc[i+1:]
		}
		inc.attrs["component"], inc.attrs["version"] = name, version
	case "project":
		inc.attrs["project"] = loc
	case "remote":
		inc.attrs["remote"] = loc
	}
}

// includeLocal reads the repository files a local include names (a path
// or a glob) and returns their merged configurations.
func (l *loader) includeLocal(inc *include, depth int) []*yaml.Node {
	loc, _ := inc.attrs["location"].(string)
	at := inc.keys["local"]
	if at == nil {
		at = inc.entry
	}
	if strings.Contains(loc, "$") {
		l.incomplete = true
		l.diagAt(at, graph.SevWarning, codeInclude,
			"local include %q uses CI/CD variables, which are only known when the pipeline runs: not read", loc)
		return nil
	}
	files, err := l.localFiles(trimRoot(loc))
	if err != nil {
		l.incomplete = true
		l.diagAt(at, graph.SevError, codeInclude, "local include %q: %v", loc, err)
		return nil
	}
	resolved := make([]any, 0, len(files))
	var out []*yaml.Node
	for _, f := range files {
		resolved = append(resolved, f)
		if cfg := l.includeFile(at, f, depth); cfg != nil {
			out = append(out, cfg)
		}
	}
	inc.attrs["resolved"] = resolved
	return out
}

// includeFile reads one local file for an include written at n.
func (l *loader) includeFile(n *yaml.Node, name string, depth int) *yaml.Node {
	switch {
	case l.inStack(name):
		l.diagAt(n, graph.SevError, codeInclude, "include cycle: %s includes %s again", strings.Join(l.stack, " -> "), name)
		return nil
	case depth+1 > l.opts.maxIncludeDepth():
		l.diagAt(n, graph.SevError, codeInclude, "includes nested more than %d levels deep (raise the limit with --max-include-depth): %s not read", l.opts.maxIncludeDepth(), name)
		return nil
	case l.isIncluded(name):
		return nil // already merged: including a file twice changes nothing
	}
	src, err := l.readLocal(name)
	if err != nil {
		l.incomplete = true
		l.diagAt(n, graph.SevError, codeInclude, "cannot read local include %s: %v", name, unwrapPath(err))
		return nil
	}
	l.included = append(l.included, name)
	return l.load(name, src, depth+1)
}

// isIncluded reports whether name was read for this pipeline already.
func (l *loader) isIncluded(name string) bool {
	for _, f := range l.included {
		if f == name {
			return true
		}
	}
	return false
}

// unwrapPath drops the path an fs.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// localFiles resolves a local include path: one file, or every file a
// glob (* within a directory, ** across directories) matches.
func (l *loader) localFiles(p string) ([]string, error) {
	if !fs.ValidPath(p) || p == "." {
		return nil, errNotFound
	}
	p = path.Join(l.project, p)
	if !strings.Contains(p, "*") {
		return []string{p}, nil
	}
	match, err := globRegexp(p)
	if err != nil {
		return nil, err
	}
	var out []string
	walkErr := fs.WalkDir(l.fsys, globBase(p), func(name string, d fs.DirEntry, err error) error {
		if err != nil || len(out) >= maxGlobMatches {
			return fs.SkipDir
		}
		if !d.IsDir() && match.MatchString(name) {
			out = append(out, name)
		}
		return nil
	})
	if len(out) == 0 {
		if walkErr != nil {
			return nil, walkErr
		}
		return nil, errNotFound
	}
	return out, nil
}

// globBase is the directory a glob's first wildcard is in.
func globBase(p string) string {
	dir := path.Dir(p[:strings.Index(p, "*")+1])
	if !fs.ValidPath(dir) {
		return "."
	}
	return dir
}

// globRegexp converts a GitLab include glob to a regexp.
func globRegexp(p string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch {
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case p[i] == '*':
			b.WriteString("[^/]*")
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// isURL reports whether an include string is a remote URL.
func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
