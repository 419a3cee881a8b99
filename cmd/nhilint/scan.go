package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhilint/nhilint/config"
	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/report"
	"github.com/nhilint/nhilint/scan"
	"github.com/nhilint/nhilint/suppress"
)

// scanFlags are the options of `nhilint scan`.
type scanFlags struct {
	format     string
	output     string
	failOn     string
	policyDirs multiFlag
	limits     limitFlags
	// noInlineIgnores: nhilint:ignore comments are not applied.
	noInlineIgnores bool
	// baseline is a report of an earlier run whose findings are not
	// reported again.
	baseline string
	// config is the configuration file; empty looks for .nhilint.yaml in
	// the scan root.
	config string
	// root is the directory paths are relative to; empty picks it from
	// the arguments (scanRoot).
	root string
	// also are extra reports, "FORMAT=FILE" each.
	also     multiFlag
	varFiles multiFlag
	secrets  string
	// failOnSet is true when --fail-on was given: it wins over the
	// configuration's fail-on.
	failOnSet bool
}

// exitCodesHelp ends the flag help; README.md "Exit codes" says the same.
const exitCodesHelp = `
Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 usage, configuration
or baseline error, 3 a file could not be read or parsed (the rest was still
scanned and reported). Suppressed findings never count.
`

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// parseScanFlags parses the flags of `nhilint scan`, or of `nhilint
// baseline` (command "baseline"), which takes the same ones.
func parseScanFlags(command string, args []string, stderr io.Writer) (*scanFlags, []string, error) {
	f := &scanFlags{}
	fs := flag.NewFlagSet("nhilint "+command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.output, "output", "", "write the report to this file instead of standard output")
	fs.StringVar(&f.failOn, "fail-on", string(engine.Low), "exit 1 when a finding has this severity or higher: low, medium, high, critical;\nwithout it, the configuration's fail-on applies")
	fs.Var(&f.policyDirs, "policy", "directory of extra Rego rules to load (repeatable)")
	f.limits.register(fs)
	fs.BoolVar(&f.noInlineIgnores, "no-inline-ignores", false, "do not apply \"# nhilint:ignore <rule-id> <reason>\" comments (nor report them stale)")
	fs.StringVar(&f.baseline, "baseline", "", "report only findings not in this earlier nhilint JSON or SARIF report (see \"nhilint baseline\")")
	fs.StringVar(&f.config, "config", "", "configuration file (default: .nhilint.yaml or .nhilint.yml in the scan root, if any)")
	fs.StringVar(&f.root, "root", "", "directory finding paths are relative to and .nhilint.yaml is looked up in\n(default: the directory argument when there is exactly one, else the working directory)")
	fs.Var(&f.also, "also", "also write a report in another format, FORMAT=FILE, e.g. sarif=results.sarif (repeatable)")
	fs.Var(&f.varFiles, "var-file", "Terraform variable file applied to every module, inside the scan root (repeatable)")
	fs.StringVar(&f.secrets, "secrets", scan.SecretsRead, "files searched for secrets: read (the files nhilint parses), all (every text file), off")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: nhilint %s [flags] [PATH...]\n", command)
		fs.PrintDefaults()
		if command == "baseline" {
			fmt.Fprint(stderr, "\nnhilint baseline exits 0 whatever it finds, 2 on a usage or configuration\nerror, 3 when a file could not be read or parsed.\n")
			return
		}
		fmt.Fprint(stderr, exitCodesHelp)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	fs.Visit(func(fl *flag.Flag) { f.failOnSet = f.failOnSet || fl.Name == "fail-on" })
	if err := f.check(); err != nil {
		fmt.Fprintf(stderr, "nhilint %s: %v\n", command, err)
		return nil, nil, err
	}
	return f, fs.Args(), nil
}

// check validates the flags whose values have a fixed form.
func (f *scanFlags) check() error {
	if _, err := engine.ParseSeverity(f.failOn); err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
	if !validFormat(f.format) {
		return fmt.Errorf("--format: unknown format %q (want %s)", f.format, strings.Join(report.Formats(), ", "))
	}
	for _, a := range f.also {
		format, file, ok := strings.Cut(a, "=")
		if !ok || file == "" || !validFormat(format) {
			return fmt.Errorf("--also %q: want FORMAT=FILE, FORMAT one of %s", a, strings.Join(report.Formats(), ", "))
		}
	}
	switch f.secrets {
	case scan.SecretsRead, scan.SecretsAll, scan.SecretsOff:
	default:
		return fmt.Errorf("--secrets: unknown value %q (want read, all or off)", f.secrets)
	}
	return nil
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, paths, err := parseScanFlags("scan", args, stderr)
	if err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	run, err := scanRepo(ctx, f, paths)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	if err := writeReports(f, run.root, run.res, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	return exitCode(run.res, failOnOf(f, run.cfg))
}

// failOnOf is --fail-on when given, else the configuration's, else low.
func failOnOf(f *scanFlags, cfg *config.Config) engine.Severity {
	if !f.failOnSet && cfg.FailOn != "" {
		return cfg.FailOn
	}
	return engine.Severity(f.failOn) // checked by scanFlags.check
}

// scanResult is a finished scan and the settings it ran with.
type scanResult struct {
	root string
	res  *engine.Result
	cfg  *config.Config
}

// scanRepo scans paths as f and the configuration say and applies the
// baseline. Its error is a usage or configuration error: bad paths,
// configuration, policies or baseline.
func scanRepo(ctx context.Context, f *scanFlags, paths []string) (*scanResult, error) {
	root, paths, err := scanRoot(paths, f.root)
	if err != nil {
		return nil, err
	}
	cfg, err := loadConfig(f.config, root)
	if err != nil {
		return nil, err
	}
	var base *suppress.Baseline
	if f.baseline != "" {
		if base, err = suppress.LoadBaseline(f.baseline); err != nil {
			return nil, err
		}
	}
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: f.policyDirs, Config: cfg.Data(), Disabled: cfg.Disabled()})
	if err != nil {
		return nil, err
	}
	if err := cfg.CheckRules(func(id string) bool { _, ok := eng.Rule(id); return ok }); err != nil {
		return nil, err
	}
	opts, err := scanOptions(f, cfg, root)
	if err != nil {
		return nil, err
	}
	res, _, err := scan.New(eng, opts).Run(ctx, root, paths)
	if err != nil {
		return nil, err
	}
	if base != nil {
		base.Locate(root)
		res.Findings, res.Suppressed = base.Apply(res.Findings, res.Suppressed)
	}
	return &scanResult{root: root, res: res, cfg: cfg}, nil
}

// loadConfig reads --config, else the scan root's .nhilint.yaml.
func loadConfig(file, root string) (*config.Config, error) {
	if file != "" {
		return config.Load(file)
	}
	return config.Find(root)
}

// scanOptions turns the flags and the configuration into scan options.
func scanOptions(f *scanFlags, cfg *config.Config, root string) (scan.Options, error) {
	opts := scan.Options{
		NoInlineIgnores: f.noInlineIgnores,
		Secrets:         f.secrets,
		DisabledRules:   cfg.Disabled(),
		Severities:      cfg.Severities(),
	}
	f.limits.apply(&opts)
	own := ownFiles(f, root)
	opts.Exclude = func(rel string) bool { return own[rel] || cfg.Excluded(rel) }
	for _, v := range f.varFiles {
		rel, err := insideRoot(root, v)
		if err != nil {
			return opts, fmt.Errorf("--var-file %s: %w", v, err)
		}
		opts.VarFiles = append(opts.VarFiles, rel)
	}
	return opts, nil
}

// ownFiles are the files nhilint writes or reads as reports, as slash
// paths relative to the root: the default baseline, --baseline, --output
// and --also. They are never scanned: a JSON report lists the rules'
// examples, whose fake keys the secret rules would report.
func ownFiles(f *scanFlags, root string) map[string]bool {
	own := map[string]bool{defaultBaseline: true}
	files := []string{f.baseline, f.output}
	for _, a := range f.also {
		_, file, _ := strings.Cut(a, "=")
		files = append(files, file)
	}
	for _, file := range files {
		if file == "" {
			continue
		}
		if rel, err := insideRoot(root, file); err == nil {
			own[rel] = true
		}
	}
	return own
}

// insideRoot is p as a slash path relative to root; the scanner reads
// nothing outside the scan root.
func insideRoot(root, p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("outside the scan root %s (see --root)", root)
	}
	return filepath.ToSlash(rel), nil
}

// scanRoot picks the directory positions are relative to: --root when
// given (and then the default path), else the directory when exactly one
// is given, else the working directory.
func scanRoot(paths []string, rootFlag string) (string, []string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
		if rootFlag != "" {
			paths = []string{rootFlag}
		}
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", nil, fmt.Errorf("path %s: %w", p, err)
		}
		abs[i] = a
	}
	if rootFlag != "" {
		root, err := filepath.Abs(rootFlag)
		if err != nil {
			return "", nil, fmt.Errorf("--root %s: %w", rootFlag, err)
		}
		if info, err := os.Stat(root); err != nil || !info.IsDir() {
			return "", nil, fmt.Errorf("--root %s: not a directory", rootFlag)
		}
		return root, abs, nil
	}
	if len(abs) == 1 {
		if info, err := os.Stat(abs[0]); err == nil && info.IsDir() {
			return abs[0], abs, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", nil, fmt.Errorf("working directory: %w", err)
	}
	return wd, abs, nil
}

// writeReports writes the main report and each --also report.
func writeReports(f *scanFlags, root string, res *engine.Result, stdout, stderr io.Writer) error {
	if err := writeReport(f, root, res, stdout, stderr); err != nil {
		return err
	}
	for _, a := range f.also {
		format, file, _ := strings.Cut(a, "=") // checked by scanFlags.check
		if err := writeReportFile(file, format, root, res); err != nil {
			return fmt.Errorf("--also %s: %w", a, err)
		}
	}
	return nil
}

// writeReportFile writes one report to a file, reporting a failed close:
// a full disk must not leave a truncated SARIF behind silently.
func writeReportFile(name, format, root string, res *engine.Result) (err error) {
	file, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if err := report.Write(file, format, res, report.Options{Root: root, Version: buildVersion()}); err != nil {
		return fmt.Errorf("write %s report: %w", format, err)
	}
	return nil
}

// writeReport renders the result. When the report goes to a file or is
// machine-readable, problems with the input are also told on stderr so a
// person running the command sees them.
func writeReport(f *scanFlags, root string, res *engine.Result, stdout, stderr io.Writer) error {
	if f.output != "" {
		if err := writeReportFile(f.output, f.format, root, res); err != nil {
			return fmt.Errorf("--output: %w", err)
		}
	} else if err := report.Write(stdout, f.format, res, report.Options{Root: root, Version: buildVersion()}); err != nil {
		return fmt.Errorf("write %s report: %w", f.format, err)
	}
	if f.format != "text" || f.output != "" {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(stderr, d.Error())
		}
	}
	return nil
}

// exitCode applies the documented precedence: incomplete > findings > clean.
func exitCode(res *engine.Result, failOn engine.Severity) int {
	for _, d := range res.Diagnostics {
		if d.Severity == graph.SevError {
			return exitIncomplete
		}
	}
	for _, fd := range res.Findings {
		if fd.Severity.AtLeast(failOn) {
			return exitFindings
		}
	}
	return exitClean
}

func validFormat(name string) bool {
	for _, f := range report.Formats() {
		if f == name {
			return true
		}
	}
	return false
}
