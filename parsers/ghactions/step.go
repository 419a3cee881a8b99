package ghactions

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// stepScalars maps the step keys kept as plain strings to their attribute.
var stepScalars = map[string]string{
	"id":                "step_id",
	"name":              "name",
	"if":                "if",
	"run":               "run",
	"shell":             "shell",
	"working-directory": "working_directory",
}

// steps builds the step nodes of a workflow job or a composite action:
// list is the `steps:` sequence, base the path of the owner ("jobs.build"
// or "runs"). It returns the steps' Attrs in order.
func (b *builder) steps(owner *graph.Node, base string, list *yaml.Node) []any {
	out := []any{}
	anchors := map[string]int{}
	for i, n := range yamlpos.Items(list) {
		if n == nil || n.Kind != yaml.MappingNode {
			continue // actionlint reports it for workflows; GitHub rejects it in actions
		}
		st := b.step(owner.ID, base+".steps["+strconv.Itoa(i)+"]", i, n)
		a := base + ".steps." + stepName(st.Attrs)
		if anchors[a]++; anchors[a] > 1 {
			a += "#" + strconv.Itoa(anchors[a])
		}
		st.Anchor = a
		out = append(out, st.Attrs)
	}
	return out
}

// step builds one step node. Its position is its first key.
func (b *builder) step(owner, path string, index int, n *yaml.Node) *graph.Node {
	pairs := uniquePairs(n)
	pos := yamlpos.Of(n)
	if len(pairs) > 0 {
		pos = yamlpos.Of(pairs[0].Key)
	}
	nb := b.newNode("gha.step", path, pos)
	nb.set("job", owner)
	nb.set("index", index)
	for _, p := range pairs {
		nb.stepField(p.Key, p.Value)
	}
	return nb.finish()
}

// stepField sets the attribute, key and expressions of one step entry.
func (nb *nodeBuild) stepField(k, v *yaml.Node) {
	key := k.Value
	nb.key(key, k)
	if attr, ok := stepScalars[key]; ok {
		if s, ok := yamlpos.Text(v); ok {
			nb.set(attr, s)
		}
	}
	switch key {
	case "if":
		nb.condition(key, v)
		return
	case "uses":
		if s, ok := yamlpos.Text(v); ok {
			nb.set("uses", parseUses(s, false))
		}
	case "with":
		nb.set("with", nb.entries("with", v, true))
	case "env":
		if v.Kind == yaml.MappingNode {
			nb.set("env", nb.entries("env", v, false))
		}
	}
	nb.scan(key, v, key == "with")
}

// stepName is the part of a step's anchor that survives steps being added
// or moved around it: its id, else the action it uses (without the ref, so
// a version bump keeps it), else its name, else a hash of its script.
func stepName(a map[string]any) string {
	if s, ok := a["step_id"].(string); ok && s != "" {
		return "id=" + s
	}
	if u, ok := a["uses"].(map[string]any); ok {
		raw, _ := u["raw"].(string)
		name, _, _ := strings.Cut(raw, "@")
		return "uses=" + name
	}
	if s, ok := a["name"].(string); ok && s != "" {
		return "name=" + s
	}
	if s, ok := a["run"].(string); ok {
		sum := sha256.Sum256([]byte(s))
		return "run=" + hex.EncodeToString(sum[:6])
	}
	return "step"
}
