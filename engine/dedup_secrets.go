package engine

import (
	"slices"
	"strings"
)

// secretsFamily is the rule family of the gitleaks rules (policies/secrets):
// they search every file for secrets of any format, so they find again the
// literal credentials the format rules (gha-static-credential, ...) report
// with more context.
const secretsFamily = "secrets/"

// minSharedSecret is the shortest secret two findings must share to be
// the same: short values ("****", a port) are not worth merging on.
const minSharedSecret = 8

// dropRepeatedSecrets removes the findings of the secrets family whose
// secret another rule's finding names in the same file: the same value
// (or one inside the other: a rule may capture a PEM block without its
// final newline). The other rule's finding says more about where the
// secret is used; reporting both would be noise.
func (b *builder) dropRepeatedSecrets(fs []rawFinding) []rawFinding {
	named := map[string][]string{} // file → secrets other rules name there
	for _, f := range fs {
		if f.secret == "" || strings.HasPrefix(f.rule, secretsFamily) {
			continue
		}
		if file, ok := b.fileOf(f); ok {
			named[file] = append(named[file], f.secret)
		}
	}
	if len(named) == 0 {
		return fs
	}
	return slices.DeleteFunc(fs, func(f rawFinding) bool {
		if f.secret == "" || !strings.HasPrefix(f.rule, secretsFamily) {
			return false
		}
		file, ok := b.fileOf(f)
		return ok && slices.ContainsFunc(named[file], func(s string) bool { return sameSecret(s, f.secret) })
	})
}

// sameSecret reports whether two captured secrets are one value.
func sameSecret(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < minSharedSecret || len(b) < minSharedSecret {
		return false
	}
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// fileOf is the file a finding's key is written in, without reporting
// anything: a finding that does not resolve is reported when it is built.
func (b *builder) fileOf(f rawFinding) (string, bool) {
	n, ok := b.g.Node(f.node)
	if !ok {
		return "", false
	}
	file, _, ok := n.Locate(f.key)
	return file, ok
}
