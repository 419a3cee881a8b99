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

// Timings are the wall-clock cost of each phase of one scan.
type Timings struct {
	Discover, Parse, Secrets, Graph, Eval time.Duration
}

// Run scans paths (files or directories) and reports positions relative
// to root. Unreadable or unparsable files become diagnostics; an error is
// returned only when the scan itself cannot run.
func (s *Scanner) Run(ctx context.Context, root string, paths []string) (*engine.Result, Timings, error) {
	_, res, t, err := s.RunGraph(ctx, root, paths)
	return res, t, err
}

// RunGraph is Run that also returns the graph it evaluated (`nhilint
// inventory` lists its identities beside their findings).
func (s *Scanner) RunGraph(ctx context.Context, root string, paths []string) (*graph.Graph, *engine.Result, Timings, error) {
	g, t, err := s.Load(ctx, root, paths)
	if err != nil {
		return nil, nil, t, err
	}
	start := time.Now()
	findings, evalDiags, err := s.engine.Eval(ctx, g)
	if err != nil {
		return nil, nil, t, fmt.Errorf("evaluate policies: %w", err)
	}
	t.Eval = time.Since(start)

	all := append(append([]graph.Diagnostic{}, g.Diagnostics...), evalDiags...)
	graph.SortDiagnostics(all)
	res := &engine.Result{
		Rules:       s.engine.Rules(),
		Findings:    findings,
		Diagnostics: all,
		Files:       countParsed(g.Documents),
	}
	s.applyRuleOptions(g, res)
	return g, res, t, nil
}

// Load discovers and parses paths into the document graph the policies
// evaluate, without evaluating them (`nhilint graph`).
func (s *Scanner) Load(ctx context.Context, root string, paths []string) (*graph.Graph, Timings, error) {
	var t Timings
	start := time.Now()
	targets, diags := s.discover(root, paths)
	t.Discover = time.Since(start)

	start = time.Now()
	tree, err := openTree(root, s.opts.MaxFileSize)
	if err != nil {
		return nil, t, err
	}
	defer tree.Close()
	docs, readDiags := s.parseAll(ctx, tree, targets)
	diags = append(diags, readDiags...)
	t.Parse = time.Since(start)

	start = time.Now()
	secretDocs, secretDiags, err := s.findSecrets(ctx, docs, s.otherFiles(root, paths))
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
		return nil, t, fmt.Errorf("build graph: %w", err)
	}
	maskDiagnostics(g)
	t.Graph = time.Since(start)
	return g, t, nil
}

// parseAll parses targets on opts.Workers goroutines: each file of a
// per-file format is one job, each tree format with files is one job.
// Results land at their job's index, so the order never depends on
// scheduling.
func (s *Scanner) parseAll(ctx context.Context, tree fs.FS, targets []target) ([]*graph.Document, []graph.Diagnostic) {
	jobs := s.jobs(tree, targets)
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
func (s *Scanner) jobs(tree fs.FS, targets []target) []parseJob {
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
				return f.parseTree(tree, files), nil
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
