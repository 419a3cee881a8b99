package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/nhilint/nhilint/engine"
)

// runExplain prints one rule from its METADATA: title, id, category,
// severity, why it matters, a bad and a good example, the fix and the
// references. An unknown id is a usage error that suggests the closest ids.
func runExplain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nhilint explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: nhilint explain [--format text|json|markdown] [--policy DIR] RULE-ID\n\n")
		fs.PrintDefaults()
	}
	format := fs.String("format", "text", "output format: text, json or markdown")
	var policyDirs multiFlag
	fs.Var(&policyDirs, "policy", "directory of extra Rego rules to load (repeatable)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "nhilint explain: want exactly one rule id (nhilint rules lists them)")
		return exitUsage
	}
	if !slices.Contains([]string{"text", "json", "markdown"}, *format) {
		fmt.Fprintf(stderr, "nhilint: --format: unknown format %q (want text, json or markdown)\n", *format)
		return exitUsage
	}
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: policyDirs})
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	id := fs.Arg(0)
	r, ok := eng.Rule(id)
	if !ok {
		fmt.Fprintf(stderr, "nhilint: unknown rule %q%s\n", id, suggestion(id, eng.Rules()))
		return exitUsage
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintf(stderr, "nhilint: %v\n", err)
			return exitUsage
		}
	case "markdown":
		fmt.Fprint(stdout, ruleMarkdown(r, "#"))
	default:
		fmt.Fprint(stdout, explainText(r))
	}
	return exitClean
}

// explainText renders a rule for the terminal.
func explainText(r *engine.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", r.Title, strings.Repeat("=", len([]rune(r.Title))))
	fmt.Fprintf(&b, "id:       %s\ncategory: %s\nseverity: %s\npolicy:   %s\n\n", r.ID, r.Category, r.Severity, r.File)
	fmt.Fprintf(&b, "Why it matters\n\n%s\n", indent(r.Description, "  "))
	if ex := r.Examples; ex != nil {
		fmt.Fprintf(&b, "Bad (%s), flagged:\n\n%s\n", ex.File, indent(ex.Bad, "    "))
		fmt.Fprintf(&b, "Good (%s), not flagged:\n\n%s\n", ex.File, indent(ex.Good, "    "))
		for _, f := range slices.Sorted(maps.Keys(ex.Context)) {
			fmt.Fprintf(&b, "Both scanned with %s:\n\n%s\n", f, indent(ex.Context[f], "    "))
		}
	}
	fmt.Fprintf(&b, "Fix\n\n%s", indent(r.Remediation, "  "))
	if len(r.RelatedResources) > 0 {
		b.WriteString("\nReferences\n\n")
		for _, u := range r.RelatedResources {
			fmt.Fprintf(&b, "  - %s\n", u)
		}
	}
	return b.String()
}

// indent prefixes every non-empty line of s and ends it with one newline.
func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// maxSuggestions is how many ids an unknown id suggests.
const maxSuggestions = 3

// suggestion is ` (did you mean a, b?)` with the ids closest to id: those
// containing it or contained in it first, then those within an edit
// distance of a third of the id; "" when none is close.
func suggestion(id string, rules []*engine.Rule) string {
	type candidate struct {
		id   string
		dist int
	}
	var cands []candidate
	for _, r := range rules {
		d := editDistance(id, r.ID)
		if id != "" && (strings.Contains(r.ID, id) || strings.Contains(id, r.ID)) {
			d = 0
		}
		if d <= max(2, len(r.ID)/3) {
			cands = append(cands, candidate{r.ID, d})
		}
	}
	if len(cands) == 0 {
		return "; nhilint rules lists them"
	}
	slices.SortStableFunc(cands, func(a, b candidate) int { return a.dist - b.dist })
	ids := make([]string, 0, maxSuggestions)
	for _, c := range cands[:min(maxSuggestions, len(cands))] {
		ids = append(ids, c.id)
	}
	return " (did you mean " + strings.Join(ids, ", ") + "?)"
}

// editDistance is the Levenshtein distance between a and b, in bytes (rule
// ids are ASCII), with two rows of memory.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ruleMarkdown renders a rule as a Markdown section whose heading has the
// given level ("#" for explain, "##" inside docs/rules.md).
func ruleMarkdown(r *engine.Rule, level string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n\n**%s** · category `%s` · severity `%s` · policy `%s`\n\n", level, r.ID, r.Title, r.Category, r.Severity, r.File)
	fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(r.Description))
	if ex := r.Examples; ex != nil {
		lang := fenceLanguage(ex.File)
		fmt.Fprintf(&b, "**Flagged** (`%s`):\n\n%s\n", ex.File, fenced(ex.Bad, lang))
		fmt.Fprintf(&b, "**Not flagged**:\n\n%s\n", fenced(ex.Good, lang))
		for _, f := range slices.Sorted(maps.Keys(ex.Context)) {
			fmt.Fprintf(&b, "Both scanned with `%s`:\n\n%s\n", f, fenced(ex.Context[f], fenceLanguage(f)))
		}
	}
	fmt.Fprintf(&b, "**Remediation.** %s\n\n", strings.TrimSpace(r.Remediation))
	if len(r.RelatedResources) > 0 {
		b.WriteString("**References.**\n\n")
		for _, u := range r.RelatedResources {
			fmt.Fprintf(&b, "- <%s>\n", u)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// fenced puts code in a fenced block longer than any backtick run inside it.
func fenced(code, lang string) string {
	fence := "```"
	for strings.Contains(code, fence) {
		fence += "`"
	}
	return fence + lang + "\n" + strings.TrimRight(code, "\n") + "\n" + fence + "\n"
}

// fenceLanguage is the highlighting of an example file, from its name.
func fenceLanguage(file string) string {
	switch strings.ToLower(path.Ext(file)) {
	case ".yml", ".yaml":
		return "yaml"
	case ".tf", ".hcl":
		return "hcl"
	case ".json":
		return "json"
	}
	return ""
}
