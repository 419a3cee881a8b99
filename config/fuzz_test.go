package config

import "testing"

// FuzzParse checks that no input makes Parse panic, and that an error
// always names the file.
func FuzzParse(f *testing.F) {
	f.Add(full)
	f.Add("rules: {a: {enabled: true}}\nexclude: ['**/x']\n")
	f.Add("a: &a [*a, *a]\nrules: *a\n")
	f.Fuzz(func(t *testing.T, src string) {
		_, err := Parse("c.yaml", []byte(src))
		if err != nil && err.Error()[:6] != "c.yaml" {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
