// Package scan runs a whole scan: it discovers the files under a root,
// parses them in parallel into a graph and evaluates the policies on it.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/identity"
	"github.com/nhilint/nhilint/secrets"
)

// DefaultMaxFileSize bounds what one file may cost in memory: no real
// workflow comes near it.
const DefaultMaxFileSize = 10 << 20

// Options configure a Scanner.
type Options struct {
	// Workers is the number of files parsed at once; 0 means GOMAXPROCS.
	Workers int
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize. Larger files are reported, not read.
	MaxFileSize int64
	// MaxYAMLNodes bounds the YAML nodes, aliases expanded, read from one
	// workflow, action or pipeline; MaxIncludes and MaxIncludeDepth a
	// GitLab pipeline's includes; MaxInstances the instances of one
	// Terraform count or for_each. 0 means each parser's default.
	MaxYAMLNodes, MaxIncludes, MaxIncludeDepth, MaxInstances int
	// VarFiles are Terraform variable files applied to every module
	// (--var-file), slash paths relative to the scan root.
	VarFiles []string
	// Secrets selects the files searched with gitleaks' rules
	// (--secrets): SecretsRead ("read", the default when empty) every
	// file the scan read, SecretsAll also every other text file of the
	// tree, SecretsOff none.
	Secrets string
	// NoInlineIgnores turns off `nhilint:ignore` comments
	// (--no-inline-ignores): they are neither applied nor reported stale.
	NoInlineIgnores bool
	// DisabledRules are rule ids whose findings are dropped (.nhilint.yaml).
	DisabledRules map[string]bool
	// Severities override the severity of a rule's findings.
	Severities map[string]engine.Severity
	// Exclude reports whether a slash path relative to the scan root is
	// left out of discovery (.nhilint.yaml exclude); nil excludes nothing.
	// An excluded directory is not descended into.
	Exclude func(rel string) bool
}

// Scanner scans repositories with one compiled engine.
type Scanner struct {
	engine  *engine.Engine
	opts    Options
	formats []format
	// detector is built on first use and shared by every scan: gitleaks
	// compiles some 220 expressions.
	detector func() (*secrets.Detector, error)
}

// New returns a scanner that evaluates eng's policies. eng may be nil
// for a scanner that only loads graphs (Load).
func New(eng *engine.Engine, opts Options) *Scanner {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &Scanner{engine: eng, opts: opts, formats: formats(opts), detector: sync.OnceValues(secrets.New)}
}

// Timings are the cost of each phase of one scan: discovery is wall-clock
// time, the other phases are summed over the repositories of the tree
// (two repositories load at once, so their sum may exceed the wall time).
type Timings struct {
	Discover, Parse, Secrets, Graph, Eval time.Duration
}

// add sums the per-repository phases of o into t.
func (t *Timings) add(o Timings) {
	t.Parse += o.Parse
	t.Secrets += o.Secrets
	t.Graph += o.Graph
	t.Eval += o.Eval
}

// Run scans paths (files or directories) and reports positions relative
// to root. Unreadable or unparsable files become diagnostics; an error is
// returned only when the scan itself cannot run.
func (s *Scanner) Run(ctx context.Context, root string, paths []string) (*engine.Result, Timings, error) {
	var t Timings
	units, diags := s.plan(root, paths, &t)
	res := &engine.Result{Rules: withSeverities(s.engine.Rules(), s.opts.Severities), Diagnostics: diags}
	var mu sync.Mutex
	err := s.eachUnit(ctx, root, units, func(g *graph.Graph, ut Timings) error {
		start := time.Now()
		ur, err := s.evaluate(ctx, g)
		if err != nil {
			return err
		}
		ut.Eval = time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		t.add(ut)
		res.Findings = append(res.Findings, ur.Findings...)
		res.Suppressed = append(res.Suppressed, ur.Suppressed...)
		res.Diagnostics = append(res.Diagnostics, ur.Diagnostics...)
		res.Files += ur.Files
		return nil
	})
	if err != nil {
		return nil, t, err
	}
	res.Findings = engine.SortFindings(res.Findings)
	res.Suppressed = engine.SortFindings(res.Suppressed)
	graph.SortDiagnostics(res.Diagnostics)
	return res, t, nil
}

// RunGraph is Run that also returns the graph it evaluated (`nhilint
// inventory` lists its identities beside their findings): the whole
// tree's, held in memory at once.
func (s *Scanner) RunGraph(ctx context.Context, root string, paths []string) (*graph.Graph, *engine.Result, Timings, error) {
	res, t, err := s.Run(ctx, root, paths)
	if err != nil {
		return nil, nil, t, err
	}
	g, _, err := s.Load(ctx, root, paths)
	if err != nil {
		return nil, nil, t, err
	}
	return g, res, t, nil
}

// evaluate runs the policies on one repository's graph.
func (s *Scanner) evaluate(ctx context.Context, g *graph.Graph) (*engine.Result, error) {
	findings, evalDiags, err := s.engine.Eval(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	res := &engine.Result{
		Rules:       s.engine.Rules(),
		Findings:    findings,
		Diagnostics: append(append([]graph.Diagnostic{}, g.Diagnostics...), evalDiags...),
		Files:       countParsed(g.Documents),
	}
	s.applyRuleOptions(g, res)
	return res, nil
}

// Load discovers and parses paths into the document graph the policies
// evaluate, without evaluating them (`nhilint graph`): every repository's
// documents and identities in one graph.
func (s *Scanner) Load(ctx context.Context, root string, paths []string) (*graph.Graph, Timings, error) {
	var t Timings
	units, diags := s.plan(root, paths, &t)
	var docs []*graph.Document
	var mu sync.Mutex
	err := s.eachUnit(ctx, root, units, func(g *graph.Graph, ut Timings) error {
		mu.Lock()
		defer mu.Unlock()
		t.add(ut)
		docs = append(docs, g.Documents...)
		diags = append(diags, g.Diagnostics...)
		return nil
	})
	if err != nil {
		return nil, t, err
	}
	g, err := graph.New(mergeIdentities(docs), nil)
	if err != nil {
		return nil, t, fmt.Errorf("build graph: %w", err)
	}
	// Each unit's diagnostics, its documents' included, are masked already.
	g.Diagnostics = diags
	graph.SortDiagnostics(g.Diagnostics)
	return g, t, nil
}

// plan discovers the files under paths and splits them into units.
func (s *Scanner) plan(root string, paths []string, t *Timings) ([]*unit, []graph.Diagnostic) {
	start := time.Now()
	targets, roots, diags := s.discover(root, paths)
	units := splitUnits(roots, targets, s.otherFiles(root, paths))
	t.Discover = time.Since(start)
	return units, diags
}

// eachUnit loads every unit and hands its graph to use, up to
// opts.Workers units at once, largest first so that no large repository
// is left running alone at the end. Each unit's graph is dropped once
// used.
func (s *Scanner) eachUnit(ctx context.Context, root string, units []*unit, use func(*graph.Graph, Timings) error) error {
	tree, err := openTree(root, s.opts.MaxFileSize)
	if err != nil {
		return err
	}
	defer tree.Close()
	order := slices.Clone(units)
	slices.SortStableFunc(order, func(a, b *unit) int { return len(b.targets) - len(a.targets) })
	errs := make([]error, len(order))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(s.opts.Workers, len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				g, t, err := s.loadUnit(ctx, tree, order[i])
				if err == nil {
					err = use(g, t)
				}
				errs[i] = err
			}
		}()
	}
	for i := range order {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// loadUnit parses one unit's files, searches them for secrets and links
// its identities into the graph the policies evaluate.
func (s *Scanner) loadUnit(ctx context.Context, tree *treeFS, u *unit) (*graph.Graph, Timings, error) {
	var t Timings
	start := time.Now()
	docs, diags := s.parseAll(ctx, tree, u.root, u.targets)
	t.Parse = time.Since(start)

	start = time.Now()
	secretDocs, secretDiags, err := s.findSecrets(ctx, docs, u.others)
	if err != nil {
		return nil, t, err
	}
	docs, diags = append(docs, secretDocs...), append(diags, secretDiags...)
	t.Secrets = time.Since(start)

	start = time.Now()
	if ids := identity.Build(docs); ids != nil {
		docs = append(docs, ids)
	}
	g, err := graph.New(docs, diags)
	if err != nil {
		return nil, t, fmt.Errorf("build graph of %s: %w", u.root, err)
	}
	maskDiagnostics(g)
	t.Graph = time.Since(start)
	return g, t, nil
}

// parseAll parses targets on opts.Workers goroutines: each file of a
// per-file format is one job, each tree format with files is one job.
// Results land at their job's index, so the order never depends on
// scheduling.
func (s *Scanner) parseAll(ctx context.Context, tree fs.FS, root string, targets []target) ([]*graph.Document, []graph.Diagnostic) {
	jobs := s.jobs(tree, root, targets)
	docs := make([][]*graph.Document, len(jobs))
	diags := make([]*graph.Diagnostic, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				docs[i], diags[i] = jobs[i]()
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var out []graph.Diagnostic
	for _, d := range diags {
		if d != nil {
			out = append(out, *d)
		}
	}
	return slices.Concat(docs...), out
}

// parseJob parses one file, or one tree format's files.
type parseJob func() ([]*graph.Document, *graph.Diagnostic)

// jobs splits the targets into parse jobs, tree formats first: they
// usually take longest, so starting them early keeps both cores busy.
func (s *Scanner) jobs(tree fs.FS, root string, targets []target) []parseJob {
	var jobs []parseJob
	byTree := map[*format][]string{}
	for _, t := range targets {
		if t.format.parseTree != nil {
			byTree[t.format] = append(byTree[t.format], t.rel)
		}
	}
	for i := range s.formats {
		f := &s.formats[i]
		if files := byTree[f]; len(files) > 0 {
			jobs = append(jobs, func() ([]*graph.Document, *graph.Diagnostic) {
				return f.parseTree(tree, root, files), nil
			})
		}
	}
	for _, t := range targets {
		if t.format.parse == nil {
			continue
		}
		jobs = append(jobs, func() ([]*graph.Document, *graph.Diagnostic) {
			doc, diag := s.parseOne(t)
			if doc == nil {
				return nil, diag
			}
			return []*graph.Document{doc}, diag
		})
	}
	return jobs
}

// parseOne reads one file within the size limit and parses it.
func (s *Scanner) parseOne(t target) (*graph.Document, *graph.Diagnostic) {
	src, err := readLimited(t.abs, s.opts.MaxFileSize)
	if err != nil {
		d := readError(t.rel, err)
		if errors.Is(err, errTooLarge) {
			d.Code = "file-too-large"
			d.Message = fmt.Sprintf("larger than the %d-byte limit (raise it with --max-file-size)", s.opts.MaxFileSize)
		}
		return nil, &d
	}
	return t.format.parse(t.rel, src), nil
}

// errTooLarge marks a file over the size limit.
var errTooLarge = errors.New("file too large")

// readLimited reads a file, refusing it when it is larger than max bytes
// without ever holding more than max+1 bytes, and refusing what is not a
// regular file: opening a named pipe blocks until someone writes to it.
func readLimited(name string, max int64) ([]byte, error) {
	if info, err := os.Stat(name); err == nil && !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIrregular}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errTooLarge
	}
	return b, nil
}
