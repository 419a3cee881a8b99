package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nhilint/nhilint/engine"
)

// runRules prints the rule catalog, read from the policies' metadata.
func runRules(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nhilint rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or markdown")
	var policyDirs multiFlag
	fs.Var(&policyDirs, "policy", "directory of extra Rego rules to load (repeatable)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: policyDirs})
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(eng.Rules()); err != nil {
			fmt.Fprintf(stderr, "nhilint: %v\n", err)
			return exitUsage
		}
	case "markdown":
		fmt.Fprint(stdout, rulesMarkdown(eng.Rules()))
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tTITLE")
		for _, r := range eng.Rules() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Severity, r.Title)
		}
		tw.Flush()
	default:
		fmt.Fprintf(stderr, "nhilint: --format: unknown format %q (want text, json or markdown)\n", *format)
		return exitUsage
	}
	return exitClean
}
