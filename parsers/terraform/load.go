package terraform

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/nhilint/nhilint/graph"
)

// attr is one attribute of a body, HCL native or JSON.
type attr struct {
	name  string
	expr  hcl.Expression
	key   hcl.Range // the attribute name
	whole hcl.Range
}

// block is one nested block; JSON bodies have none below the top level
// (their nested blocks read as object attributes: no schema says otherwise).
type block struct {
	typ    string
	labels []string
	body   *body
	def    hcl.Range
}

// body is a block body in source order.
type body struct {
	attrs  []attr
	blocks []block
}

// attr returns the attribute named name, or nil.
func (b *body) attr(name string) *attr {
	for i := range b.attrs {
		if b.attrs[i].name == name {
			return &b.attrs[i]
		}
	}
	return nil
}

// sources holds every file read, for positions and snippets: base is
// shared read-only by the goroutines evaluating root modules, files holds
// what one evaluation read itself (templates, variable files).
type sources struct {
	fsys  fs.FS
	base  map[string][]byte
	files map[string][]byte
}

// newSources starts the file set of one goroutine.
func newSources(fsys fs.FS, base map[string][]byte) *sources {
	return &sources{fsys: fsys, base: base, files: map[string][]byte{}}
}

// get returns a file already read.
func (s *sources) get(name string) []byte {
	if b, ok := s.base[name]; ok {
		return b
	}
	return s.files[name]
}

// read reads a file of the tree once.
func (s *sources) read(name string) ([]byte, error) {
	if b, ok := s.base[name]; ok {
		return b, nil
	}
	if b, ok := s.files[name]; ok {
		return b, nil
	}
	b, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	s.files[name] = b
	return b, nil
}

// utf8BOM may start a file; editors on Windows write it.
const utf8BOM = "\xef\xbb\xbf"

// pos converts an HCL position to a graph position with the column in
// runes (HCL counts grapheme clusters).
func (s *sources) pos(p hcl.Pos, file string) graph.Pos {
	src := s.get(file)
	if p.Byte < 0 || p.Byte > len(src) {
		return graph.Pos{Line: max(p.Line, 1), Col: max(p.Column, 1)}
	}
	start := p.Byte
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	if start == 0 && p.Byte >= len(utf8BOM) && string(src[:len(utf8BOM)]) == utf8BOM {
		start = len(utf8BOM) // a BOM takes no column, as in the YAML and JSON parsers
	}
	return graph.Pos{Line: max(p.Line, 1), Col: utf8.RuneCount(src[start:p.Byte]) + 1}
}

// at is the position where r starts.
func (s *sources) at(r hcl.Range) graph.Pos { return s.pos(r.Start, r.Filename) }

// text is the source text of r.
func (s *sources) text(r hcl.Range) string {
	src := s.get(r.Filename)
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

// config is the parsed content of one module directory.
type config struct {
	dir       string
	files     []string // configuration files, sorted
	varFiles  []string // terraform.tfvars then *.auto.tfvars, sorted
	variables []block
	locals    []attr
	resources []block // resource and data blocks
	modules   []block
	outputs   []block
	providers []block
	diags     []graph.Diagnostic
}

// rootSchema lists the top-level blocks a module may hold.
var rootSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"}, {Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}}, {Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}}, {Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}}, {Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "moved"}, {Type: "import"}, {Type: "check", LabelNames: []string{"name"}}, {Type: "removed"},
}}

// loadConfig parses the files of one directory.
func loadConfig(src *sources, dir string, names []string) *config {
	c := &config{dir: dir}
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json"):
			base := path.Base(name)
			if base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
				strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json") {
				c.varFiles = append(c.varFiles, name)
			}
		default:
			c.files = append(c.files, name)
			c.loadFile(src, name)
		}
	}
	sort.SliceStable(c.varFiles, func(i, j int) bool {
		return varFileRank(c.varFiles[i]) < varFileRank(c.varFiles[j])
	})
	return c
}

// varFileRank orders terraform.tfvars(.json) before *.auto.tfvars.
func varFileRank(name string) string {
	base := path.Base(name)
	if strings.HasPrefix(base, "terraform.tfvars") {
		return "0" + base
	}
	return "1" + base
}

// parseFile parses a .tf/.tfvars file or its JSON variant.
func parseFile(src *sources, name string) (hcl.Body, *hclsyntax.Body, []graph.Diagnostic) {
	b, err := src.read(name)
	if err != nil {
		return nil, nil, []graph.Diagnostic{{File: name, Pos: graph.Pos{Line: 1, Col: 1}, Severity: graph.SevError, Code: "read-error", Message: err.Error()}}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		f, diags = hcljson.Parse(b, name)
	} else {
		f, diags = hclsyntax.ParseConfig(b, name, hcl.InitialPos)
	}
	out := convertDiags(src, name, diags, "parse-error")
	if f == nil || f.Body == nil {
		return nil, nil, out
	}
	native, _ := f.Body.(*hclsyntax.Body)
	return f.Body, native, out
}

// convertDiags turns HCL error diagnostics into graph diagnostics.
func convertDiags(src *sources, file string, diags hcl.Diagnostics, code string) []graph.Diagnostic {
	var out []graph.Diagnostic
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		p := graph.Pos{Line: 1, Col: 1}
		f := file
		if d.Subject != nil {
			p, f = src.at(*d.Subject), d.Subject.Filename
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		out = append(out, graph.Diagnostic{File: f, Pos: p, Severity: graph.SevError, Code: code, Message: msg})
	}
	return out
}

// loadFile adds the top-level blocks of one configuration file.
func (c *config) loadFile(src *sources, name string) {
	raw, native, diags := parseFile(src, name)
	c.diags = append(c.diags, diags...)
	if raw == nil {
		return
	}
	var blocks []block
	if native != nil {
		blocks = nativeBody(native).blocks
	} else {
		content, _, hd := raw.PartialContent(rootSchema)
		c.diags = append(c.diags, convertDiags(src, name, hd, "parse-error")...)
		for _, b := range content.Blocks {
			blocks = append(blocks, block{typ: b.Type, labels: b.Labels, body: jsonBody(b.Body), def: b.DefRange})
		}
	}
	for _, b := range blocks {
		c.addBlock(b)
	}
}

// addBlock files a top-level block by type.
func (c *config) addBlock(b block) {
	switch {
	case b.typ == "variable" && len(b.labels) == 1:
		c.variables = append(c.variables, b)
	case b.typ == "locals":
		c.locals = append(c.locals, b.body.attrs...)
	case (b.typ == "resource" || b.typ == "data") && len(b.labels) == 2:
		c.resources = append(c.resources, b)
	case b.typ == "module" && len(b.labels) == 1:
		c.modules = append(c.modules, b)
	case b.typ == "output" && len(b.labels) == 1:
		c.outputs = append(c.outputs, b)
	case b.typ == "provider" && len(b.labels) == 1:
		c.providers = append(c.providers, b)
	}
}

// nativeBody converts a native HCL body in source order.
func nativeBody(b *hclsyntax.Body) *body {
	out := &body{}
	for _, a := range b.Attributes {
		out.attrs = append(out.attrs, attr{name: a.Name, expr: a.Expr, key: a.NameRange, whole: a.SrcRange})
	}
	sort.Slice(out.attrs, func(i, j int) bool { return out.attrs[i].key.Start.Byte < out.attrs[j].key.Start.Byte })
	for _, nb := range b.Blocks {
		out.blocks = append(out.blocks, block{typ: nb.Type, labels: nb.Labels, body: nativeBody(nb.Body), def: nb.TypeRange})
	}
	return out
}

// jsonBody reads a JSON block body: every property is an attribute.
func jsonBody(b hcl.Body) *body {
	out := &body{}
	if nb, ok := b.(*hclsyntax.Body); ok {
		return nativeBody(nb)
	}
	attrs, _ := b.JustAttributes()
	for _, a := range attrs {
		out.attrs = append(out.attrs, attr{name: a.Name, expr: a.Expr, key: a.NameRange, whole: a.Range})
	}
	sort.Slice(out.attrs, func(i, j int) bool { return out.attrs[i].key.Start.Byte < out.attrs[j].key.Start.Byte })
	return out
}

// loadVarFile reads the assignments of a .tfvars file.
func loadVarFile(src *sources, name string) ([]attr, []graph.Diagnostic) {
	raw, native, diags := parseFile(src, name)
	if raw == nil {
		return nil, diags
	}
	if native != nil {
		return nativeBody(native).attrs, diags
	}
	return jsonBody(raw).attrs, diags
}
