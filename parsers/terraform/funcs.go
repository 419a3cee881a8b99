package terraform

import (
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions maps Terraform's function names onto go-cty's
// implementations. Functions not listed (cidrsubnet, timestamp, uuid, ...)
// make their result unknown. file and templatefile are handled by the
// evaluator, which reads through the scanned tree only.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc, "pow": stdlib.PowFunc,
		"signum": stdlib.SignumFunc, "parseint": stdlib.ParseIntFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc,
		"upper": stdlib.UpperFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
		"replace": stdlib.ReplaceFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
		"substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "strlen": stdlib.StrlenFunc,
		"chunklist": stdlib.ChunklistFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": stdlib.IndexFunc, "keys": stdlib.KeysFunc, "length": stdlib.LengthFunc,
		"lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc, "range": stdlib.RangeFunc,
		"reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc,
		"values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc, "coalesce": stdlib.CoalesceFunc,
		"jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc,
		"csvdecode": stdlib.CSVDecodeFunc, "formatdate": stdlib.FormatDateFunc,
		"tobool": stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"startswith": startsWith, "endswith": endsWith,
	}
}

// startsWith and endsWith are Terraform functions go-cty does not have.
var (
	startsWith = stringPredicate(strings.HasPrefix)
	endsWith   = stringPredicate(strings.HasSuffix)
)

// stringPredicate builds a (string, string) bool function.
func stringPredicate(f func(s, affix string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// maxTemplateSize bounds a file read by file() or templatefile().
const maxTemplateSize = 1 << 20

// readFile evaluates file(path) and templatefile(path, vars): only files
// inside the scanned tree are read; anything else is unknown with a
// diagnostic.
func (sc *scope) readFile(e *hclsyntax.FunctionCallExpr, name string) *val {
	m := sc.m
	if len(e.Args) == 0 {
		return sc.unknownOf(e)
	}
	p, ok := sc.eval(e.Args[0]).str()
	if !ok || p == "" {
		// "" is a placeholder default (variable "credentials" { default = "" })
		// the user replaces with -var: not a file the repository lacks.
		return sc.unknownOf(e)
	}
	rel, inside := sc.treePath(p)
	at := m.src.at(e.Range())
	if !inside {
		m.diag(e.Range().Filename, at, "file-outside-tree", "%s(%q) reads a file outside the scanned tree; its content is unknown", name, p)
		return sc.unknownOf(e)
	}
	b, err := m.src.read(rel)
	if err != nil || len(b) > maxTemplateSize {
		m.diag(e.Range().Filename, at, "read-error", "%s(%q): cannot read %s; its content is unknown", name, p, rel)
		return sc.unknownOf(e)
	}
	text := string(b)
	if name == "file" {
		return &val{v: cty.StringVal(text), file: rel, pos: lineCol(1, 1), lit: &litRange{file: rel, startLine: 1, startCol: 1}}
	}
	return sc.templateFile(e, rel, b)
}

// treePath resolves a path a configuration reads to a path of the tree:
// "${path.module}/x" is already one; a bare relative path is relative to
// the root module's directory (Terraform's working directory).
func (sc *scope) treePath(p string) (string, bool) {
	m := sc.m
	if strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return "", false
	}
	if !strings.HasPrefix(p, m.dir+"/") && !strings.HasPrefix(p, m.rootDir+"/") {
		p = path.Join(m.rootDir, p)
	}
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// templateFile renders templatefile's template with its variables; a template
// without interpolations stays located in its file.
func (sc *scope) templateFile(e *hclsyntax.FunctionCallExpr, rel string, b []byte) *val {
	m := sc.m
	tmpl, diags := hclsyntax.ParseTemplate(b, rel, hcl.InitialPos)
	if diags.HasErrors() {
		m.diag(e.Range().Filename, m.src.at(e.Range()), "template-error", "templatefile(%q): %s", rel, diags[0].Summary)
		return sc.unknownOf(e)
	}
	if len(tmpl.Variables()) == 0 {
		if c, d := safeValue(tmpl, nil); !d.HasErrors() && c.IsKnown() && c.Type() == cty.String && c.AsString() == string(b) {
			return &val{v: c, file: rel, pos: lineCol(1, 1), lit: &litRange{file: rel, startLine: 1, startCol: 1}}
		}
	}
	vars := cty.EmptyObjectVal
	if len(e.Args) > 1 {
		vars = sc.eval(e.Args[1]).cty()
	}
	if !vars.IsKnown() || vars.IsNull() || !vars.CanIterateElements() {
		return sc.unknownOf(e)
	}
	ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: m.p.funcs}
	c, d := safeValue(tmpl, ctx)
	if d.HasErrors() {
		return sc.unknownOf(e)
	}
	return fromCty(c, e.Range().Filename, m.src.at(e.Range()), m.src.text(e.Range()))
}
