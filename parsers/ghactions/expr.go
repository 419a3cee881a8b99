package ghactions

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
)

// expr is one `${{ … }}` found in a string value.
type expr struct {
	// ordinal counts the "${{" before this one in the value, so the k-th
	// expression can be found again in the raw source.
	ordinal int
	// bare marks an `if:` condition written without ${{ }}.
	bare      bool
	raw       string
	paths     []string
	untrusted []string
	secrets   []string
	parseErr  string
	// inString marks an expression spliced into a quoted string literal
	// of the surrounding script (a quote opened earlier on its line).
	inString bool
}

// attrs is the Rego-visible form of e, without its key and field.
func (e expr) attrs() map[string]any {
	m := map[string]any{
		"raw":       e.raw,
		"paths":     strs(e.paths),
		"untrusted": strs(e.untrusted),
		"secrets":   strs(e.secrets),
		"in_string": e.inString,
	}
	if e.parseErr != "" {
		m["parse_error"] = e.parseErr
	}
	return m
}

// findExprs lists the expressions of a value in source order.
func findExprs(value string) []expr {
	var out []expr
	for off := 0; ; {
		i := strings.Index(value[off:], "${{")
		if i < 0 {
			return out
		}
		start := off + i
		rest := value[start+3:]
		e, n := parseExpr(rest)
		e.ordinal = strings.Count(value[:start], "${{")
		out = append(out, e)
		off = start + 3 + n
	}
}

// bareCondition is the expression of an `if:` written without ${{ }}.
func bareCondition(value string) expr {
	e, _ := parseExpr(value + "}}")
	e.bare = true
	return e
}

// parseExpr parses src, the text after a "${{", up to its "}}". It returns
// the expression and how many bytes of src it spans (the "}}" included).
func parseExpr(src string) (expr, int) {
	lex := actionlint.NewExprLexer(src)
	node, perr := actionlint.NewExprParser().Parse(lex)
	if perr == nil {
		end := lex.Offset()
		if end >= 2 && end <= len(src) && src[end-2:end] == "}}" {
			e := analyze(node)
			e.raw = strings.TrimSpace(src[:end-2])
			return e, end
		}
	}
	// Unparsable: take the text up to the next "}}" as GitHub would, so one
	// bad expression does not swallow the ones after it.
	e := expr{parseErr: "expression does not parse"}
	if perr != nil {
		e.parseErr = perr.Message
	}
	end := strings.Index(src, "}}")
	if end < 0 {
		e.raw = strings.TrimSpace(src)
		return e, len(src)
	}
	e.raw = strings.TrimSpace(src[:end])
	return e, end + 2
}

// analyze collects the context paths, secrets and untrusted inputs an
// expression reads.
func analyze(root actionlint.ExprNode) expr {
	var e expr
	seenPath, seenSecret := map[string]bool{}, map[string]bool{}
	safeDepth := 0 // inside contains()/startsWith()/endsWith(): only compared, never expanded
	actionlint.VisitExprNode(root, func(n, parent actionlint.ExprNode, entering bool) {
		if call, ok := n.(*actionlint.FuncCallNode); ok && isSafeCall(call) {
			if entering {
				safeDepth++
			} else {
				safeDepth--
			}
		}
		if !entering || !chainTop(n, parent) {
			return
		}
		segs, ok := chain(n)
		if !ok {
			return
		}
		p := strings.Join(segs, ".")
		if !seenPath[p] {
			seenPath[p] = true
			e.paths = append(e.paths, p)
		}
		if s, ok := secretName(n); ok && !seenSecret[s] {
			seenSecret[s] = true
			e.secrets = append(e.secrets, s)
		}
		if safeDepth == 0 && (slices.Contains(extraUntrusted, p) || serialized(parent) && containsUntrusted(segs)) {
			e.untrusted = appendNew(e.untrusted, p)
		}
	})
	for _, u := range untrustedPaths(root) {
		e.untrusted = appendNew(e.untrusted, u)
	}
	return e
}

// isSafeCall reports the functions actionlint treats as not expanding
// their arguments into the result.
func isSafeCall(c *actionlint.FuncCallNode) bool {
	switch strings.ToLower(c.Callee) {
	case "contains", "startswith", "endswith":
		return true
	}
	return false
}

// serialized reports whether a value whose parent is parent ends up whole
// in the result: the expression itself, or toJSON/join/format of it.
func serialized(parent actionlint.ExprNode) bool {
	if parent == nil {
		return true
	}
	call, ok := parent.(*actionlint.FuncCallNode)
	if !ok {
		return false
	}
	switch strings.ToLower(call.Callee) {
	case "tojson", "join", "format":
		return true
	}
	return false
}

// chainTop reports whether n is the outermost node of a property chain
// (github.event.issue is one chain of three nodes; only the last counts).
func chainTop(n, parent actionlint.ExprNode) bool {
	switch n.(type) {
	case *actionlint.VariableNode, *actionlint.ObjectDerefNode, *actionlint.ArrayDerefNode, *actionlint.IndexAccessNode:
	default:
		return false
	}
	switch p := parent.(type) {
	case *actionlint.ObjectDerefNode, *actionlint.ArrayDerefNode:
		return false
	case *actionlint.IndexAccessNode:
		return p.Operand != n
	}
	return true
}

// chain renders a property chain as lower-case path segments, "*" for an
// index or object filter. ok is false when it does not start at a context
// (fromJSON(x).y).
func chain(n actionlint.ExprNode) ([]string, bool) {
	switch n := n.(type) {
	case *actionlint.VariableNode:
		return []string{n.Name}, true
	case *actionlint.ObjectDerefNode:
		segs, ok := chain(n.Receiver)
		return append(segs, n.Property), ok
	case *actionlint.ArrayDerefNode:
		segs, ok := chain(n.Receiver)
		return append(segs, "*"), ok
	case *actionlint.IndexAccessNode:
		segs, ok := chain(n.Operand)
		if s, lit := n.Index.(*actionlint.StringNode); lit {
			return append(segs, strings.ToLower(s.Value)), ok
		}
		return append(segs, "*"), ok
	}
	return nil, false
}

// secretName names the secret a chain reads: secrets.X and secrets['X']
// give X (upper-cased: GitHub secret names are case-insensitive and shown
// in upper case), the whole context or a dynamic index give "*".
func secretName(n actionlint.ExprNode) (string, bool) {
	var first actionlint.ExprNode
	for cur := n; ; {
		var next actionlint.ExprNode
		switch c := cur.(type) {
		case *actionlint.ObjectDerefNode:
			next = c.Receiver
		case *actionlint.ArrayDerefNode:
			next = c.Receiver
		case *actionlint.IndexAccessNode:
			next = c.Operand
		case *actionlint.VariableNode:
			if c.Name != "secrets" {
				return "", false
			}
			return secretFrom(first), true
		default:
			return "", false
		}
		first, cur = cur, next
	}
}

// secretFrom reads the secret name from the access right after `secrets`.
func secretFrom(access actionlint.ExprNode) string {
	switch a := access.(type) {
	case *actionlint.ObjectDerefNode:
		return strings.ToUpper(a.Property)
	case *actionlint.IndexAccessNode:
		if s, ok := a.Index.(*actionlint.StringNode); ok {
			return strings.ToUpper(s.Value)
		}
	}
	return "*"
}

// quoted matches the Go-quoted paths in actionlint's untrusted-input
// messages, the only place its checker reports them.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// untrustedPaths runs actionlint's untrusted-input checker over an
// expression and returns the paths it flags ("github.event.commits.*.message").
func untrustedPaths(root actionlint.ExprNode) []string {
	c := actionlint.NewUntrustedInputChecker(actionlint.BuiltinUntrustedInputs)
	actionlint.VisitExprNode(root, func(n, _ actionlint.ExprNode, entering bool) {
		if entering {
			c.OnVisitNodeEnter(n)
		} else {
			c.OnVisitNodeLeave(n)
		}
	})
	c.OnVisitEnd()
	var out []string
	for _, err := range c.Errs() {
		msg, _, _ := strings.Cut(err.Message, ". avoid") // the advice after it quotes nothing we want
		for _, q := range quoted.FindAllString(msg, -1) {
			if p, uerr := strconv.Unquote(q); uerr == nil {
				out = appendNew(out, p)
			}
		}
	}
	return out
}

// containsUntrusted reports whether the value at path segs holds an
// untrusted input without being one itself (github.event, github.event.issue):
// serializing it whole (toJSON) expands the attacker's text as well.
func containsUntrusted(segs []string) bool {
	m, ok := actionlint.BuiltinUntrustedInputs[segs[0]]
	for _, s := range segs[1:] {
		if !ok {
			return false
		}
		m, ok = m.Children[s]
		if !ok && s == "*" {
			return false
		}
	}
	return ok && len(m.Children) > 0
}

// extraUntrusted lists paths treated as untrusted on top of actionlint's
// list, checked by a test against actionlint's own table.
var extraUntrusted = []string{"github.head_ref"}

// appendNew appends s to list unless it is already there.
func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// strs converts strings to the []any Attrs use.
func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
