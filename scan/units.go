package scan

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/identity"
)

// A unit is one repository of the scanned tree: the files under a
// repository root that no deeper root claims. Each unit is loaded,
// linked and evaluated alone, as its CI system and its cloud see it:
// GitLab reads local includes from the repository root, a workflow
// assumes the roles its own repository defines, and a tree of many
// checked-out repositories never links one repository's job to
// another's role. Holding one repository's graph at a time, not the
// whole tree's, also bounds memory and keeps the cost linear in the
// number of repositories.
type unit struct {
	// root is the repository root, a slash path relative to the scan
	// root ("." for the scan root itself).
	root string
	// targets are the files of the unit a format claims; others the
	// remaining files searched for secrets (SecretsAll).
	targets, others []target
}

// isRepoMarker reports whether a directory entry named name marks its
// parent directory as a repository root: git's own directory (or the
// file that points to it, in a worktree or submodule), or the .github
// directory GitHub reads only at a repository's root.
func isRepoMarker(name string) bool { return name == ".git" || name == ".github" }

// addPipelineRoots adds to roots the directories holding a .gitlab-ci.yml
// (dirs) that no root or shallower .gitlab-ci.yml holds: a GitLab project
// checked out without .git, side by side with others. A .gitlab-ci.yml
// below one (a monorepo's child pipeline) reads its local includes from
// the repository root, so it marks none.
func addPipelineRoots(roots map[string]bool, dirs []string) {
	dirs = slices.Clone(dirs)
	// Shallower first: a pipeline's directory is accepted before any
	// below it is looked at.
	slices.SortFunc(dirs, func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.Count(a, "/"), strings.Count(b, "/")), strings.Compare(a, b))
	})
	pipelines := map[string]bool{}
	for _, d := range dirs {
		if d == "." {
			return // the scan root's own pipeline: every other one is below it
		}
		if repoRoot(roots, d+"/.gitlab-ci.yml") == "." && repoRoot(pipelines, d+"/.gitlab-ci.yml") == "." {
			roots[d], pipelines[d] = true, true
		}
	}
}

// splitUnits groups targets and others by the deepest repository root
// (among roots, slash paths relative to the scan root) that holds them;
// files under no root belong to the scan root's unit. Units are in root
// order, each keeping its files' order.
func splitUnits(roots map[string]bool, targets, others []target) []*unit {
	byRoot := map[string]*unit{}
	var units []*unit
	get := func(rel string) *unit {
		root := repoRoot(roots, rel)
		u := byRoot[root]
		if u == nil {
			u = &unit{root: root}
			byRoot[root] = u
			units = append(units, u)
		}
		return u
	}
	for _, t := range targets {
		u := get(t.rel)
		u.targets = append(u.targets, t)
	}
	for _, t := range others {
		u := get(t.rel)
		u.others = append(u.others, t)
	}
	slices.SortFunc(units, func(a, b *unit) int { return strings.Compare(a.root, b.root) })
	return units
}

// repoRoot is the deepest of roots that holds the file rel, or ".".
func repoRoot(roots map[string]bool, rel string) string {
	for dir := path.Dir(rel); dir != "." && dir != "/" && !strings.HasPrefix(dir, ".."); dir = path.Dir(dir) {
		if roots[dir] {
			return dir
		}
	}
	return "."
}

// mergeIdentities replaces the identity documents of several units by
// one (a graph holds one node per id): a node two repositories share,
// such as an AWS managed policy or a role defined elsewhere, is kept
// once. Other documents are returned as they are.
func mergeIdentities(docs []*graph.Document) []*graph.Document {
	var merged *graph.Document
	seen := map[string]bool{}
	out := docs[:0:0]
	for _, d := range docs {
		if d.Kind != identity.Kind {
			out = append(out, d)
			continue
		}
		if merged == nil {
			merged = &graph.Document{Kind: d.Kind, File: d.File, Root: d.Root, Nodes: []*graph.Node{d.Root}}
			seen[d.Root.ID] = true
		}
		for _, n := range d.Nodes {
			if !seen[n.ID] {
				seen[n.ID] = true
				merged.Nodes = append(merged.Nodes, n)
			}
		}
	}
	if merged == nil {
		return out
	}
	// The root first, then identities before edges, each by id, as
	// identity.Build orders one document.
	slices.SortStableFunc(merged.Nodes[1:], func(a, b *graph.Node) int {
		return cmp.Or(cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)), strings.Compare(a.ID, b.ID))
	})
	return append(out, merged)
}

// kindRank orders identities before edges.
func kindRank(kind string) int {
	if kind == identity.EdgeKind {
		return 1
	}
	return 0
}
