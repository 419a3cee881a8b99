package secrets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"

	"github.com/nhilint/nhilint/graph"
)

// Node kinds this package emits (docs/input-secrets.md).
const (
	// FileKind is the root of a file's secrets document. It is not in
	// the policy input: rules read the matches.
	FileKind = "secret.file"
	// MatchKind is one secret (input.secret_matches).
	MatchKind = "secret.match"
)

// serviceAccountJSON marks a Google Cloud service-account key file: its
// private key is a cloud credential, not just any key.
var serviceAccountJSON = regexp.MustCompile(`"type"\s*:\s*"service_account"`)

// docPath is the node path of a file's secrets under its file name:
// "<file>#gitleaks", "<file>#gitleaks[0]". No parser writes it, so the ids
// never clash with the nodes of the file's own document.
const docPath = "gitleaks"

// Document turns the secrets found in src into a document of their own for
// file, or nil when there is none. Its root (FileKind, at 1:1) holds no
// attributes beyond id, kind and file; each match is a MatchKind node
// positioned at the secret, with the key "secret" at the same place.
func (d *Detector) Document(ctx context.Context, file string, src []byte) *graph.Document {
	matches := d.Find(ctx, file, src)
	if len(matches) == 0 {
		return nil
	}
	doc := graph.NewDocument(file, FileKind, src)
	doc.AddNode(FileKind, docPath, graph.Pos{Line: 1, Col: 1})
	saKey := serviceAccountJSON.Match(src)
	seen := map[string]int{}
	for i, m := range matches {
		pos := graph.Pos{Line: m.Line, Col: m.Col}
		n := doc.AddNode(MatchKind, fmt.Sprintf("%s[%d]", docPath, i), pos)
		n.SetKey("secret", "", pos)
		n.Anchor = anchor(file, m, seen)
		n.Attrs["rule"] = m.Rule
		n.Attrs["description"] = m.Description
		n.Attrs["secret"] = m.Secret
		n.Attrs["gcp_service_account"] = saKey
	}
	return doc
}

// anchor names a match for fingerprints whatever line it moves to: the
// rule, a short hash of the secret (never the secret) and, for the same
// secret written again in the file, its occurrence.
func anchor(file string, m Match, seen map[string]int) string {
	sum := sha256.Sum256([]byte(m.Secret))
	a := fmt.Sprintf("%s#%s:%s:%s", file, docPath, m.Rule, hex.EncodeToString(sum[:8]))
	seen[a]++
	if n := seen[a]; n > 1 {
		a += fmt.Sprintf("#%d", n)
	}
	return a
}
