package iam

import (
	"os"
	"path/filepath"
	"testing"
)

// seeds are the documents of the other tests and the IAM fixtures.
func seeds(t testing.TB) [][]byte {
	s := [][]byte{[]byte(trustPolicy), []byte(cfnTemplate), []byte("\ufeff{\"Statement\":{\"Effect\":\"Allow\"}}\r\n"), []byte(deep(80))}
	files, _ := filepath.Glob("../../fixtures/iam/*/*/*.json")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			s = append(s, b)
		}
	}
	return s
}

func FuzzParseFile(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := ParseFile("p.json", src)
		if doc == nil {
			return
		}
		for _, d := range doc.Diagnostics {
			if d.Code == codeInternal || !d.Pos.Valid() {
				t.Fatalf("diagnostic %v", d)
			}
		}
		for _, n := range doc.Nodes {
			for key, p := range n.KeyPos {
				if !p.Valid() {
					t.Fatalf("%s key %q has no position", n.ID, key)
				}
			}
			if !n.Pos.Valid() {
				t.Fatalf("%s has no position", n.ID)
			}
		}
	})
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := DecodeJSON("p.json", src)
		if err != nil {
			if se, ok := err.(*SyntaxError); !ok || !se.Pos.Valid() {
				t.Fatalf("error %v is not a located SyntaxError", err)
			}
			return
		}
		v.walk(func(x *Value) {
			if !x.Pos.Valid() || x.File != "p.json" {
				t.Fatalf("value %q at %v in %s", x.Text, x.Pos, x.File)
			}
		})
	})
}
