package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/engine"
)

// parser decodes the yaml.v3 nodes of one file by hand, so every error
// names the key and the line and column where it is written.
type parser struct{ file string }

func (p parser) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// field is one key of a mapping and the function decoding its value.
type field struct {
	name   string
	decode func(key, value *yaml.Node) error
}

// mapping decodes a mapping whose keys must be among fields, once each.
func (p parser) mapping(n *yaml.Node, where string, fields []field) error {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "%s: want a mapping, got %s", where, kindName(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := findField(fields, k.Value)
		if !ok {
			return p.errorf(k, "%s: unknown key %q (want %s)", where, k.Value, fieldNames(fields))
		}
		if seen[k.Value] {
			return p.errorf(k, "%s: key %q given twice", where, k.Value)
		}
		seen[k.Value] = true
		if err := f.decode(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (p parser) top(n *yaml.Node, c *Config) error {
	return p.mapping(n, "configuration", []field{
		{"rules", func(_, v *yaml.Node) error { return p.rules(v, c) }},
		{"exclude", func(k, v *yaml.Node) error { return p.globs(k, v, &c.Exclude) }},
		{"trusted-action-owners", func(k, v *yaml.Node) error { return p.stringList(k, v, &c.TrustedActionOwners) }},
		{"oidc", func(_, v *yaml.Node) error {
			return p.mapping(v, "oidc", []field{
				{"audiences", func(k, v *yaml.Node) error { return p.stringList(k, v, &c.OIDCAudiences) }},
			})
		}},
		{"fail-on", func(k, v *yaml.Node) error { return p.severity(k, v, &c.FailOn) }},
	})
}

// ruleID is the shape of every rule id (kebab-case).
var ruleID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (p parser) rules(n *yaml.Node, c *Config) error {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return p.errorf(n, "rules: want a mapping of rule id to settings, got %s", kindName(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !ruleID.MatchString(k.Value) {
			return p.errorf(k, "rules: %q is not a rule id (kebab-case, like gha-unpinned-action)", k.Value)
		}
		if _, dup := c.Rules[k.Value]; dup {
			return p.errorf(k, "rules: rule %q given twice", k.Value)
		}
		r := Rule{Line: k.Line, Col: k.Column}
		where := "rules." + k.Value
		err := p.mapping(v, where, []field{
			{"enabled", func(k, v *yaml.Node) error { return p.boolean(where, k, v, &r.Enabled) }},
			{"severity", func(k, v *yaml.Node) error { return p.severity(k, v, &r.Severity) }},
		})
		if err != nil {
			return err
		}
		c.Rules[k.Value] = r
	}
	return nil
}

func (p parser) boolean(where string, k, v *yaml.Node, dst **bool) error {
	v = resolve(v)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		return p.errorf(v, "%s.%s: want true or false, got %s", where, k.Value, kindName(v))
	}
	b, err := strconv.ParseBool(v.Value)
	if err != nil {
		return p.errorf(v, "%s.%s: want true or false, got %q", where, k.Value, v.Value)
	}
	*dst = &b
	return nil
}

func (p parser) severity(k, v *yaml.Node, dst *engine.Severity) error {
	v = resolve(v)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		return p.errorf(v, "%s: want low, medium, high or critical, got %s", k.Value, kindName(v))
	}
	s, err := engine.ParseSeverity(v.Value)
	if err != nil {
		return p.errorf(v, "%s: %v", k.Value, err)
	}
	*dst = s
	return nil
}

func (p parser) stringList(k, v *yaml.Node, dst *[]string) error {
	v = resolve(v)
	if v.Kind != yaml.SequenceNode {
		return p.errorf(v, "%s: want a list of strings, got %s", k.Value, kindName(v))
	}
	for _, item := range v.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || item.Tag != "!!str" || item.Value == "" {
			return p.errorf(item, "%s: want a non-empty string, got %s", k.Value, kindName(item))
		}
		*dst = append(*dst, item.Value)
	}
	return nil
}

// globs reads exclude patterns and checks their syntax now, not at the
// first path they meet.
func (p parser) globs(k, v *yaml.Node, dst *[]string) error {
	var pats []string
	if err := p.stringList(k, v, &pats); err != nil {
		return err
	}
	for i, pat := range pats {
		if err := checkGlob(pat); err != nil {
			return p.errorf(resolve(v).Content[i], "%s: %v", k.Value, err)
		}
	}
	*dst = append(*dst, pats...)
	return nil
}

// resolve follows an alias to its anchor (one level: yaml.v3 already
// refuses alias cycles).
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func findField(fields []field, name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func fieldNames(fields []field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// kindName describes a node for an error message.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		default:
			return fmt.Sprintf("%s %s", strings.TrimPrefix(n.Tag, "!!"), n.Value)
		}
	}
	return "an unexpected node"
}

// yamlError splits a yaml.v3 error ("yaml: line 3: did not find ...")
// into its line and its message.
func yamlError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, e := fmt.Sscanf(msg, "line %d:", &line); e == nil {
		_, rest, _ := strings.Cut(msg, ": ")
		return line, rest
	}
	return 0, msg
}
