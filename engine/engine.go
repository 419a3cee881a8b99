// Package engine loads nhilint's Rego policies (the embedded ones and any
// --policy directories), compiles them once with restricted capabilities,
// builds the rule catalog from their METADATA, and turns the findings of one
// evaluation into located, masked, sorted Findings.
package engine

import (
	"context"
	"fmt"
	"maps"
	"runtime"

	"github.com/nhilint/nhilint/graph"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Query collects every rule's findings (policies/main.rego): the
// entrypoint for running the policies with OPA itself. The engine
// evaluates the same findings rule by rule, in parallel.
const Query = "data.nhilint.main.findings"

// InputKinds are the node kinds the engine puts in the input, one array
// each (input.gha_workflows, input.tf_resources, ...; docs/input.md): the
// document roots, plus the nodes rules read across documents whatever
// wrote them (every Terraform resource, every IAM policy). A new parser
// adds its kinds here.
func InputKinds() []string {
	return []string{
		"gha.workflow", "gha.action",
		"gitlab.pipeline",
		"tf.module", "tf.plan", "tf.resource",
		"iam.policy",
		"secret.match",
		"nhi.identity", "nhi.edge",
	}
}

// Options configure an Engine.
type Options struct {
	// PolicyDirs are extra directories of user Rego (--policy DIR). Every
	// .rego file under each is loaded, recursively; *_test.rego files and
	// hidden folders are skipped. User rules are validated exactly like the
	// built-in ones.
	PolicyDirs []string
	// Workers is the number of evaluations run at once; 0 means
	// GOMAXPROCS.
	Workers int
	// Config is data.nhilint.config, the values of .nhilint.yaml policies
	// read (docs/input.md): keys are Rego identifiers, values JSON-like.
	Config map[string]any
	// Disabled are rule ids not evaluated at all (.nhilint.yaml
	// `enabled: false`): they stay in the catalog, so reports still list
	// them, but cost nothing. Unknown ids are ignored here; the
	// configuration is checked against Rules.
	Disabled map[string]bool
}

// Engine holds the compiled policies, the prepared query and the rule
// catalog. It is safe for concurrent use once built.
type Engine struct {
	cat *catalog
	// entries are the prepared entrypoints, one per family of enabled
	// rules (familyGroups).
	entries []*rego.PreparedEvalQuery
	kinds   []string
	workers int
}

// New loads, validates and compiles the built-in policies and opts'
// directories, then prepares the entrypoint query. It fails, naming the
// file and line, on a parse or compile error, a call to a removed built-in
// (http.send, opa.runtime, time.now_ns, ...) and a rule package with
// incomplete or invalid metadata.
func New(ctx context.Context, opts Options) (*Engine, error) {
	caps := capabilities()
	srcs, err := loadAll(opts.PolicyDirs, caps)
	if err != nil {
		return nil, err
	}
	cat, err := buildCatalog(srcs)
	if err != nil {
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	groups := familyGroups(cat.rules, opts.Disabled)
	entries, err := entryModules(cat.rules, groups, caps)
	if err != nil {
		return nil, err
	}
	mods := modules(srcs)
	maps.Copy(mods, entries)
	if mods[configModuleName], err = configModule(opts.Config, caps); err != nil {
		return nil, err
	}
	c := newCompiler(caps)
	if c.Compile(mods); c.Failed() {
		return nil, fmt.Errorf("compile policies: %w", explain(c.Errors))
	}
	e := &Engine{cat: cat, kinds: InputKinds(), workers: workers}
	for i := range groups {
		pq, err := rego.New(rego.Compiler(c), rego.Query(entryQuery(i))).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare %s: %w", entryQuery(i), err)
		}
		e.entries = append(e.entries, &pq)
	}
	return e, nil
}

// Rules returns every loaded rule, sorted by ID. The slice is a copy; the
// rules are shared and must not be modified.
func (e *Engine) Rules() []*Rule {
	return append([]*Rule(nil), e.cat.rules...)
}

// Rule returns the rule with the given id.
func (e *Engine) Rule(id string) (*Rule, bool) {
	r, ok := e.cat.byID[id]
	return r, ok
}

// Eval runs every rule once over the graph and returns the findings,
// located, masked, sorted and deduplicated, plus a "rule-error" diagnostic
// for each finding a rule returned that could not be placed (an unknown
// node or key, a malformed finding). The error is for an evaluation that
// could not run at all (cancelled context, a Rego runtime error).
//
// Eval also masks, in the messages of g's own diagnostics, every secret a
// finding named: a parser may quote the text it choked on, and a secret
// only a rule recognises is not masked when the graph is loaded.
func (e *Engine) Eval(ctx context.Context, g *graph.Graph) ([]Finding, []graph.Diagnostic, error) {
	raw, err := e.evalParallel(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	b := newBuilder(e.cat, g)
	findings, diags := b.build(raw)
	for i := range g.Diagnostics {
		g.Diagnostics[i].Message = b.mask.apply(g.Diagnostics[i].Message)
	}
	return findings, diags, nil
}

// Secrets evaluates every rule over g and returns the secrets their
// findings name, unmasked: what a command printing g itself (`nhilint
// graph`) must mask besides gitleaks' matches.
func (e *Engine) Secrets(ctx context.Context, g *graph.Graph) ([]string, error) {
	raw, err := e.evalParallel(ctx, g)
	if err != nil {
		return nil, err
	}
	var secrets []string
	for _, v := range raw {
		if f, _ := decodeFinding(v); f.secret != "" {
			secrets = append(secrets, f.secret)
		}
	}
	return secrets, nil
}

// resultSet unwraps the single expression value of the query: the set of
// findings, decoded by OPA as a []any of map[string]any.
func resultSet(rs rego.ResultSet) ([]any, error) {
	if len(rs) == 0 {
		return nil, nil // undefined: no rule package at all
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("unexpected result shape (%d results)", len(rs))
	}
	v, ok := rs[0].Expressions[0].Value.([]any)
	if !ok {
		return nil, fmt.Errorf("findings: want a set, got %T", rs[0].Expressions[0].Value)
	}
	return v, nil
}
