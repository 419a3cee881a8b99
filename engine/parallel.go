package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nhilint/nhilint/graph"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// entryQuery is the query of the i-th generated entrypoint.
func entryQuery(i int) string { return fmt.Sprintf("data.nhilint.entry.group%d.findings", i) }

// familyGroups groups the enabled rules (indexes into rules) by family,
// in catalog order. One entrypoint per family lets the engine evaluate
// families in parallel while the rules of a family, which share lib
// helpers, share OPA's per-query cache of them.
func familyGroups(rules []*Rule, disabled map[string]bool) [][]int {
	var groups [][]int
	at := map[string]int{}
	for i, r := range rules {
		if disabled[r.ID] {
			continue
		}
		family, _, _ := strings.Cut(r.Path, "/")
		g, ok := at[family]
		if !ok {
			g = len(groups)
			at[family] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// entryModule generates the package collecting the findings of a group
// of rules.
func entryModule(i int, rules []*Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package nhilint.entry.group%d\n", i)
	for _, r := range rules {
		family, name, _ := strings.Cut(r.Path, "/")
		// A [path, finding] pair, not object.union: the type checker would
		// refuse a user rule whose findings are not objects, which must be a
		// rule-error naming the rule instead.
		fmt.Fprintf(&b, "\nfindings contains [%q, x] if {\n\tsome x in data.nhilint.rules[%q][%q].findings\n}\n", r.Path, family, name)
	}
	return b.String()
}

// entryModules parses the generated entrypoints, by file name.
func entryModules(rules []*Rule, groups [][]int, caps *ast.Capabilities) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	for i, g := range groups {
		members := make([]*Rule, len(g))
		for j, k := range g {
			members[j] = rules[k]
		}
		name := fmt.Sprintf("nhilint:entry/group%d.rego", i)
		m, err := ast.ParseModuleWithOpts(name, entryModule(i, members), ast.ParserOptions{RegoVersion: ast.RegoV1, Capabilities: caps})
		if err != nil {
			return nil, fmt.Errorf("generated entrypoint %s: %w", name, err)
		}
		mods[name] = m
	}
	return mods, nil
}

// evalParallel evaluates every rule's entrypoint on the whole graph's
// input, shared read-only, on e.workers goroutines, and returns every raw
// finding (in no particular order: the builder sorts).
func (e *Engine) evalParallel(ctx context.Context, g *graph.Graph) ([]any, error) {
	if len(e.entries) == 0 {
		return nil, nil // every rule disabled: no input to build
	}
	input, err := g.Value(e.kinds...)
	if err != nil {
		return nil, fmt.Errorf("build policy input: %w", err)
	}
	results := make([][]any, len(e.entries))
	errs := make([]error, len(e.entries))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(e.workers, len(e.entries)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = evalEntry(ctx, e.entries[i], input)
			}
		}()
	}
	for i := range e.entries {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	return slices.Concat(results...), nil
}

// evalEntry runs one rule's entrypoint.
func evalEntry(ctx context.Context, q *rego.PreparedEvalQuery, input ast.Value) ([]any, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	pairs, err := resultSet(rs)
	if err != nil {
		return nil, err
	}
	return untag(pairs), nil
}

// untag turns the entrypoints' [path, finding] pairs into findings that
// carry their rule's path, as main.rego tags them.
func untag(pairs []any) []any {
	out := make([]any, 0, len(pairs))
	for _, p := range pairs {
		pair, ok := p.([]any)
		if !ok || len(pair) != 2 {
			out = append(out, p) // not ours: decoding reports it
			continue
		}
		path, _ := pair[0].(string)
		obj, ok := pair[1].(map[string]any)
		if !ok {
			out = append(out, tagged{rule: path, value: pair[1]})
			continue
		}
		obj["rule"] = path
		out = append(out, obj)
	}
	return out
}

// firstError is the first non-nil error.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
