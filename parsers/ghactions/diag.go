package ghactions

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// Diagnostic codes of this package.
const (
	codeParse    = "parse-error"     // the file is not a YAML mapping we can read
	codeSyntax   = "workflow-syntax" // actionlint's structural checks
	codeAction   = "action-syntax"   // an action.yml missing what GitHub requires
	codeInternal = "internal-error"  // a parser panic, caught per file
)

// yamlPrefix starts actionlint's messages for YAML syntax errors.
const yamlPrefix = "could not parse as YAML: "

// recoverInto turns a panic while parsing doc into an internal-error
// diagnostic. The nodes built so far are dropped: they may be half-made.
func recoverInto(doc *graph.Document) {
	r := recover()
	if r == nil {
		return
	}
	doc.Root, doc.Nodes = nil, nil
	doc.Diag(graph.Pos{}, graph.SevError, codeInternal, "parser panic (please report it): %v", r)
}

// readRoot parses src as YAML and returns its top-level mapping, or nil
// after recording why there is none (what names the file kind in messages).
func readRoot(doc *graph.Document, src []byte, what string) *yaml.Node {
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")))) == 0 {
		doc.Diag(graph.Pos{Line: 1, Col: 1}, graph.SevError, codeParse, "empty %s", what)
		return nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		pos, msg := yamlError(src, err)
		doc.Diag(pos, graph.SevError, codeParse, "invalid YAML: %s", msg)
		return nil
	}
	if len(n.Content) == 0 || yamlpos.IsNull(yamlpos.Resolve(n.Content[0])) {
		doc.Diag(graph.Pos{Line: 1, Col: 1}, graph.SevError, codeParse, "empty %s", what)
		return nil
	}
	root := yamlpos.Resolve(n.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		doc.Diag(yamlpos.Of(n.Content[0]), graph.SevError, codeParse,
			"%s must be a YAML mapping, found a %s", what, kindName(root))
		return nil
	}
	return root
}

// kindName names a node kind for messages.
func kindName(n *yaml.Node) string {
	if n == nil {
		return "recursive alias"
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.ScalarNode:
		return "scalar " + strconv.Quote(n.Value)
	}
	return "node"
}

// v3Line reads the line from a yaml.v3 error ("yaml: line 3: ...").
var v3Line = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// unknownAnchor reads the alias name from "unknown anchor 'x' referenced".
var unknownAnchor = regexp.MustCompile(`unknown anchor '([^']*)' referenced`)

// yamlError locates a YAML syntax error. yaml.v3 gives at most a line,
// so the error is located with actionlint's parser (go-yaml v4, which
// reports a column) when it sees the same problem.
func yamlError(src []byte, err error) (graph.Pos, string) {
	msg := err.Error()
	pos := graph.Pos{Line: 1, Col: 1}
	if m := v3Line.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		l, _ := strconv.Atoi(m[1])
		pos.Line = yamlLine(l, msg)
	}
	if _, errs := actionlint.Parse(src); len(errs) > 0 && strings.HasPrefix(errs[0].Message, yamlPrefix) {
		e := errs[0]
		msg = strings.TrimPrefix(e.Message, yamlPrefix)
		if p, ok := v4Pos(e.Line, e.Column, msg); ok {
			pos = p
		}
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(src, []byte("*"+m[1])); i >= 0 {
			pos = yamlpos.NewSource(src).Pos(i)
		}
	}
	return pos, msg
}

// v4Pos converts the position of a go-yaml v4 syntax error to 1-based:
// its columns are 0-based, its lines as yamlLine reads them.
func v4Pos(line, col int, msg string) (graph.Pos, bool) {
	if line == 0 && col == 0 {
		return graph.Pos{}, false
	}
	return graph.Pos{Line: yamlLine(line, msg), Col: col + 1}, true
}

// yamlLine converts the line of a go-yaml (v3 or v4) syntax error to
// 1-based. Its marks are 0-based; it adds 1 to the line of scanner errors
// only, and reports line 0 as "no line". Parser errors are the "did not
// find expected …" family and a few directive problems.
func yamlLine(line int, msg string) int {
	parser := strings.HasPrefix(msg, "did not find expected ") && !strings.Contains(msg, "break") &&
		!strings.Contains(msg, "URI") && !strings.Contains(msg, "alphabetic") ||
		strings.HasPrefix(msg, "found duplicate %") || msg == "found incompatible YAML document" ||
		msg == "found undefined tag handle"
	if parser {
		line++
	}
	return max(line, 1)
}

// syntaxWarnings turns actionlint's structural errors into diagnostics.
// YAML errors only it sees (go-yaml v4 is stricter than v3 in places) stay
// errors; the rest leave a usable workflow and are warnings.
func syntaxWarnings(doc *graph.Document, errs []*actionlint.Error) {
	for _, e := range errs {
		pos := graph.Pos{Line: max(e.Line, 1), Col: max(e.Column, 1)}
		if strings.HasPrefix(e.Message, yamlPrefix) {
			msg := strings.TrimPrefix(e.Message, yamlPrefix)
			if p, ok := v4Pos(e.Line, e.Column, msg); ok {
				pos = p
			}
			doc.Diag(pos, graph.SevError, codeParse, "invalid YAML: %s", msg)
			continue
		}
		doc.Diag(pos, graph.SevWarning, codeSyntax, "%s", e.Message)
	}
}
