package scan

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/report"
)

// determinismFormats are the machine-read reports: a baseline or a code
// scanning upload compares them byte for byte between runs.
var determinismFormats = []string{report.FormatJSON, report.FormatSARIF}

// TestDeterministicReports scans every fixture repository and every fail
// fixture with 1, 2 and 8 parse workers and 1 and 8 policy workers, and
// once more with the first setting: the JSON and SARIF reports must be
// the same bytes every time, whatever the scheduling.
func TestDeterministicReports(t *testing.T) {
	if testing.Short() {
		t.Skip("seven scans of every fixture: not in -short")
	}
	var dirs []string
	for _, pattern := range []string{"repos/*", "*/*/fail"} {
		m, err := filepath.Glob(filepath.Join(fixturesDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m...)
	}
	engines := map[int]*engine.Engine{}
	for _, w := range []int{1, 8} {
		eng, err := engine.New(context.Background(), engine.Options{Workers: w})
		if err != nil {
			t.Fatalf("engine: %v", err)
		}
		engines[w] = eng
	}
	for _, dir := range dirs {
		name, _ := filepath.Rel(fixturesDir, dir)
		t.Run(name, func(t *testing.T) {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			checkDeterministic(t, abs, engines)
		})
	}
}

// checkDeterministic compares the reports of every setting with the first.
func checkDeterministic(t *testing.T, root string, engines map[int]*engine.Engine) {
	t.Helper()
	type setting struct{ engineWorkers, scanWorkers int }
	settings := []setting{{1, 1}, {1, 2}, {1, 8}, {8, 1}, {8, 2}, {8, 8}, {1, 1}}
	var first map[string][]byte
	for _, st := range settings {
		got := renderScan(t, New(engines[st.engineWorkers], Options{Workers: st.scanWorkers}), root)
		if first == nil {
			first = got
			continue
		}
		for _, f := range determinismFormats {
			if !bytes.Equal(got[f], first[f]) {
				t.Errorf("%s report with %d policy and %d parse workers differs from the first run:\n%s",
					f, st.engineWorkers, st.scanWorkers, firstDiff(first[f], got[f]))
			}
		}
	}
}

// renderScan scans root and renders it in each determinism format.
func renderScan(t *testing.T, s *Scanner, root string) map[string][]byte {
	t.Helper()
	res, _, err := s.Run(context.Background(), root, []string{root})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range determinismFormats {
		var b bytes.Buffer
		if err := report.Write(&b, f, res, report.Options{Root: root, Version: "test"}); err != nil {
			t.Fatalf("render %s: %v", f, err)
		}
		out[f] = b.Bytes()
	}
	return out
}

// firstDiff shows where two outputs part, with a little context.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n--- first\n%s\n--- this run\n%s", i, a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}
