package scan

import (
	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/suppress"
)

// applyRuleOptions drops the findings of disabled rules, applies severity
// overrides and then the inline ignores of the scanned files.
func (s *Scanner) applyRuleOptions(g *graph.Graph, res *engine.Result) {
	rules := suppress.Rules{}
	for _, r := range res.Rules {
		rules[r.ID] = !s.opts.DisabledRules[r.ID]
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if !rules[f.RuleID] {
			continue
		}
		if sev, ok := s.opts.Severities[f.RuleID]; ok {
			f.Severity = sev
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	res.Rules = withSeverities(res.Rules, s.opts.Severities)
	if s.opts.NoInlineIgnores {
		return
	}
	out := suppress.Inline(g, res.Findings, rules)
	res.Findings, res.Suppressed = out.Findings, out.Suppressed
	res.Diagnostics = append(res.Diagnostics, out.Diagnostics...)
	graph.SortDiagnostics(res.Diagnostics)
}

// withSeverities returns rules with the overridden severities, copying
// the rules it changes (the engine's are shared): reports then rank a
// rule as the configuration says, e.g. the SARIF security-severity GitHub
// code scanning sorts alerts by.
func withSeverities(rules []*engine.Rule, sev map[string]engine.Severity) []*engine.Rule {
	if len(sev) == 0 {
		return rules
	}
	out := make([]*engine.Rule, len(rules))
	for i, r := range rules {
		if s, ok := sev[r.ID]; ok && s != r.Severity {
			c := *r
			c.Severity = s
			r = &c
		}
		out[i] = r
	}
	return out
}

// excluded reports whether the configuration excludes a slash path
// relative to the scan root.
func (s *Scanner) excluded(rel string) bool {
	return s.opts.Exclude != nil && s.opts.Exclude(rel)
}
