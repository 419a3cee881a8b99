package scan

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

// benchScan scans dir b.N times with one compiled engine and reports
// files per second.
func benchScan(b *testing.B, dir string) {
	s := newScanner(b)
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	files := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, _, err := s.Run(context.Background(), abs, []string{abs})
		if err != nil {
			b.Fatal(err)
		}
		files = res.Files
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkScanFixtures scans every fixture repository at once.
func BenchmarkScanFixtures(b *testing.B) { benchScan(b, fixturesDir) }

// BenchmarkScanCorpus scans the tree named by NHILINT_BENCH_DIR (e.g. the
// unpacked real-world corpus); `make bench-corpus` measures the whole process.
func BenchmarkScanCorpus(b *testing.B) {
	dir := os.Getenv("NHILINT_BENCH_DIR")
	if dir == "" {
		b.Skip("NHILINT_BENCH_DIR not set")
	}
	benchScan(b, dir)
}

// BenchmarkCorpusPhases scans NHILINT_BENCH_DIR once per iteration and
// reports the wall time of each phase, in seconds per scan.
func BenchmarkCorpusPhases(b *testing.B) {
	dir := os.Getenv("NHILINT_BENCH_DIR")
	if dir == "" {
		b.Skip("NHILINT_BENCH_DIR not set")
	}
	s := newScanner(b)
	var sum Timings
	for b.Loop() {
		_, t, err := s.Run(context.Background(), dir, []string{dir})
		if err != nil {
			b.Fatal(err)
		}
		sum.Discover += t.Discover
		sum.Parse += t.Parse
		sum.Secrets += t.Secrets
		sum.Graph += t.Graph
		sum.Eval += t.Eval
	}
	n := float64(b.N)
	b.ReportMetric(sum.Discover.Seconds()/n, "discover-s")
	b.ReportMetric(sum.Parse.Seconds()/n, "parse-s")
	b.ReportMetric(sum.Secrets.Seconds()/n, "secrets-s")
	b.ReportMetric(sum.Graph.Seconds()/n, "graph-s")
	b.ReportMetric(sum.Eval.Seconds()/n, "eval-s")
}

// BenchmarkStartup is what a pre-commit run pays before the first file:
// compiling and preparing every policy, then scanning a small repository.
func BenchmarkStartup(b *testing.B) {
	dir, err := filepath.Abs(filepath.Join(fixturesDir, "repos", "realistic"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		eng, err := engine.New(context.Background(), engine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := New(eng, Options{}).Run(context.Background(), dir, []string{dir}); err != nil {
			b.Fatal(err)
		}
	}
}
