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

// entryQuery is the query of the generated package collecting the
// findings of the i-th rule of the catalog.
func entryQuery(i int) string { return fmt.Sprintf("data.nhilint.entry.rule%d.findings", i) }

// entryModule generates the package collecting the findings of rule i.
// One entrypoint per rule lets the engine evaluate the rules in parallel
// (they cost very different amounts, so one per rule balances the
// workers) with one compilation.
func entryModule(i int, r *Rule) string {
	family, name, _ := strings.Cut(r.Path, "/")
	// A [path, finding] pair, not object.union: the type checker would
	// refuse a user rule whose findings are not objects, which must be a
	// rule-error naming the rule instead.
	return fmt.Sprintf("package nhilint.entry.rule%d\n\nfindings contains [%q, x] if {\n\tsome x in data.nhilint.rules[%q][%q].findings\n}\n",
		i, r.Path, family, name)
}

// entryModules parses the generated entrypoints, by file name.
func entryModules(rules []*Rule, caps *ast.Capabilities) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	for i, r := range rules {
		name := fmt.Sprintf("nhilint:entry/rule%d.rego", i)
		m, err := ast.ParseModuleWithOpts(name, entryModule(i, r), ast.ParserOptions{RegoVersion: ast.RegoV1, Capabilities: caps})
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
	for i, q := range e.entries {
		if q != nil {
			next <- i
		}
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
