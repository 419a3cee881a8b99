package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/report"
	"github.com/nhilint/nhilint/scan"
)

// scanFlags are the options of `nhilint scan`.
type scanFlags struct {
	format      string
	output      string
	failOn      string
	policyDirs  multiFlag
	maxFileSize int64
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func parseScanFlags(args []string, stderr io.Writer) (*scanFlags, []string, error) {
	f := &scanFlags{}
	fs := flag.NewFlagSet("nhilint scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&f.output, "output", "", "write the report to this file instead of standard output")
	fs.StringVar(&f.failOn, "fail-on", "low", "exit 1 when a finding has this severity or higher: low, medium, high, critical")
	fs.Var(&f.policyDirs, "policy", "directory of extra Rego rules to load (repeatable)")
	fs.Int64Var(&f.maxFileSize, "max-file-size", scan.DefaultMaxFileSize, "largest file to read, in bytes")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: nhilint scan [flags] [PATH...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	return f, fs.Args(), nil
}

func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, paths, err := parseScanFlags(args, stderr)
	if err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	failOn, err := engine.ParseSeverity(f.failOn)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: --fail-on: %v\n", err)
		return exitUsage
	}
	if !validFormat(f.format) {
		fmt.Fprintf(stderr, "nhilint: --format: unknown format %q (want %s)\n", f.format, strings.Join(report.Formats(), ", "))
		return exitUsage
	}
	root, paths, err := scanRoot(paths)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: f.policyDirs})
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	res, _, err := scan.New(eng, scan.Options{MaxFileSize: f.maxFileSize}).Run(ctx, root, paths)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	if err := writeReport(f, root, res, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	return exitCode(res, failOn)
}

// scanRoot picks the directory positions are relative to: the directory
// when exactly one is given, else the working directory.
func scanRoot(paths []string) (string, []string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", nil, fmt.Errorf("path %s: %w", p, err)
		}
		abs[i] = a
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

// writeReport renders the result. When the report goes to a file or is
// machine-readable, problems with the input are also told on stderr so a
// person running the command sees them.
func writeReport(f *scanFlags, root string, res *engine.Result, stdout, stderr io.Writer) error {
	w := stdout
	if f.output != "" {
		file, err := os.Create(f.output)
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		defer file.Close()
		w = file
	}
	opts := report.Options{Root: root, Version: buildVersion()}
	if err := report.Write(w, f.format, res, opts); err != nil {
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
