package engine

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nhilint/nhilint/graph"
)

// maxSnippet bounds a snippet in bytes: a minified one-line file must not
// copy megabytes into every finding.
const maxSnippet = 512

// RuleErrorCode is the diagnostic code for a finding a rule returned that
// cannot be placed: a node or key not in the graph, a malformed finding.
// It is a bug in the rule, reported rather than hidden.
const RuleErrorCode = "rule-error"

// builder turns the raw findings of one evaluation into Findings.
type builder struct {
	cat   *catalog
	g     *graph.Graph
	mask  *masker
	lines map[string][]string // source lines per file, split on demand
	diags []graph.Diagnostic
}

// newBuilder starts the findings of one evaluation of g.
func newBuilder(cat *catalog, g *graph.Graph) *builder {
	return &builder{cat: cat, g: g, mask: &masker{}, lines: map[string][]string{}}
}

// build decodes, masks, locates, sorts and deduplicates the findings.
func (b *builder) build(raw []any) ([]Finding, []graph.Diagnostic) {
	decoded := make([]rawFinding, 0, len(raw))
	var secrets []string
	var malformed []badFinding
	for _, v := range raw {
		f, err := decodeFinding(v)
		if f.secret != "" {
			secrets = append(secrets, f.secret)
		}
		if err != nil {
			malformed = append(malformed, badFinding{f.rule, err})
			continue
		}
		decoded = append(decoded, f)
	}
	// Masking first: every later string (messages, snippets, diagnostics)
	// goes through the masker built from every secret of this evaluation.
	b.mask = newMasker(secrets)
	for _, m := range malformed {
		b.ruleError("", fmt.Sprintf("%s returned a malformed finding: %v", b.ruleName(m.rule), m.err))
	}
	decoded = b.dropRepeatedSecrets(decoded)
	out := make([]Finding, 0, len(decoded))
	for _, f := range decoded {
		if fd, ok := b.finding(f); ok {
			out = append(out, fd)
		}
	}
	out = SortFindings(out)
	graph.SortDiagnostics(b.diags)
	return out, b.diags
}

// badFinding is a finding that could not be decoded, by rule path.
type badFinding struct {
	rule string
	err  error
}

// finding builds one Finding, or records a rule-error and returns false.
func (b *builder) finding(f rawFinding) (Finding, bool) {
	rule, ok := b.cat.byPath[f.rule]
	if !ok {
		b.ruleError("", fmt.Sprintf("finding from unknown rule package %q", f.rule))
		return Finding{}, false
	}
	node, file, pos, ok := b.locate(rule, f.node, f.key)
	if !ok {
		return Finding{}, false
	}
	if f.secret != "" {
		pos = b.secretPos(file, pos, f.secret)
	}
	fd := Finding{
		RuleID:      rule.ID,
		Category:    rule.Category,
		Severity:    rule.Severity,
		Title:       rule.Title,
		Message:     b.mask.apply(f.msg),
		Location:    Location{File: file, Pos: pos},
		NodeID:      node.ID,
		Key:         f.key,
		Fingerprint: fingerprint(rule.ID, node.File, node.FingerprintAnchor(), f.key),
		Snippet:     b.snippet(file, pos.Line),
	}
	for _, r := range f.related {
		_, rfile, rpos, ok := b.locate(rule, r.node, r.key)
		if !ok {
			continue // the finding itself is placed: keep it, minus this location
		}
		fd.Related = append(fd.Related, Related{
			Location: Location{File: rfile, Pos: rpos},
			Message:  b.mask.apply(r.msg),
		})
	}
	for _, r := range f.flow {
		_, rfile, rpos, ok := b.locate(rule, r.node, r.key)
		if !ok {
			continue
		}
		fd.Flow = append(fd.Flow, Related{Location: Location{File: rfile, Pos: rpos}, Message: b.mask.apply(r.msg)})
	}
	return fd, true
}

// locate resolves a node id and key to the file and position where the
// key is written (a key may live in another file than its node: an
// inherited GitLab variable, a Terraform variable default). A node or key
// that does not resolve, or resolves to no position, is a rule-error: a
// position is never invented.
func (b *builder) locate(rule *Rule, id, key string) (*graph.Node, string, graph.Pos, bool) {
	node, ok := b.g.Node(id)
	if !ok {
		b.ruleError("", fmt.Sprintf("rule %s (%s) returned node %q, which is not in the graph", rule.ID, rule.Path, id))
		return nil, "", graph.Pos{}, false
	}
	file, pos, ok := node.Locate(key)
	if !ok {
		b.ruleError(node.File, fmt.Sprintf("rule %s (%s) returned key %q of node %q (%s), which the node does not have",
			rule.ID, rule.Path, key, id, node.Kind))
		return nil, "", graph.Pos{}, false
	}
	if !pos.Valid() {
		b.ruleError(node.File, fmt.Sprintf("rule %s (%s): key %q of node %q has no position (parser bug)",
			rule.ID, rule.Path, key, id))
		return nil, "", graph.Pos{}, false
	}
	return node, file, pos, true
}

// ruleError records a rule-error diagnostic, masked like everything else.
// It has no position: the rule gave none that resolves.
func (b *builder) ruleError(file, msg string) {
	b.diags = append(b.diags, graph.Diagnostic{
		File:     file,
		Severity: graph.SevError,
		Code:     RuleErrorCode,
		Message:  b.mask.apply(msg),
	})
}

// ruleName names a rule by id when its package is known, else by path.
func (b *builder) ruleName(path string) string {
	if r, ok := b.cat.byPath[path]; ok {
		return fmt.Sprintf("rule %s (%s)", r.ID, r.Path)
	}
	return fmt.Sprintf("rule package %q", path)
}

// secretPos points a secret finding at the secret itself: the first
// occurrence of its first line at or after the key's position (a key in
// a multi-line run script, say, sits lines above the token). When the
// value is not written verbatim (escapes, folding), the key's position
// stands.
func (b *builder) secretPos(file string, from graph.Pos, secret string) graph.Pos {
	first, _, _ := strings.Cut(secret, "\n")
	first = strings.TrimSpace(strings.TrimSuffix(first, "\r"))
	if first == "" {
		return from
	}
	lines := b.sourceLines(file)
	for i := from.Line - 1; i < len(lines); i++ {
		line := lines[i]
		start := 0
		if i == from.Line-1 {
			start = byteOffset(line, from.Col)
		}
		if j := strings.Index(line[start:], first); j >= 0 {
			col := utf8.RuneCountInString(line[:start+j]) + 1
			return graph.Pos{Line: i + 1, Col: col}
		}
	}
	return from
}

// byteOffset is the byte index of 1-based rune column col in line.
func byteOffset(line string, col int) int {
	off := 0
	for n := 1; n < col && off < len(line); n++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	return off
}

// sourceLines is a file's content split into lines, cached per file.
func (b *builder) sourceLines(file string) []string {
	lines, ok := b.lines[file]
	if !ok {
		src, _ := b.g.Source(file)
		lines = strings.Split(string(src), "\n")
		b.lines[file] = lines
	}
	return lines
}

// snippet is the source line of a finding, without its line ending,
// secrets masked, cut to maxSnippet bytes.
func (b *builder) snippet(file string, line int) string {
	lines := b.sourceLines(file)
	if line < 1 || line > len(lines) {
		return ""
	}
	s := b.mask.apply(strings.TrimSuffix(lines[line-1], "\r"))
	if len(s) > maxSnippet {
		cut := maxSnippet
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// fingerprint identifies a finding across edits that move lines: rule,
// file, the node's location-independent anchor and the key; never a line
// or column. It is the first 16 bytes of a SHA-256, in hex.
func fingerprint(ruleID, file, anchor, key string) string {
	h := sha256.New()
	for _, s := range []string{ruleID, file, anchor, key} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // separator: ("a","bc") and ("ab","c") differ
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// SortFindings orders findings by file, line, column, rule id and message
// (then the remaining fields, so the order is total) and drops exact
// duplicates.
func SortFindings(fs []Finding) []Finding {
	slices.SortFunc(fs, compareFindings)
	return slices.CompactFunc(fs, func(a, b Finding) bool { return compareFindings(a, b) == 0 })
}

// compareFindings is a total order on every field of a Finding.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Pos.EndLine, b.Pos.EndLine),
		cmp.Compare(a.Pos.EndCol, b.Pos.EndCol),
		cmp.Compare(a.NodeID, b.NodeID),
		cmp.Compare(a.Key, b.Key),
		cmp.Compare(a.Fingerprint, b.Fingerprint),
		cmp.Compare(a.Snippet, b.Snippet),
		cmp.Compare(a.Category, b.Category),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Title, b.Title),
		slices.CompareFunc(a.Related, b.Related, compareRelated),
	)
}

// compareRelated orders related locations by file, position and message.
func compareRelated(a, b Related) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Pos.EndLine, b.Pos.EndLine),
		cmp.Compare(a.Pos.EndCol, b.Pos.EndCol),
		cmp.Compare(a.Message, b.Message),
	)
}
