package suppress

import (
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// FuzzInline checks that no file content makes Inline panic or hang, and
// that every finding comes out exactly once, active or suppressed.
func FuzzInline(f *testing.F) {
	for _, s := range []string{
		"a: 1 # nhilint:ignore gha-a reason\n",
		"# nhilint:ignore gha-a,gha-b r\n# nhilint:ignore tf-c r\nb: |\n  # nhilint:ignore gha-a x\n",
		"x = 1 /* nhilint:ignore tf-c\nmulti */\n// nhilint:ignore\n",
		"a: &x [*x] # nhilint:ignore gha-a r\n",
		"a: \"x\\\n  # nhilint:ignore gha-a q\n  y\" # nhilint:ignore gha-a q\nb: 'it''s\n  z'\n",
	} {
		f.Add(s, "w.yml", 1)
		f.Add(s, "main.tf", 2)
		f.Add(s, ".env", 1)
	}
	f.Fuzz(func(t *testing.T, src, file string, line int) {
		g, err := graph.New([]*graph.Document{{File: file, Source: []byte(src)}}, nil)
		if err != nil {
			t.Skip()
		}
		fs := []engine.Finding{finding(file, "gha-a", line, 1), finding(file, "tf-c", line, 2)}
		out := Inline(g, fs, testRules)
		if len(out.Findings)+len(out.Suppressed) != len(fs) {
			t.Fatalf("%d findings in, %d + %d out", len(fs), len(out.Findings), len(out.Suppressed))
		}
		for _, d := range out.Diagnostics {
			if !d.Pos.Valid() {
				t.Fatalf("diagnostic without position: %+v", d)
			}
		}
	})
}
