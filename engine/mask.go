package engine

import (
	"sort"
	"strings"
)

// minPieceLen is the shortest line of a multi-line secret (a PEM body line)
// masked on its own: shorter lines ("-----END KEY-----" aside) are too
// common to replace everywhere.
const minPieceLen = 8

// Mask shows a secret safely, exactly as policies/lib/result.rego's mask
// does: the first and last four characters around "…" when the secret has
// at least 16 characters, else "****". Characters are Unicode code points,
// as Rego's count and substring count them.
func Mask(secret string) string {
	r := []rune(secret)
	if len(r) < 16 {
		return "****"
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}

// masker replaces every occurrence of any known secret by its mask.
type masker struct {
	r *strings.Replacer
}

// newMasker builds a masker for secrets. A multi-line secret (a private key
// block) is also masked line by line, so that a single source line holding
// part of it never shows through a snippet.
func newMasker(secrets []string) *masker {
	targets := map[string]bool{}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		targets[s] = true
		if !strings.ContainsAny(s, "\r\n") {
			continue
		}
		for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if line = strings.TrimSpace(line); len([]rune(line)) >= minPieceLen {
				targets[line] = true
			}
		}
	}
	if len(targets) == 0 {
		return &masker{}
	}
	olds := make([]string, 0, len(targets))
	for s := range targets {
		olds = append(olds, s)
	}
	// Longest first: at each position the Replacer takes the first match in
	// argument order, so a secret that contains another is masked whole.
	sort.Slice(olds, func(i, j int) bool {
		if len(olds[i]) != len(olds[j]) {
			return len(olds[i]) > len(olds[j])
		}
		return olds[i] < olds[j]
	})
	pairs := make([]string, 0, 2*len(olds))
	for _, s := range olds {
		pairs = append(pairs, s, Mask(s))
	}
	return &masker{r: strings.NewReplacer(pairs...)}
}

// apply masks every known secret in s.
func (m *masker) apply(s string) string {
	if m.r == nil || s == "" {
		return s
	}
	return m.r.Replace(s)
}

// MaskSecrets returns a function that masks every occurrence of any of
// secrets in a string, as the findings are masked: for what is printed
// beside the findings, the diagnostics (a parser may quote a secret) and
// `nhilint graph`'s policy input, which holds the secrets found.
func MaskSecrets(secrets []string) func(string) string { return newMasker(secrets).apply }
