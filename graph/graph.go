// Package graph is the contract between parsers, the policy engine and the
// reports: located nodes, diagnostics for bad input, and the Rego input value
// built from them.
package graph

import (
	"fmt"
	"sort"
)

// Pos is a 1-based source position. EndLine and EndCol are 0 when the end is
// unknown; Line 0 means "no position" and is a bug when it reaches a report.
type Pos struct {
	Line    int `json:"line"`
	Col     int `json:"col"`
	EndLine int `json:"endLine,omitempty"`
	EndCol  int `json:"endCol,omitempty"`
}

// Valid reports whether p names a real position.
func (p Pos) Valid() bool { return p.Line > 0 && p.Col > 0 }

// String renders p as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Node is one located element of a scanned document: a workflow, a job, a
// step, an action. Rules see Attrs (see docs/input.md); they point back at a
// node by ID and at one of its children by a KeyPos key.
type Node struct {
	// ID is unique within a scan: "<file>#<path>", e.g.
	// ".github/workflows/ci.yml#jobs.build.steps[2]".
	ID string
	// Kind is the node type, e.g. "gha.workflow", "gha.job", "gha.step".
	Kind string
	// File is the slash-separated path relative to the scan root.
	File string
	// Pos is where the node starts.
	Pos Pos
	// KeyPos locates the children that findings point at, keyed by the
	// names documented in docs/input.md ("uses", "with.token", "run@0").
	KeyPos map[string]Pos
	// KeyFile names the file of a key written outside File: a GitLab job
	// inherits a variable from an included template, a Terraform policy
	// takes its actions from a variable default in another file. Keys
	// absent here are in File.
	KeyFile map[string]string
	// Anchor is a name for the node that survives unrelated edits (a step
	// index shifting, lines moving); fingerprints are built from it. Empty
	// means ID is used.
	Anchor string
	// Attrs is the node's Rego-visible value: nil, bool, string, int64,
	// float64, []any and map[string]any only. Child nodes appear inside it
	// as the map[string]any of their own Attrs.
	Attrs map[string]any
}

// Key resolves a finding's key on n. An empty key means the node itself.
func (n *Node) Key(key string) (Pos, bool) {
	if key == "" {
		return n.Pos, true
	}
	p, ok := n.KeyPos[key]
	return p, ok
}

// Locate resolves a key to the file and position where it is written.
func (n *Node) Locate(key string) (string, Pos, bool) {
	p, ok := n.Key(key)
	if f, other := n.KeyFile[key]; other {
		return f, p, ok
	}
	return n.File, p, ok
}

// SetKey records where key is written; file is the node's own when empty.
func (n *Node) SetKey(key, file string, p Pos) {
	n.KeyPos[key] = p
	if file == "" || file == n.File {
		return
	}
	if n.KeyFile == nil {
		n.KeyFile = map[string]string{}
	}
	n.KeyFile[key] = file
}

// SetFile moves a node to another file of its document (a resource
// written in variables.tf of a module document).
func (n *Node) SetFile(file string) {
	n.File = file
	n.Attrs["file"] = file
}

// FingerprintAnchor is the location-independent name of n.
func (n *Node) FingerprintAnchor() string {
	if n.Anchor != "" {
		return n.Anchor
	}
	return n.ID
}

// Severity of a diagnostic.
type Severity string

// Diagnostic severities.
const (
	// SevError means the file (or part of it) could not be scanned.
	SevError Severity = "error"
	// SevWarning means the file was scanned but something looked wrong.
	SevWarning Severity = "warning"
)

// Diagnostic reports input the scanner could not fully read: a parse error,
// an unreadable file, a file over a limit. The scan goes on without it.
type Diagnostic struct {
	File     string   `json:"file"`
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	// Code is a short kebab-case class: "parse-error", "read-error", ...
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error renders d as "file:line:col: message [code]".
func (d Diagnostic) Error() string {
	if d.Pos.Valid() {
		return fmt.Sprintf("%s:%d:%d: %s [%s]", d.File, d.Pos.Line, d.Pos.Col, d.Message, d.Code)
	}
	return fmt.Sprintf("%s: %s [%s]", d.File, d.Message, d.Code)
}

// Document is what one parser produced for one file.
type Document struct {
	// File is the slash path relative to the scan root.
	File string
	// Kind is the document's node kind ("gha.workflow", "gha.action").
	Kind string
	// Root is the top node; its Attrs hold the nested children.
	Root *Node
	// Nodes lists every node of the document, Root first, in source order.
	Nodes []*Node
	// Source is the file content, kept for report snippets.
	Source []byte
	// Sources holds the other files the parser read for this document
	// (GitLab includes, the files of a Terraform module), by slash path,
	// so findings located in them get snippets and suppressions too.
	Sources map[string][]byte
	// Diagnostics are the problems found while parsing this file.
	Diagnostics []Diagnostic
}

// Graph is every document of a scan, indexed by node ID.
type Graph struct {
	Documents   []*Document
	Diagnostics []Diagnostic
	nodes       map[string]*Node
	sources     map[string][]byte
}

// New builds a graph from parsed documents and scan-level diagnostics. The
// documents are sorted by file so every later step sees a stable order.
func New(docs []*Document, diags []Diagnostic) (*Graph, error) {
	g := &Graph{nodes: map[string]*Node{}, sources: map[string][]byte{}}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	for _, d := range docs {
		if d == nil {
			continue
		}
		g.Documents = append(g.Documents, d)
		if d.Source != nil {
			g.sources[d.File] = d.Source
		}
		for f, src := range d.Sources {
			g.sources[f] = src
		}
		for _, n := range d.Nodes {
			if _, dup := g.nodes[n.ID]; dup {
				return nil, fmt.Errorf("graph: duplicate node id %q", n.ID)
			}
			g.nodes[n.ID] = n
		}
		g.Diagnostics = append(g.Diagnostics, d.Diagnostics...)
	}
	g.Diagnostics = append(g.Diagnostics, diags...)
	SortDiagnostics(g.Diagnostics)
	return g, nil
}

// Node returns the node with the given ID.
func (g *Graph) Node(id string) (*Node, bool) {
	n, ok := g.nodes[id]
	return n, ok
}

// Source returns the content of a scanned file.
func (g *Graph) Source(file string) ([]byte, bool) {
	b, ok := g.sources[file]
	return b, ok
}

// SortDiagnostics orders diagnostics by file, line, column and code.
func SortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Code < b.Code
	})
}
