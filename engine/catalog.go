package engine

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// rulesRoot is the package path rule packages live under:
// data.nhilint.rules.<family>.<name>. main.rego collects findings from
// exactly that depth.
var rulesRoot = ast.MustParseRef("data.nhilint.rules")

// kebab is the shape of a rule id: "gha-static-credential".
var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// catalog is the loaded rules, indexed.
type catalog struct {
	rules  []*Rule // sorted by ID
	byID   map[string]*Rule
	byPath map[string]*Rule
}

// rulePath returns "family/name" for a rule package, "" for a package
// outside data.nhilint.rules, and an error for one at the wrong depth
// (main.rego would never see its findings).
func rulePath(s source) (string, error) {
	p := s.module.Package.Path
	if !p.HasPrefix(rulesRoot) {
		return "", nil
	}
	rest := p[len(rulesRoot):]
	parts := make([]string, 0, len(rest))
	for _, t := range rest {
		str, ok := t.Value.(ast.String)
		if !ok {
			return "", fmt.Errorf("%s: package %s: bad path element %v",
				location(s.name, s.module.Package.Location), packageName(s.module), t)
		}
		parts = append(parts, string(str))
	}
	if len(parts) != 2 {
		return "", fmt.Errorf("%s: package %s: rule packages must be exactly nhilint.rules.<family>.<name>",
			location(s.name, s.module.Package.Location), packageName(s.module))
	}
	return parts[0] + "/" + parts[1], nil
}

// buildCatalog validates the METADATA of every rule package and returns the
// catalog. A rule package must be one file, carry a complete package-scoped
// METADATA block and define findings; ids must be unique.
func buildCatalog(srcs []source) (*catalog, error) {
	c := &catalog{byID: map[string]*Rule{}, byPath: map[string]*Rule{}}
	for _, s := range srcs {
		path, err := rulePath(s)
		if err != nil {
			return nil, err
		}
		if path == "" {
			continue
		}
		if prev, ok := c.byPath[path]; ok {
			return nil, fmt.Errorf("%s: package %s is already defined in %s; a rule package is one file",
				location(s.name, s.module.Package.Location), packageName(s.module), prev.File)
		}
		r, err := ruleFromModule(s, path)
		if err != nil {
			return nil, err
		}
		if prev, ok := c.byID[r.ID]; ok {
			return nil, fmt.Errorf("%s: rule id %q is already used by %s (%s)",
				location(s.name, metadataLoc(s.module)), r.ID, prev.Path, prev.File)
		}
		c.byID[r.ID] = r
		c.byPath[path] = r
		c.rules = append(c.rules, r)
	}
	sort.Slice(c.rules, func(i, j int) bool { return c.rules[i].ID < c.rules[j].ID })
	return c, nil
}

// packageAnnotations returns the module's package-scoped METADATA block.
func packageAnnotations(m *ast.Module) *ast.Annotations {
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			return a
		}
	}
	return nil
}

// metadataLoc is where errors about a rule's metadata point: its METADATA
// block, else its package line.
func metadataLoc(m *ast.Module) *ast.Location {
	if a := packageAnnotations(m); a != nil && a.Location != nil {
		return a.Location
	}
	return m.Package.Location
}

// ruleFromModule reads and validates one rule package's metadata.
func ruleFromModule(s source, path string) (*Rule, error) {
	m := s.module
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: rule package %s: %s", location(s.name, metadataLoc(m)),
			packageName(m), fmt.Sprintf(format, args...))
	}
	a := packageAnnotations(m)
	if a == nil {
		return nil, fail("no package-scoped METADATA block (title, description and custom: id, category, severity, remediation)")
	}
	r := &Rule{Path: path, Title: a.Title, Description: strings.TrimSpace(a.Description), File: s.name, Builtin: s.builtin}
	if r.Title == "" {
		return nil, fail("METADATA lacks title")
	}
	if r.Description == "" {
		return nil, fail("METADATA lacks description")
	}
	for _, rr := range a.RelatedResources {
		r.RelatedResources = append(r.RelatedResources, rr.Ref.String())
	}
	if err := readCustom(r, a.Custom); err != nil {
		return nil, fail("%v", err)
	}
	if !definesFindings(m) {
		return nil, fail("does not define findings (findings contains f if { ... })")
	}
	return r, nil
}

// readCustom fills and validates the custom: fields of a rule.
func readCustom(r *Rule, custom map[string]any) error {
	fields := map[string]*string{"id": &r.ID, "category": &r.Category, "remediation": &r.Remediation}
	var sev string
	fields["severity"] = &sev
	for _, k := range []string{"id", "category", "severity", "remediation"} {
		v, ok := custom[k]
		if !ok {
			return fmt.Errorf("METADATA lacks custom.%s", k)
		}
		str, ok := v.(string)
		if !ok || strings.TrimSpace(str) == "" {
			return fmt.Errorf("METADATA custom.%s must be a non-empty string, got %v", k, v)
		}
		*fields[k] = strings.TrimSpace(str)
	}
	if !kebab.MatchString(r.ID) {
		return fmt.Errorf("METADATA custom.id %q is not kebab-case (e.g. gha-static-credential)", r.ID)
	}
	if !slices.Contains(Categories, r.Category) {
		return fmt.Errorf("METADATA custom.category %q is unknown (want one of %s)", r.Category, strings.Join(Categories, ", "))
	}
	s, err := ParseSeverity(sev)
	if err != nil {
		return fmt.Errorf("METADATA custom.severity: %w", err)
	}
	r.Severity = s
	if v, ok := custom["examples"]; ok {
		ex, err := readExamples(v)
		if err != nil {
			return fmt.Errorf("METADATA custom.examples: %w", err)
		}
		r.Examples = ex
	}
	return nil
}

// readExamples validates custom.examples: {file, bad, good}, three
// non-empty strings and nothing else; file is a relative slash path that
// stays inside the scan root, since tests write the examples there.
func readExamples(v any) (*Examples, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("must be a mapping of file, bad and good, got %T", v)
	}
	for k := range m {
		if k != "file" && k != "bad" && k != "good" && k != "context" {
			return nil, fmt.Errorf("unknown key %q (want file, bad and good)", k)
		}
	}
	var ex Examples
	for k, dst := range map[string]*string{"file": &ex.File, "bad": &ex.Bad, "good": &ex.Good} {
		str, ok := m[k].(string)
		if !ok || strings.TrimSpace(str) == "" {
			return nil, fmt.Errorf("%s must be a non-empty string, got %v", k, m[k])
		}
		*dst = str
	}
	if !fs.ValidPath(ex.File) {
		return nil, fmt.Errorf("file %q must be a relative slash path inside the scan root, like .github/workflows/ci.yml", ex.File)
	}
	ctx, err := readContext(m["context"], ex.File)
	ex.Context = ctx
	return &ex, err
}

// readContext validates custom.examples.context: the other files of the
// example repository, by relative slash path (never the example's own).
func readContext(v any, file string) (map[string]string, error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("context must be a mapping of file path to content, got %T", v)
	}
	out := make(map[string]string, len(m))
	for path, body := range m {
		s, ok := body.(string)
		if !ok || !fs.ValidPath(path) || path == file {
			return nil, fmt.Errorf("context %q must be another relative slash path with string content", path)
		}
		out[path] = s
	}
	return out, nil
}

// definesFindings reports whether a module defines the findings rule that
// main.rego collects.
func definesFindings(m *ast.Module) bool {
	want := ast.Ref{ast.VarTerm("findings")}
	for _, rule := range m.Rules {
		if rule.Head.Ref().Equal(want) {
			return true
		}
	}
	return false
}
