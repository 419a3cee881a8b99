package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/scan"
	"github.com/open-policy-agent/opa/v1/ast"
)

// runGraph prints the document graph of a repository as JSON: exactly the
// input the policies evaluate (docs/input.md), so people writing their own
// rules can see what they match against.
func runGraph(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nhilint graph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	output := fs.String("output", "", "write the graph to this file instead of standard output")
	var limits limitFlags
	limits.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: nhilint graph [flags] [PATH...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	root, paths, err := scanRoot(fs.Args(), "")
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	var opts scan.Options
	limits.apply(&opts)
	g, _, err := scan.New(nil, opts).Load(ctx, root, paths)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	found, err := ruleSecrets(ctx, g)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	if err := writeGraph(g, found, *output, stdout); err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	mask := engine.MaskSecrets(found)
	code := exitClean
	for _, d := range g.Diagnostics {
		d.Message = mask(d.Message)
		fmt.Fprintln(stderr, d.Error())
		if d.Severity == graph.SevError {
			code = exitIncomplete
		}
	}
	return code
}

// ruleSecrets are the secrets the built-in rules find in g: a credential
// gitleaks does not recognise (or allowlists) is still one to them, and
// the printed graph must not show it whole.
func ruleSecrets(ctx context.Context, g *graph.Graph) ([]string, error) {
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		return nil, err
	}
	return eng.Secrets(ctx, g)
}

// writeGraph writes the policy input of g as indented JSON with sorted
// keys, to path or else w, with found and gitleaks' secrets masked.
func writeGraph(g *graph.Graph, found []string, path string, w io.Writer) error {
	v, err := g.Value(engine.InputKinds()...)
	if err != nil {
		return fmt.Errorf("build policy input: %w", err)
	}
	doc, err := ast.JSON(v)
	if err != nil {
		return fmt.Errorf("convert policy input: %w", err)
	}
	doc = maskGraph(doc, found)
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write graph: %w", err)
	}
	return nil
}

// maskGraph masks, in the printed input only, every secret gitleaks found
// (input.secret_matches[_].secret) and every one of found wherever it
// occurs: in the match and in the values it was found in (an env value, a
// script). The rules evaluate the input unmasked; a graph pasted into an
// issue must not leak a key.
func maskGraph(doc any, found []string) any {
	top, _ := doc.(map[string]any)
	matches, _ := top["secret_matches"].([]any)
	secrets := slices.Clone(found)
	for _, m := range matches {
		if match, ok := m.(map[string]any); ok {
			if s, ok := match["secret"].(string); ok {
				secrets = append(secrets, s)
			}
		}
	}
	if len(secrets) == 0 {
		return doc
	}
	return maskStrings(doc, engine.MaskSecrets(secrets))
}

// maskStrings applies mask to every string of a JSON value, keys included.
func maskStrings(v any, mask func(string) string) any {
	switch x := v.(type) {
	case string:
		return mask(x)
	case []any:
		for i := range x {
			x[i] = maskStrings(x[i], mask)
		}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[mask(k)] = maskStrings(e, mask)
		}
		return out
	}
	return v
}
