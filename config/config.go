// Package config reads .nhilint.yaml, the per-repository settings of a
// scan: rules turned off or re-ranked, paths excluded, and the values some
// rules read (trusted action owners, OIDC audiences). Reading is strict:
// an unknown key, a wrong type or an unknown rule id is an error naming the
// file, line and column, so a typo never silently loosens a scan.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/nhilint/nhilint/engine"
)

// Names are the files looked up in the scan root, in order.
var Names = []string{".nhilint.yaml", ".nhilint.yml"}

// maxSize bounds the file read: a real configuration is a few hundred
// bytes.
const maxSize = 1 << 20

// Config is the content of one configuration file.
type Config struct {
	// File is the path the configuration was read from; empty for none.
	File string
	// Rules are the per-rule settings, by rule id.
	Rules map[string]Rule
	// Exclude are globs of slash paths relative to the scan root ("**"
	// spans directories); matching files and directories are not scanned.
	Exclude []string
	// TrustedActionOwners are GitHub owners whose actions the unpinned
	// action rules trust (data.nhilint.config.trusted_action_owners).
	TrustedActionOwners []string
	// OIDCAudiences are the OIDC audiences the organization uses
	// (data.nhilint.config.oidc_audiences).
	OIDCAudiences []string
	// FailOn is the default of --fail-on; empty when not set.
	FailOn engine.Severity
}

// Rule is the setting of one rule.
type Rule struct {
	// Enabled is false to turn the rule off; nil leaves it on.
	Enabled *bool
	// Severity overrides the rule's severity; empty keeps it.
	Severity engine.Severity
	// Line and Col are where the rule id is written, for errors.
	Line, Col int
}

// Error is a configuration problem at a place in the file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Find reads the configuration file of the scan root, if there is one; it
// returns an empty Config when there is none.
func Find(root string) (*Config, error) {
	for _, name := range Names {
		p := filepath.Join(root, name)
		if _, err := os.Lstat(p); err == nil {
			return Load(p)
		}
	}
	return &Config{}, nil
}

// Load reads and checks the configuration file at path.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if len(data) > maxSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("larger than %d bytes", maxSize)}
	}
	return Parse(path, data)
}

// Parse checks and decodes the content of a configuration file; file
// names it in errors.
func Parse(file string, data []byte) (*Config, error) {
	c := &Config{File: file, Rules: map[string]Rule{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file is an empty configuration
		}
		line, msg := yamlError(err)
		return nil, &Error{File: file, Line: line, Col: 1, Msg: "invalid YAML: " + msg}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, &Error{File: file, Line: extra.Line, Col: extra.Column, Msg: "only one YAML document is allowed (remove the ---)"}
	}
	p := parser{file: file}
	if len(doc.Content) == 0 {
		return c, nil
	}
	if err := p.top(doc.Content[0], c); err != nil {
		return nil, err
	}
	return c, nil
}

// CheckRules fails on a rule id that no loaded rule has, naming where it
// is written: a typo would otherwise leave the rule on.
func (c *Config) CheckRules(known func(id string) bool) error {
	var first *Error
	for id, r := range c.Rules {
		if known(id) {
			continue
		}
		e := &Error{File: c.File, Line: r.Line, Col: r.Col, Msg: fmt.Sprintf("rules: unknown rule id %q (\"nhilint rules\" lists them)", id)}
		if first == nil || e.Line < first.Line {
			first = e
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// Disabled returns the ids of the rules turned off.
func (c *Config) Disabled() map[string]bool {
	out := map[string]bool{}
	for id, r := range c.Rules {
		if r.Enabled != nil && !*r.Enabled {
			out[id] = true
		}
	}
	return out
}

// Severities returns the severity overrides by rule id.
func (c *Config) Severities() map[string]engine.Severity {
	out := map[string]engine.Severity{}
	for id, r := range c.Rules {
		if r.Severity != "" {
			out[id] = r.Severity
		}
	}
	return out
}

// Data is the configuration as policies read it, data.nhilint.config:
// lists are [] when unset so a rule never meets an undefined value.
func (c *Config) Data() map[string]any {
	return map[string]any{
		"trusted_action_owners": anyList(c.TrustedActionOwners),
		"oidc_audiences":        anyList(c.OIDCAudiences),
	}
}

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
