package gitlab

import (
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/parsers/yamlpos"
)

// script flattens a script (a string, or a list whose items may be
// nested lists or !reference tags) into line objects keyed
// "<field>[i]", i counting the flattened lines.
func (nb *nodeBuild) script(field string, v *yaml.Node) []any {
	out := []any{}
	nb.flatten(v, 0, func(line *yaml.Node) bool {
		if len(out) == maxScriptLines {
			nb.diagAt(line, graph.SevError, codeParse,
				"%s of job %q expands to more than %d lines (YAML aliases?): the rest is not read", field, nb.node.Attrs["name"], maxScriptLines)
			return false
		}
		s, _ := yamlpos.Text(line)
		key := field + "[" + strconv.Itoa(len(out)) + "]"
		nb.key(key, line)
		entry := map[string]any{"key": key, "text": s}
		if nb.blockLines(key, line) {
			entry["block"] = true
		}
		out = append(out, entry)
		return true
	})
	return out
}

// flatten calls emit for every scalar of v, nested lists and references
// expanded in order, until emit returns false; so does flatten.
func (nb *nodeBuild) flatten(v *yaml.Node, depth int, emit func(*yaml.Node) bool) bool {
	v = nb.deref(v)
	if v == nil || depth > maxDepth || !nb.spend() {
		return true
	}
	switch v.Kind {
	case yaml.ScalarNode:
		if !yamlpos.IsNull(v) {
			return emit(v)
		}
	case yaml.SequenceNode:
		for _, item := range v.Content {
			if !nb.flatten(item, depth+1, emit) {
				return false
			}
		}
	}
	return true
}

// blockLines keys each later line of a literal block scalar (`- |`)
// "<key>.line<n>", n counting from 0 at its first line, at the line's
// first non-blank character: a rule can point at the command inside a
// multi-line script entry. Folded (>) blocks join lines and get none;
// it reports whether the keys were set.
func (nb *nodeBuild) blockLines(key string, n *yaml.Node) bool {
	src, ok := nb.sources[nb.fileOf[n]]
	if !ok || n.Style&yaml.LiteralStyle == 0 {
		return false
	}
	start := src.ValueStart(n)
	for i, text := range strings.Split(strings.TrimRight(n.Value, "\n"), "\n") {
		if i == 0 || strings.TrimSpace(text) == "" {
			continue
		}
		line := graph.Pos{Line: start.Line + i, Col: 1}
		off := src.Offset(line)
		col := src.Pos(off + indentOf(src.Bytes()[off:])).Col
		nb.node.SetKey(key+".line"+strconv.Itoa(i), nb.fileOf[n], graph.Pos{Line: line.Line, Col: col})
	}
	return true
}

// indentOf counts the blanks that start b.
func indentOf(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		n++
	}
	return n
}

// variables reads a variables: mapping. Each entry is {"value",
// "expand"} (plus "description" for the long form), keyed
// "<field>.<NAME>" at the name.
func (nb *nodeBuild) variables(field string, v *yaml.Node) map[string]any {
	out := map[string]any{}
	for _, p := range nb.pairs(v) {
		name := p.key.Value
		val := nb.deref(p.value)
		entry := map[string]any{"value": "", "expand": true}
		if s, ok := yamlpos.Text(val); ok {
			entry["value"] = s
		} else if isMap(val) {
			if s, ok := yamlpos.Text(nb.get(val, "value")); ok {
				entry["value"] = s
			}
			if s, ok := yamlpos.Text(nb.get(val, "description")); ok {
				entry["description"] = s
			}
			if s, ok := yamlpos.Text(nb.get(val, "expand")); ok && s == "false" {
				entry["expand"] = false
			}
		}
		nb.key(field+"."+name, p.key)
		out[name] = entry
	}
	return out
}

// image reads image: as its name (string or image:name:).
func (nb *nodeBuild) image(v *yaml.Node) string {
	if s, ok := yamlpos.Text(v); ok {
		return s
	}
	s, _ := yamlpos.Text(nb.deref(nb.get(v, "name")))
	return s
}

// services reads services: as a list of image names.
func (nb *nodeBuild) services(v *yaml.Node) []any {
	out := []any{}
	for _, item := range yamlpos.Items(nb.deref(v)) {
		out = append(out, nb.image(nb.deref(item)))
	}
	return out
}

// environment reads environment: (a name, or name/action/url/...).
func (nb *nodeBuild) environment(v *yaml.Node) map[string]any {
	if s, ok := yamlpos.Text(v); ok {
		return map[string]any{"name": s}
	}
	return nb.scalars(v, "name", "action", "url", "deployment_tier", "on_stop")
}

// trigger reads trigger: (a project path, or project/branch/include/...).
func (nb *nodeBuild) trigger(v *yaml.Node) map[string]any {
	if s, ok := yamlpos.Text(v); ok {
		return map[string]any{"project": s}
	}
	out := nb.scalars(v, "project", "branch", "strategy")
	if inc := nb.get(v, "include"); inc != nil {
		out["include"] = nb.value(inc)
	}
	return out
}

// needs reads needs: as the names of the jobs needed.
func (nb *nodeBuild) needs(v *yaml.Node) []any {
	out := []any{}
	for _, item := range yamlpos.Items(nb.deref(v)) {
		item = nb.deref(item)
		if s, ok := yamlpos.Text(item); ok {
			out = append(out, s)
		} else if s, ok := yamlpos.Text(nb.get(item, "job")); ok {
			out = append(out, s)
		}
	}
	return out
}

// idTokens reads id_tokens: {NAME: {"aud": [...]}}, keyed
// "id_tokens.NAME".
func (nb *nodeBuild) idTokens(v *yaml.Node) map[string]any {
	out := map[string]any{}
	for _, p := range nb.pairs(v) {
		nb.key("id_tokens."+p.key.Value, p.key)
		out[p.key.Value] = map[string]any{"aud": yamlpos.StringList(nb.deref(nb.get(nb.deref(p.value), "aud")))}
	}
	return out
}

// secretProviders are the secrets: sources GitLab integrates.
var secretProviders = []string{
	"vault", "gcp_secret_manager", "azure_key_vault", "aws_secrets_manager", "gitlab_secrets_manager", "akeyless",
}

// secrets reads secrets: {NAME: {"provider", "config", "token", "file"}},
// keyed "secrets.NAME".
func (nb *nodeBuild) secrets(v *yaml.Node) map[string]any {
	out := map[string]any{}
	for _, p := range nb.pairs(v) {
		nb.key("secrets."+p.key.Value, p.key)
		val := nb.deref(p.value)
		entry := map[string]any{"provider": ""}
		for _, prov := range secretProviders {
			if cfg := nb.get(val, prov); cfg != nil {
				entry["provider"], entry["config"] = prov, nb.value(cfg)
				break
			}
		}
		for k, s := range nb.scalars(val, "token", "file") {
			entry[k] = s
		}
		out[p.key.Value] = entry
	}
	return out
}

// rules reads rules: (job or workflow) as [{"key", "if", "when", ...}],
// each keyed "<field>[i]"; references to other rules are flattened.
func (nb *nodeBuild) rules(field string, v *yaml.Node) []any {
	out := []any{}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		n = nb.deref(n)
		if n == nil || depth > maxDepth || !nb.spend() {
			return
		}
		if n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				walk(item, depth+1)
			}
			return
		}
		key := field + "[" + strconv.Itoa(len(out)) + "]"
		nb.key(key, n)
		r := nb.scalars(n, "if", "when")
		r["key"] = key
		for _, k := range []string{"changes", "exists", "variables"} {
			if x := nb.get(n, k); x != nil {
				r[k] = nb.value(x)
			}
		}
		out = append(out, r)
	}
	walk(v, 0)
	return out
}

// onlyExcept reads only:/except: as {"refs": [...], "variables": [...],
// ...}; the list form is refs.
func (nb *nodeBuild) onlyExcept(v *yaml.Node) map[string]any {
	if !isMap(v) {
		return map[string]any{"refs": yamlpos.StringList(v)}
	}
	out := map[string]any{}
	for _, p := range nb.pairs(v) {
		out[p.key.Value] = yamlpos.StringList(nb.deref(p.value))
	}
	return out
}

// scalars reads the named scalar entries of mapping v.
func (nb *nodeBuild) scalars(v *yaml.Node, keys ...string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if s, ok := yamlpos.Text(nb.deref(nb.get(v, k))); ok {
			out[k] = s
		}
	}
	return out
}

// value converts any YAML value to Attrs form without decoding it:
// scalars stay strings, sequences become []any, mappings map[string]any.
func (nb *nodeBuild) value(n *yaml.Node) any {
	return nb.valueAt(n, 0)
}

func (nb *nodeBuild) valueAt(n *yaml.Node, depth int) any {
	n = nb.deref(n)
	if n == nil || depth > maxDepth || !nb.spend() {
		return ""
	}
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, nb.valueAt(c, depth+1))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		for _, p := range nb.pairs(n) {
			out[p.key.Value] = nb.valueAt(p.value, depth+1)
		}
		return out
	}
	s, _ := yamlpos.Text(n)
	return s
}

// sortedKeys lists a map's keys in order.
func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// maxExpansion bounds the text one variable expands to.
const maxExpansion = 1 << 16

// resolveVariables sets each variable's "resolved" value: $VAR and
// ${VAR} replaced from scope (a job's own variables, then the global
// ones it inherits), as GitLab expands them. $$ (a literal $) and names
// the file does not define (project CI/CD variables, predefined ones)
// stay as written; expand: false values are not expanded.
func resolveVariables(vars map[string]any, scope map[string]string) {
	for _, e := range vars {
		entry := e.(map[string]any)
		raw, _ := entry["value"].(string)
		if ok, _ := entry["expand"].(bool); !ok {
			entry["resolved"] = raw
			continue
		}
		entry["resolved"] = expand(raw, scope, 0)
	}
}

// scopeOf adds the values of the named variables of vars to scope.
func scopeOf(scope map[string]string, vars map[string]any, names []any) map[string]string {
	for _, n := range names {
		name, _ := n.(string)
		if e, ok := vars[name].(map[string]any); ok {
			scope[name], _ = e["value"].(string)
		}
	}
	return scope
}

// expand replaces variable references in s from scope, depth levels
// deep at most (a variable may refer to others, or to itself).
func expand(s string, scope map[string]string, depth int) string {
	if !strings.Contains(s, "$") || depth > 5 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) || b.Len() > maxExpansion {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == '$' {
			b.WriteString("$$")
			i++
			continue
		}
		name, width := varName(s[i+1:])
		v, ok := scope[name]
		if name == "" || !ok {
			b.WriteByte(s[i])
			continue
		}
		b.WriteString(expand(v, scope, depth+1))
		i += width
	}
	return b.String()
}

// varName reads the variable name at the start of s (after a `$`):
// NAME or {NAME}; width is the number of bytes it takes.
func varName(s string) (name string, width int) {
	braced := strings.HasPrefix(s, "{")
	start := 0
	if braced {
		start = 1
	}
	end := start
	for end < len(s) && (s[end] == '_' || s[end] >= 'A' && s[end] <= 'Z' || s[end] >= 'a' && s[end] <= 'z' || end > start && s[end] >= '0' && s[end] <= '9') {
		end++
	}
	if braced {
		if end >= len(s) || s[end] != '}' {
			return "", 0
		}
		return s[start:end], end + 1
	}
	return s[:end], end
}
