// Package suppress silences findings a user has accepted: inline
// `nhilint:ignore` comments in the scanned files and a baseline of an
// earlier report. Suppressed findings are kept, with the reason, for the
// JSON and SARIF reports; they never count for --fail-on.
package suppress

import (
	"fmt"
	"slices"
	"sort"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// Diagnostic codes of ignore comments.
const (
	// CodeInvalid is a directive without a reason, with an empty or
	// unknown rule id.
	CodeInvalid = "ignore-invalid"
	// CodeUnused is a directive that silenced no finding: stale, it would
	// hide a future finding nobody reviewed.
	CodeUnused = "ignore-unused"
)

// Outcome is the findings split by suppressions, and the problems found
// with the suppressions themselves.
type Outcome struct {
	Findings    []engine.Finding
	Suppressed  []engine.Finding
	Diagnostics []graph.Diagnostic
}

// Rules tells, for a rule id, whether it exists and whether it runs: an
// ignore naming a disabled rule is neither applied nor stale.
type Rules map[string]bool

// fileIgnores are the valid directives of one file.
type fileIgnores struct {
	file       string
	directives []*directive
	// byLine lists the directives covering each line.
	byLine map[int][]*directive
	// used records, per directive, the rule ids that silenced a finding.
	used map[*directive]map[string]bool
}

// Inline applies the `nhilint:ignore` comments of the graph's files to
// findings. A directive covers the line it is written on and, when it
// stands on its own line, the line below (directives may be stacked
// above one line). Findings keep their order.
func Inline(g *graph.Graph, findings []engine.Finding, rules Rules) Outcome {
	var out Outcome
	files := map[string]*fileIgnores{}
	for _, src := range sources(g) {
		fi, diags := parseFile(src.file, src.data, rules)
		out.Diagnostics = append(out.Diagnostics, diags...)
		if fi != nil {
			files[src.file] = fi
		}
	}
	for _, f := range findings {
		if d := files[f.File].match(f); d != nil {
			f.Suppression = &engine.Suppression{
				Kind:          engine.SuppressInSource,
				Justification: d.reason,
				Location:      &engine.Location{File: f.File, Pos: graph.Pos{Line: d.line, Col: d.col}},
			}
			out.Suppressed = append(out.Suppressed, f)
			continue
		}
		out.Findings = append(out.Findings, f)
	}
	incomplete := incompleteFiles(g)
	for _, fi := range sortedFiles(files) {
		if !incomplete[fi.file] {
			out.Diagnostics = append(out.Diagnostics, fi.unused(rules)...)
		}
	}
	graph.SortDiagnostics(out.Diagnostics)
	return out
}

// incompleteFiles are the files with an error diagnostic: their findings
// may be missing, so their ignores are not called stale (the error is
// reported already).
func incompleteFiles(g *graph.Graph) map[string]bool {
	out := map[string]bool{}
	for _, d := range g.Diagnostics {
		if d.Severity == graph.SevError {
			out[d.File] = true
		}
	}
	return out
}

// source is one scanned file's content.
type source struct {
	file string
	data []byte
}

// sources lists every file the parsers read, once each, sorted.
func sources(g *graph.Graph) []source {
	seen := map[string]bool{}
	var out []source
	add := func(file string, data []byte) {
		if data != nil && !seen[file] {
			seen[file] = true
			out = append(out, source{file, data})
		}
	}
	for _, d := range g.Documents {
		add(d.File, d.Source)
		for f, data := range d.Sources {
			add(f, data)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// parseFile reads the directives of one file; nil when it has none.
func parseFile(file string, src []byte, rules Rules) (*fileIgnores, []graph.Diagnostic) {
	var diags []graph.Diagnostic
	fi := &fileIgnores{file: file, byLine: map[int][]*directive{}, used: map[*directive]map[string]bool{}}
	for _, c := range commentsOf(file, src) {
		d, ok, problem := parseDirective(c)
		if !ok {
			continue
		}
		if problem == "" {
			problem = unknownRules(d.rules, rules)
		}
		if problem != "" {
			diags = append(diags, diagnostic(file, c, CodeInvalid, problem))
			continue
		}
		fi.directives = append(fi.directives, &d)
	}
	if len(fi.directives) == 0 {
		return nil, diags
	}
	fi.index()
	return fi, diags
}

// unknownRules names the first id that is no loaded rule.
func unknownRules(ids []string, rules Rules) string {
	for _, id := range ids {
		if _, ok := rules[id]; !ok {
			return fmt.Sprintf("%s: unknown rule id %q (\"nhilint rules\" lists them)", marker, id)
		}
	}
	return ""
}

// index fills byLine: each directive covers its own line and, standing on
// its own line, the first line below that is not another directive.
func (fi *fileIgnores) index() {
	ownAt := map[int]*directive{}
	for _, d := range fi.directives {
		if d.own {
			ownAt[d.line] = d
		}
	}
	for _, d := range fi.directives {
		fi.byLine[d.line] = append(fi.byLine[d.line], d)
		if !d.own {
			continue
		}
		next := d.endLine + 1
		for below, ok := ownAt[next]; ok && below != d; below, ok = ownAt[next] {
			next = below.endLine + 1
		}
		d.target = next
		fi.byLine[next] = append(fi.byLine[next], d)
	}
}

// match returns the directive silencing f, and records its use.
func (fi *fileIgnores) match(f engine.Finding) *directive {
	if fi == nil || !f.Pos.Valid() {
		return nil
	}
	for _, d := range fi.byLine[f.Pos.Line] {
		if slices.Contains(d.rules, f.RuleID) {
			if fi.used[d] == nil {
				fi.used[d] = map[string]bool{}
			}
			fi.used[d][f.RuleID] = true
			return d
		}
	}
	return nil
}

// unused reports the rule ids of directives that silenced nothing.
func (fi *fileIgnores) unused(rules Rules) []graph.Diagnostic {
	var diags []graph.Diagnostic
	for _, d := range fi.directives {
		for _, id := range d.rules {
			if fi.used[d][id] || !rules[id] {
				continue
			}
			where := fmt.Sprintf("line %d", d.line)
			if d.target != 0 {
				where = fmt.Sprintf("lines %d and %d", d.line, d.target)
			}
			diags = append(diags, diagnostic(fi.file, d.comment, CodeUnused,
				fmt.Sprintf("%s %s matches no finding on %s: remove it, a stale ignore would hide a future finding", marker, id, where)))
		}
	}
	return diags
}

func diagnostic(file string, c comment, code, msg string) graph.Diagnostic {
	return graph.Diagnostic{File: file, Pos: graph.Pos{Line: c.line, Col: c.col}, Severity: graph.SevWarning, Code: code, Message: msg}
}

func sortedFiles(m map[string]*fileIgnores) []*fileIgnores {
	out := make([]*fileIgnores, 0, len(m))
	for _, fi := range m {
		out = append(out, fi)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}
