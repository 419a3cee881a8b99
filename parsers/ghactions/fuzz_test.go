package ghactions

import (
	"os"
	"path/filepath"
	"testing"
)

// seeds are the documents of the other tests, plus fixture files.
func seeds(t testing.TB) []string {
	s := []string{ciWorkflow, compositeAction, stepWith("        run: |\n          echo ${{ github.head_ref }}\n"),
		"on: push\njobs: &j\n  a: *j\n", "a: &a [*a]\n", "\ufeffon: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n    steps: [{run: '${{ x }}'}]\r\n"}
	files, _ := filepath.Glob("../../fixtures/*/*/*/.github/workflows/*.yml")
	actions, _ := filepath.Glob("../../fixtures/*/*/*/.github/actions/*/action.yml")
	for _, f := range append(files, actions...) {
		if b, err := os.ReadFile(f); err == nil {
			s = append(s, string(b))
		}
	}
	return s
}

func FuzzParseWorkflow(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := ParseWorkflow("w.yml", src)
		checkInvariants(t, d, src)
	})
}

func FuzzParseAction(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := ParseAction("action.yml", src)
		checkInvariants(t, d, src)
	})
}

func BenchmarkParseWorkflow(b *testing.B) {
	src := []byte(ciWorkflow)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		ParseWorkflow("ci.yml", src)
	}
}
