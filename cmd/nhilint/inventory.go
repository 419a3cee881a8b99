package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/identity"
	"github.com/nhilint/nhilint/scan"
)

// runInventory prints the non-human identities of a repository
// (docs/input-identity.md): where each is defined, how it authenticates,
// how long its credential lives, what it can reach, which jobs use it and
// the findings about it.
func runInventory(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nhilint inventory", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "table", "output format: table, json or csv")
	output := fs.String("output", "", "write the inventory to this file instead of standard output")
	configFile := fs.String("config", "", "configuration file (default: .nhilint.yaml at the scan root)")
	var limits limitFlags
	limits.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: nhilint inventory [flags] [PATH...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitUsage
	}
	if *format != "table" && *format != "json" && *format != "csv" {
		fmt.Fprintf(stderr, "nhilint: unknown --format %q (want table, json or csv)\n", *format)
		return exitUsage
	}
	inv, diags, err := inventoryOf(ctx, fs.Args(), *configFile, limits)
	if err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	if err := writeInventory(inv, *format, *output, stdout); err != nil {
		fmt.Fprintf(stderr, "nhilint: %v\n", err)
		return exitUsage
	}
	code := exitClean
	for _, d := range diags {
		fmt.Fprintln(stderr, d.Error())
		if d.Severity == graph.SevError {
			code = exitIncomplete
		}
	}
	return code
}

// inventoryOf scans paths with the configuration and builds the inventory.
func inventoryOf(ctx context.Context, args []string, configFile string, limits limitFlags) (*inventory, []graph.Diagnostic, error) {
	root, paths, err := scanRoot(args, "")
	if err != nil {
		return nil, nil, err
	}
	cfg, err := loadConfig(configFile, root)
	if err != nil {
		return nil, nil, err
	}
	eng, err := engine.New(ctx, engine.Options{Config: cfg.Data(), Disabled: cfg.Disabled()})
	if err != nil {
		return nil, nil, err
	}
	opts := scan.Options{DisabledRules: cfg.Disabled(), Severities: cfg.Severities()}
	limits.apply(&opts)
	if len(cfg.Exclude) > 0 {
		opts.Exclude = cfg.Excluded
	}
	g, res, _, err := scan.New(eng, opts).RunGraph(ctx, root, paths)
	if err != nil {
		return nil, nil, err
	}
	return buildInventory(g, res.Findings), res.Diagnostics, nil
}

// inventory is the JSON shape of `nhilint inventory --format json`.
type inventory struct {
	Identities []inventoryEntry `json:"identities"`
}

// inventoryEntry is one identity.
type inventoryEntry struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	File       string `json:"file"`
	Line       int    `json:"line"`
	Col        int    `json:"col"`
	Auth       string `json:"auth"`
	Credential string `json:"credential"`
	Reach      reach  `json:"reach"`
	// Assumes lists the roles a job assumes; UsedBy the jobs that assume
	// a role. Both by identity name.
	Assumes  []string           `json:"assumes"`
	UsedBy   []string           `json:"used_by"`
	Findings []inventoryFinding `json:"findings"`
}

// reach summarizes what an identity can do.
type reach struct {
	// Token is a job's GITHUB_TOKEN permissions, as a phrase.
	Token   string   `json:"token,omitempty"`
	Managed []string `json:"managed"`
	// Roles are the GCP and Azure roles granted.
	Roles    []string `json:"roles"`
	Services []string `json:"services"`
	Actions  []string `json:"actions"`
	Wildcard bool     `json:"wildcard"`
	Admin    bool     `json:"admin"`
}

// inventoryFinding is a finding about an identity.
type inventoryFinding struct {
	Rule     string          `json:"rule"`
	Severity engine.Severity `json:"severity"`
	File     string          `json:"file"`
	Line     int             `json:"line"`
}

// listedTypes are the identity types the inventory lists: managed
// policies are what identities reach, not identities.
var listedTypes = map[string]int{
	identity.GitHubJob: 0, identity.GitLabJob: 1, identity.AWSRole: 2, identity.UnresolvedRole: 3,
	identity.AWSUser: 4, identity.AWSAccessKey: 5,
	identity.GCPServiceAccount: 6, identity.GCPServiceAccountKey: 7,
	identity.AzureApplication: 8, identity.AzureServicePrincipal: 9, identity.AzureManagedIdentity: 10,
	identity.AzureClientSecret: 11, identity.AzureClientCertificate: 12,
	identity.OIDCProvider: 13,
}

// buildInventory lists the identities of g with their findings.
func buildInventory(g *graph.Graph, findings []engine.Finding) *inventory {
	ids, edges := identityNodes(g)
	byID := map[string]*graph.Node{}
	for _, n := range ids {
		byID[n.ID] = n
	}
	from, to := map[string][]*graph.Node{}, map[string][]*graph.Node{}
	for _, e := range edges {
		from[attr(e, "from")] = append(from[attr(e, "from")], e)
		to[attr(e, "to")] = append(to[attr(e, "to")], e)
	}
	inv := &inventory{Identities: []inventoryEntry{}}
	for _, n := range ids {
		typ := attr(n, "type")
		if _, ok := listedTypes[typ]; !ok {
			continue
		}
		e := inventoryEntry{
			ID: n.ID, Type: typ, Name: attr(n, "name"), File: n.File, Line: n.Pos.Line, Col: n.Pos.Col,
			Auth: attr(n, "auth"), Credential: attr(n, "credential"),
			Assumes: []string{}, UsedBy: []string{}, Findings: []inventoryFinding{},
		}
		e.Reach = reachOf(n, from[n.ID], byID)
		for _, ed := range from[n.ID] {
			if attr(ed, "type") == identity.Assumes {
				e.Assumes = append(e.Assumes, attr(byID[attr(ed, "to")], "name"))
			}
		}
		for _, ed := range to[n.ID] {
			if attr(ed, "type") == identity.Assumes {
				e.UsedBy = append(e.UsedBy, attr(byID[attr(ed, "from")], "name"))
			}
		}
		e.Assumes, e.UsedBy = sortedUnique(e.Assumes), sortedUnique(e.UsedBy)
		e.Findings = findingsAbout(n, from[n.ID], findings)
		inv.Identities = append(inv.Identities, e)
	}
	sort.SliceStable(inv.Identities, func(i, j int) bool {
		a, b := inv.Identities[i], inv.Identities[j]
		if listedTypes[a.Type] != listedTypes[b.Type] {
			return listedTypes[a.Type] < listedTypes[b.Type]
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.ID < b.ID
	})
	return inv
}

// identityNodes returns the identity and edge nodes of the graph.
func identityNodes(g *graph.Graph) (ids, edges []*graph.Node) {
	for _, d := range g.Documents {
		if d.Kind != identity.Kind {
			continue
		}
		for _, n := range d.Nodes {
			switch n.Kind {
			case identity.IdentityKind:
				ids = append(ids, n)
			case identity.EdgeKind:
				edges = append(edges, n)
			}
		}
	}
	return ids, edges
}

// reachOf is an identity's permissions: its own summary (roles, users),
// the union of the roles it assumes (jobs), the GITHUB_TOKEN's scopes.
// out are the edges leaving n.
func reachOf(n *graph.Node, out []*graph.Node, byID map[string]*graph.Node) reach {
	r := reach{Managed: []string{}, Roles: []string{}, Services: []string{}, Actions: []string{}}
	add := func(m map[string]any) {
		r.Managed = append(r.Managed, strs(m["managed"])...)
		r.Roles = append(r.Roles, strs(m["roles"])...)
		r.Services = append(r.Services, strs(m["services"])...)
		r.Actions = append(r.Actions, strs(m["actions"])...)
		r.Wildcard = r.Wildcard || m["wildcard"] == true
		r.Admin = r.Admin || m["admin"] == true
	}
	if p, ok := n.Attrs["permissions"].(map[string]any); ok {
		if attr(n, "type") == identity.GitHubJob {
			r.Token = tokenPhrase(p)
		} else {
			add(p)
		}
	}
	for _, e := range out {
		if attr(e, "type") == identity.Assumes {
			if role, ok := byID[attr(e, "to")].Attrs["permissions"].(map[string]any); ok {
				add(role)
			}
		}
	}
	r.Managed, r.Roles = sortedUnique(r.Managed), sortedUnique(r.Roles)
	r.Services, r.Actions = sortedUnique(r.Services), sortedUnique(r.Actions)
	return r
}

// tokenPhrase renders GITHUB_TOKEN permissions: "write-all",
// "contents: read, id-token: write", "default (undeclared)".
func tokenPhrase(p map[string]any) string {
	if p["declared"] != true {
		return "default (undeclared)"
	}
	if all, _ := p["all"].(string); all != "" {
		return all + "-all"
	}
	scopes, _ := p["scopes"].(map[string]any)
	var parts []string
	for _, k := range sortedKeys(scopes) {
		parts = append(parts, fmt.Sprintf("%s: %v", k, scopes[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// findingsAbout are the findings on the nodes an identity is made of:
// its defining node and what it contains (a job's steps), its trust
// policy, the resources that grant it permissions and the keys it has
// (out: the edges leaving n).
func findingsAbout(n *graph.Node, out []*graph.Node, findings []engine.Finding) []inventoryFinding {
	prefixes := []string{attr(n, "defined_by"), attr(n, "trust_policy")}
	for _, e := range out {
		if t := attr(e, "type"); t == identity.Grants || t == identity.HasKey {
			via, _ := e.Attrs["via"].(map[string]any)
			node, _ := via["node"].(string)
			policy, _ := e.Attrs["policy"].(string)
			prefixes = append(prefixes, node, policy)
		}
	}
	about := []inventoryFinding{}
	for _, f := range findings {
		if within(f.NodeID, prefixes) {
			about = append(about, inventoryFinding{Rule: f.RuleID, Severity: f.Severity, File: f.File, Line: f.Pos.Line})
		}
	}
	return about
}

// within reports whether id is one of the nodes or below one of them
// (".github/workflows/ci.yml#jobs.build.steps[0]" is below the job).
func within(id string, prefixes []string) bool {
	for _, p := range prefixes {
		if p == "" {
			continue
		}
		if id == p || (strings.HasPrefix(id, p) && strings.ContainsRune(".#[", rune(id[len(p)]))) {
			return true
		}
	}
	return false
}

func attr(n *graph.Node, key string) string {
	if n == nil {
		return ""
	}
	s, _ := n.Attrs[key].(string)
	return s
}

func strs(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, e := range l {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedUnique(ss []string) []string {
	sort.Strings(ss)
	out := []string{}
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// writeInventory renders inv in format to path, else w.
func writeInventory(inv *inventory, format, path string, w io.Writer) (err error) {
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("write inventory: %w", err)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("write inventory: %w", cerr)
			}
		}()
		w = f
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(inv)
	case "csv":
		return inventoryCSV(inv, w)
	}
	return inventoryTable(inv, w)
}

var inventoryColumns = []string{"type", "name", "defined at", "auth", "credential", "reach", "assumes", "used by", "findings"}

// row renders one identity as the table and CSV cells.
func (e inventoryEntry) row(sep string) []string {
	return []string{
		e.Type, e.Name, fmt.Sprintf("%s:%d", e.File, e.Line), e.Auth, e.Credential,
		e.Reach.phrase(sep), strings.Join(e.Assumes, sep), strings.Join(e.UsedBy, sep), findingsPhrase(e.Findings, sep),
	}
}

// phrase summarizes a reach: ADMIN and WILDCARD first, then what is known.
func (r reach) phrase(sep string) string {
	var parts []string
	if r.Admin {
		parts = append(parts, "ADMIN")
	} else if r.Wildcard {
		parts = append(parts, "WILDCARD")
	}
	parts = append(parts, r.Managed...)
	parts = append(parts, r.Roles...)
	if len(r.Services) > 0 {
		parts = append(parts, "services "+strings.Join(r.Services, ","))
	}
	if r.Token != "" {
		parts = append(parts, "token "+r.Token)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, sep)
}

func findingsPhrase(fs []inventoryFinding, sep string) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s (%s)", f.Rule, f.Severity))
	}
	return strings.Join(sortedUnique(parts), sep)
}

func inventoryTable(inv *inventory, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(inventoryColumns, "\t")))
	for _, e := range inv.Identities {
		cells := e.row(", ")
		for i, c := range cells {
			if c == "" {
				cells[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write inventory: %w", err)
	}
	_, err := fmt.Fprintf(w, "\n%d identities\n", len(inv.Identities))
	return err
}

func inventoryCSV(inv *inventory, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(inventoryColumns); err != nil {
		return err
	}
	for _, e := range inv.Identities {
		if err := cw.Write(e.row("; ")); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
