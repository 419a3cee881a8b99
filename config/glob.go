package config

import (
	"fmt"
	"path"
	"strings"
)

// checkGlob validates a pattern: relative slash path segments, each a
// path.Match pattern or "**".
func checkGlob(pat string) error {
	if pat == "" || strings.HasPrefix(pat, "/") {
		return fmt.Errorf("pattern %q: want a slash path relative to the scan root", pat)
	}
	for _, seg := range strings.Split(pat, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("pattern %q: %w", pat, err)
		}
	}
	return nil
}

// Excluded reports whether the slash path rel (relative to the scan root)
// or one of its parent directories matches an exclude pattern.
func (c *Config) Excluded(rel string) bool {
	for _, pat := range c.Exclude {
		if MatchGlob(pat, rel) {
			return true
		}
	}
	return false
}

// MatchGlob reports whether pattern matches rel or a directory above it:
// "*", "?" and "[...]" match within a segment, "**" matches any number of
// segments, so "vendor" and "vendor/**" both exclude vendor/a/b.yml.
func MatchGlob(pattern, rel string) bool {
	pat, name := strings.Split(pattern, "/"), strings.Split(rel, "/")
	for n := len(name); n > 0; n-- {
		if matchSegments(pat, name[:n]) {
			return true
		}
	}
	return false
}

// matchSegments matches segment lists; "**" is tried against every split,
// which stays cheap for the few "**" a pattern has.
func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
