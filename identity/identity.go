// Package identity derives the non-human identities of a repository from
// the documents the parsers produced: the pipeline jobs that authenticate
// somewhere, the cloud roles, users and access keys a Terraform module or
// an IAM file defines, the OIDC providers roles trust and the AWS managed
// policies they are granted; and the edges between them (a job assumes a
// role, a role trusts a provider, a policy grants a role its permissions,
// a user has an access key). docs/input-identity.md is the contract.
//
// Build is pure: it reads the documents, never the file system, and its
// output only depends on its input.
package identity

import (
	"sort"
	"strings"

	"github.com/nhilint/nhilint/graph"
)

// Kinds of the nodes Build emits.
const (
	// Kind is the kind of the synthetic document and its root node.
	Kind = "nhi.graph"
	// IdentityKind is the kind of an identity node (input.nhi_identities).
	IdentityKind = "nhi.identity"
	// EdgeKind is the kind of an edge node (input.nhi_edges).
	EdgeKind = "nhi.edge"
	// RootID is the id of the document's root node.
	RootID = "nhi:graph"
)

// Identity types.
const (
	GitHubJob        = "github-job"
	AWSRole          = "aws-role"
	AWSUser          = "aws-user"
	AWSAccessKey     = "aws-access-key"
	AWSManagedPolicy = "aws-managed-policy"
	OIDCProvider     = "oidc-provider"
	UnresolvedRole   = "unresolved-role"
)

// Edge types.
const (
	Assumes = "assumes"
	Trusts  = "trusts"
	Grants  = "grants"
	HasKey  = "has-key"
)

// Build returns the identity document of a scan, or nil when the
// documents define no identity. Every identity and edge is located where
// the user wrote what it is derived from, so findings on them point at a
// real file and line.
func Build(docs []*graph.Document) *graph.Document {
	b := newBuilder(docs)
	b.terraform()
	b.cloudformation()
	b.github()
	b.gitlab()
	return b.finish()
}

// builder holds the indexes of one Build.
type builder struct {
	docs []*graph.Document
	// nodes indexes every parsed node by id.
	nodes map[string]*graph.Node
	// idents and edges are what Build emits, by id.
	idents map[string]*graph.Node
	edges  map[string]*graph.Node
	// rolesByName maps an IAM role name to the identities of the roles
	// that define it (several modules may define the same name).
	rolesByName map[string][]*graph.Node
	// tf indexes Terraform resources by "<module id>|<type>.<name>".
	tf map[string][]*graph.Node
	// out indexes edges by "<from id>|<type>", in creation order.
	out map[string][]*graph.Node
	// usersByName maps an IAM user name to its identities.
	usersByName map[string][]*graph.Node
	// tfByName indexes managed resources by "<type>|<name attribute>".
	tfByName map[string][]*graph.Node
	// saByAccount maps a GCP service account id to its identities.
	saByAccount map[string][]*graph.Node
	// poolProviders maps a workload identity pool (its id, or
	// "res:<resource id>") to the identities of its providers.
	poolProviders map[string][]*graph.Node
	// azureByClientID maps a literal client id (lower-cased) to the
	// service principals that write it.
	azureByClientID map[string][]*graph.Node
}

func newBuilder(docs []*graph.Document) *builder {
	b := &builder{
		docs:        docs,
		nodes:       map[string]*graph.Node{},
		idents:      map[string]*graph.Node{},
		edges:       map[string]*graph.Node{},
		rolesByName: map[string][]*graph.Node{},
		tf:          map[string][]*graph.Node{},
		out:         map[string][]*graph.Node{},
		usersByName: map[string][]*graph.Node{},
		tfByName:    map[string][]*graph.Node{},

		saByAccount:     map[string][]*graph.Node{},
		poolProviders:   map[string][]*graph.Node{},
		azureByClientID: map[string][]*graph.Node{},
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for _, n := range d.Nodes {
			b.nodes[n.ID] = n
			if n.Kind == "tf.resource" {
				k := tfKey(str(n.Attrs, "module"), str(n.Attrs, "type")+"."+str(n.Attrs, "name"))
				b.tf[k] = append(b.tf[k], n)
				if name := str(obj(n.Attrs, "values"), "name"); name != "" && str(n.Attrs, "mode") != "data" {
					nk := str(n.Attrs, "type") + "|" + name
					b.tfByName[nk] = append(b.tfByName[nk], n)
				}
			}
		}
	}
	return b
}

// tfKey names a resource inside its module, as references write it.
func tfKey(module, local string) string { return module + "|" + local }

// identityID is the stable id of an identity: its type and what defines it.
func identityID(typ, key string) string { return "nhi:" + typ + ":" + key }

// identity returns the identity of type typ keyed by key, creating it at
// the location of def (a parsed node) and key defKey when it is new.
func (b *builder) identity(typ, key, name string, def *graph.Node, defKey string) (*graph.Node, bool) {
	id := identityID(typ, key)
	if n, ok := b.idents[id]; ok {
		return n, false
	}
	file, pos, _ := def.Locate(defKey)
	n := &graph.Node{
		ID: id, Kind: IdentityKind, File: file, Pos: pos, Anchor: id,
		KeyPos: map[string]graph.Pos{},
		Attrs: map[string]any{
			"id": id, "kind": IdentityKind, "file": file, "type": typ, "name": name,
			"defined_by": "", "defined_key": "",
			"auth": "unknown", "credential": "unknown",
		},
	}
	b.idents[id] = n
	return n, true
}

// definedBy records the parsed node that defines an identity.
func definedBy(n, def *graph.Node, key string) {
	n.Attrs["defined_by"] = def.ID
	n.Attrs["defined_key"] = key
}

// edge adds an edge of type typ from one identity to another node, written
// at key of the via node. A second edge with the same ends and via is the
// same edge.
func (b *builder) edge(typ string, from, to *graph.Node, via *graph.Node, viaKey string, attrs map[string]any) *graph.Node {
	id := "nhi:edge:" + typ + ":" + from.ID + "->" + to.ID + "@" + via.ID + "#" + viaKey
	if n, ok := b.edges[id]; ok {
		return n
	}
	file, pos, _ := via.Locate(viaKey)
	n := &graph.Node{
		ID: id, Kind: EdgeKind, File: file, Pos: pos, Anchor: id,
		KeyPos: map[string]graph.Pos{},
		Attrs: map[string]any{
			"id": id, "kind": EdgeKind, "file": file, "type": typ,
			"from": from.ID, "to": to.ID,
			"via": map[string]any{"node": via.ID, "key": viaKey},
		},
	}
	for k, v := range attrs {
		n.Attrs[k] = v
	}
	b.edges[id] = n
	b.out[from.ID+"|"+typ] = append(b.out[from.ID+"|"+typ], n)
	return n
}

// finish sorts what was built into one document.
func (b *builder) finish() *graph.Document {
	if len(b.idents) == 0 {
		return nil
	}
	b.summarize()
	doc := &graph.Document{Kind: Kind}
	root := &graph.Node{
		ID: RootID, Kind: Kind, KeyPos: map[string]graph.Pos{},
		Attrs: map[string]any{"id": RootID, "kind": Kind, "file": ""},
	}
	doc.Root = root
	doc.Nodes = append(doc.Nodes, root)
	doc.Nodes = append(doc.Nodes, sorted(b.idents)...)
	doc.Nodes = append(doc.Nodes, sorted(b.edges)...)
	return doc
}

func sorted(m map[string]*graph.Node) []*graph.Node {
	out := make([]*graph.Node, 0, len(m))
	for _, n := range m {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// str reads a string attribute; "" when absent or not a string.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// obj reads an object attribute; nil when absent or not an object.
func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// list reads an array attribute; nil when absent or not an array.
func list(m map[string]any, key string) []any { return anys(m[key]) }

// anys is v as a list; nil when it is not one.
func anys(v any) []any {
	switch l := v.(type) {
	case []any:
		return l
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	}
	return nil
}

// strings of a list, skipping elements that are not strings (unknowns).
func stringsOf(l []any) []string {
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// anyList converts sorted strings to an Attrs list.
func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// sortedSet is the sorted, deduplicated list of ss.
func sortedSet(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// unknownExpr returns the expression of a Terraform/IAM unknown value.
func unknownExpr(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || m["unknown"] != true {
		return "", false
	}
	e, _ := m["expr"].(string)
	return e, true
}

// hasExpr reports whether a workflow value holds a ${{ }} expression.
func hasExpr(s string) bool { return strings.Contains(s, "${{") }
