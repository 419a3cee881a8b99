package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/report"
)

// defaultBaseline is the file `nhilint baseline` writes, in the scan root.
const defaultBaseline = ".nhilint-baseline.json"

// runBaseline writes the JSON report of the current findings, the file
// `nhilint scan --baseline` reads to report only what is new. It takes the
// scan flags (rules, config and suppressions apply as in a scan); --format
// is always json, and findings do not fail it: adopting them is the point.
func runBaseline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, paths, err := parseScanFlags("baseline", args, stderr)
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
	root, res := run.root, run.res
	res.Rules = withoutExamples(res.Rules)
	f.format = report.FormatJSON
	if f.output == "" {
		f.output = filepath.Join(root, defaultBaseline)
	}
	if err := writeReports(f, root, res, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "nhilint: wrote %s with %s; scan with --baseline %s to report only new ones\n",
		f.output, plural(len(res.Findings), "finding"), f.output)
	if code := exitCode(res, engine.Low); code == exitIncomplete {
		return code
	}
	return exitClean
}

// withoutExamples copies rules without their examples: the baseline is
// committed, and the examples' fake keys would trip secret scanners (GitHub
// push protection, gitleaks) on the repository that adopts nhilint.
func withoutExamples(rules []*engine.Rule) []*engine.Rule {
	out := make([]*engine.Rule, len(rules))
	for i, r := range rules {
		c := *r
		c.Examples = nil
		out[i] = &c
	}
	return out
}

// plural renders "1 finding" or "3 findings".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
