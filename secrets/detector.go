// Package secrets finds leaked secrets in the files a scan reads, with
// gitleaks' default rules used as a library plus one rule for AWS secret
// access keys, and turns each match into a located graph node
// (docs/input-secrets.md).
package secrets

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// Detector runs gitleaks' rules over file contents. Building one compiles
// some 220 regular expressions; build it once per scan. It is safe for
// concurrent use: gitleaks' Detect only reads the compiled config and the
// keyword trie (checked in detect.go of v8.30.1), and the findings it
// collects for its own CLI are never touched here.
type Detector struct {
	gl *detect.Detector
	// specific is gl without the generic rule, for the windows where it
	// cannot match (windower.assigns).
	specific *detect.Detector
	win      *windower
	// skipPaths are gitleaks' global path allowlists (lock files, go.sum,
	// vendored trees, images), checked once per file.
	skipPaths []*config.Allowlist
	// whole turns windows off: every file is one fragment, as gitleaks'
	// CLI reads it (tests compare both).
	whole bool
}

// New builds a Detector with gitleaks' default config and nhilint's AWS
// secret access key rules. Decoding passes (base64, hex, percent) stay
// off: a decoded secret has no place in the file a finding could point at.
func New() (*Detector, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	skip, err := hoistPathAllowlists(&cfg)
	if err != nil {
		return nil, err
	}
	generic, ok := cfg.Rules[genericRuleID]
	if !ok {
		return nil, fmt.Errorf("gitleaks' default config has no %s rule", genericRuleID)
	}
	return &Detector{
		gl: newGitleaks(cfg), specific: newGitleaks(withoutRule(cfg, genericRuleID)), skipPaths: skip,
		win: newWindower(cfg.Keywords, cfg.Rules[awsSecretPairedID].Keywords, generic.Keywords),
	}, nil
}

// genericRuleID is gitleaks' rule that finds secrets by the name they are
// assigned to.
const genericRuleID = "generic-api-key"

// newGitleaks is a gitleaks detector without decoding passes.
func newGitleaks(cfg config.Config) *detect.Detector {
	gl := detect.NewDetector(cfg)
	gl.MaxDecodeDepth = 0
	return gl
}

// withoutRule is cfg less one rule. The rules' compiled regexes are shared.
func withoutRule(cfg config.Config, id string) config.Config {
	rules := maps.Clone(cfg.Rules)
	delete(rules, id)
	cfg.Rules = rules
	cfg.OrderedRules = slices.DeleteFunc(slices.Clone(cfg.OrderedRules), func(r string) bool { return r == id })
	return cfg
}

// Match is one secret found in a file.
type Match struct {
	// Rule is gitleaks' rule id ("aws-access-token", "generic-api-key"),
	// or AWSSecretRuleID.
	Rule string
	// Description is the rule's description, as gitleaks writes it.
	Description string
	// Secret is the secret itself: the part of the match the rule
	// captures, never the whole line.
	Secret string
	// Line and Col are where Secret starts: 1-based, Col in runes.
	Line, Col int
	// offset is Secret's byte offset in the file.
	offset int
}

// Find returns the secrets in src, a file at slash path file (gitleaks'
// path allowlists see it: lock files, go.sum, vendored trees), in source
// order. A secret two rules find at the same place is reported once, by
// the more specific rule.
func (d *Detector) Find(ctx context.Context, file string, src []byte) []Match {
	raw := string(src)
	lines := newLineIndex(raw)
	findings := d.detect(ctx, file, raw, lines)
	// Checked last: the path patterns cost more than most files' search.
	if len(findings) == 0 || d.allowedPath(file) {
		return nil
	}
	loc := newLocator(raw, lines)
	out := make([]Match, 0, len(findings))
	for _, f := range findings {
		if f.Secret == "" {
			continue
		}
		off, ok := loc.find(f)
		if !ok {
			continue // not written verbatim: cannot happen without decoding passes
		}
		secret, off := unquote(f.Secret, off)
		line, col := lines.position(raw, off)
		out = append(out, Match{
			Rule: ruleName(f.RuleID), Description: f.Description, Secret: secret,
			Line: line, Col: col, offset: off,
		})
	}
	// The same secret at the same place is one match: the most specific
	// rule's (a SendGrid token in a curl header is a SendGrid token).
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.offset, b.offset), cmp.Compare(a.Secret, b.Secret),
			cmp.Compare(genericRules[a.Rule], genericRules[b.Rule]), cmp.Compare(a.Rule, b.Rule))
	})
	return slices.CompactFunc(out, func(a, b Match) bool {
		return a.offset == b.offset && a.Secret == b.Secret
	})
}

// unquote drops the quotes some gitleaks rules capture with the secret
// (hashicorp-tf-password: `"Sup3rS3cr3t"`), so the secret, its mask and its
// position are the value's own.
func unquote(secret string, off int) (string, int) {
	if len(secret) > 2 && (secret[0] == '"' || secret[0] == '\'') && secret[len(secret)-1] == secret[0] {
		return secret[1 : len(secret)-1], off + 1
	}
	return secret, off
}

// genericRules find secrets by context (a key name, a curl option) rather
// than by format; another rule finding the same secret names it better.
// gitleaks drops a generic-api-key finding itself when a specific rule
// found the same secret on the line, but not a curl one.
var genericRules = map[string]int{"generic-api-key": 1, "curl-auth-header": 1, "curl-auth-user": 1}

// detect runs gitleaks over the windows of raw around its keywords (or
// over the whole file when d.whole is set).
func (d *Detector) detect(ctx context.Context, file, raw string, lines lineIndex) []report.Finding {
	if d.whole {
		return d.gl.DetectContext(ctx, detect.Fragment{Raw: raw, FilePath: file})
	}
	var out []report.Finding
	for _, w := range d.win.windows(raw, lines) {
		end := len(raw)
		if w.last+1 < len(lines) {
			end = lines[w.last+1]
		}
		frag := detect.Fragment{Raw: raw[lines[w.first]:end], FilePath: file, StartLine: w.first}
		gl := d.specific
		if w.assigns {
			gl = d.gl
		}
		out = append(out, gl.DetectContext(ctx, frag)...)
	}
	return out
}

// allowedPath reports whether gitleaks' global allowlists skip file.
func (d *Detector) allowedPath(file string) bool {
	for _, a := range d.skipPaths {
		if a.PathAllowed(file) {
			return true
		}
	}
	return false
}

// ruleName is the rule id a finding is reported under: the paired AWS
// rule is the same finding as the named one, found another way.
func ruleName(id string) string {
	if id == awsSecretPairedID {
		return AWSSecretRuleID
	}
	return id
}

// locator finds where a gitleaks finding's secret is written. gitleaks
// gives the line of the match (0-based for a fragment starting at line 0)
// and byte columns that are off by one after the first line; nhilint
// finds the match text from the start of that line instead, then the
// secret inside the match.
type locator struct {
	raw   string
	lines lineIndex
	// next is, per rule and match text, where to look for the next
	// occurrence: the same token twice on one line is two findings.
	next map[string]int
}

func newLocator(raw string, lines lineIndex) *locator {
	return &locator{raw: raw, lines: lines, next: map[string]int{}}
}

// find returns the byte offset of f.Secret in the file.
func (l *locator) find(f report.Finding) (int, bool) {
	from := l.lines.start(f.StartLine)
	key := f.RuleID + "\x00" + f.Match
	from = max(from, l.next[key])
	m := strings.Index(l.raw[from:], f.Match)
	if m < 0 && from > 0 {
		from = 0 // gitleaks' line was wrong: look in the whole file
		m = strings.Index(l.raw, f.Match)
	}
	if m < 0 {
		if s := strings.Index(l.raw, f.Secret); s >= 0 {
			return s, true
		}
		return 0, false
	}
	m += from
	l.next[key] = m + 1
	s := strings.Index(f.Match, f.Secret)
	if s < 0 {
		return 0, false
	}
	return m + s, true
}

// lineIndex holds the byte offset where each line starts.
type lineIndex []int

func newLineIndex(raw string) lineIndex {
	idx := lineIndex{0}
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// start is the byte offset of 0-based line n, clamped to the file.
func (idx lineIndex) start(n int) int {
	if n < 0 {
		return 0
	}
	if n >= len(idx) {
		return idx[len(idx)-1]
	}
	return idx[n]
}

// lineOf is the 0-based line holding byte offset off.
func (idx lineIndex) lineOf(off int) int {
	n, _ := slices.BinarySearch(idx, off+1)
	return n - 1 // idx[n-1] <= off < idx[n]
}

// position converts a byte offset to a 1-based line and rune column. A
// carriage return ends the line before the one it precedes, so CRLF files
// count like LF files.
func (idx lineIndex) position(raw string, off int) (int, int) {
	line := idx.lineOf(off)
	return line + 1, countRunes(raw[idx[line]:off]) + 1
}

// countRunes counts UTF-8 code points; an invalid byte counts as one, as
// Go's string iteration and the YAML parsers' columns count it.
func countRunes(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

// String renders a match for debugging without its secret.
func (m Match) String() string {
	return fmt.Sprintf("%d:%d %s", m.Line, m.Col, m.Rule)
}
