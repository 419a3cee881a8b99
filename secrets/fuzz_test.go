package secrets

import (
	"context"
	"strings"
	"testing"
)

// FuzzDocument checks, on any input, that Document never panics and that
// every match points at the exact place its secret is written.
func FuzzDocument(f *testing.F) {
	for _, s := range []string{
		ghp, "token: " + ghp + "\r\n", "é☕\t" + ghp, "aws_secret_access_key = " + awsSecret,
		"id: " + awsID + "\nsecret_key: " + awsSecret + "\n", pemKey, "\n\n" + pemKey + "\r\n" + pemKey,
		"t=" + ghp + " u=" + ghp, "\xff\xfe" + ghp, "azure: abc8Q~" + "Xy7zW6vU5tS4rQ3pO2nM1lK0jI9hG8fE7d\n",
	} {
		f.Add([]byte(s))
	}
	d := newDetector(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := d.Document(context.Background(), "f.yml", src)
		if doc == nil {
			return
		}
		lines := strings.SplitAfter(string(src), "\n")
		for _, n := range doc.Nodes[1:] {
			secret, _ := n.Attrs["secret"].(string)
			pos, ok := n.Key("secret")
			if !ok || !pos.Valid() || pos.Line > len(lines) || secret == "" {
				t.Fatalf("%s: secret at %v (%v) in %d lines", n.ID, pos, ok, len(lines))
			}
			rest := strings.Join(lines[pos.Line-1:], "")
			for range pos.Col - 1 {
				rest = rest[firstRuneSize(rest):]
			}
			if !strings.HasPrefix(rest, secret) {
				t.Fatalf("%s: %v does not start the secret of rule %v", n.ID, pos, n.Attrs["rule"])
			}
		}
	})
}

// firstRuneSize is the byte size of the first code point of s, as range
// counts it (an invalid byte is one).
func firstRuneSize(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}
