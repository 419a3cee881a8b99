package secrets

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkNew measures building a detector: once per scan.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFind measures a typical workflow-sized file with a few
// keyword hits (token, key, secret) and one secret.
func BenchmarkFind(b *testing.B) {
	src := []byte(strings.Repeat("      - name: deploy\n        env:\n          TOKEN: ${{ secrets.TOKEN }}\n          api_key: ${{ secrets.KEY }}\n        run: ./deploy.sh --secret \"$SECRET\"\n", 40) +
		"          GH_TOKEN: " + ghp + "\n")
	d := newDetector(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if len(d.Find(context.Background(), "ci.yml", src)) != 1 {
			b.Fatal("want 1 match")
		}
	}
}

// BenchmarkCorpus runs the detector over every file under
// $NHILINT_CORPUS (e.g. the extracted real-world corpus), one goroutine
// per GOMAXPROCS, as a scan does. It is skipped when the variable is unset.
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("NHILINT_CORPUS")
	if dir == "" {
		b.Skip("NHILINT_CORPUS not set")
	}
	var files [][]byte
	var names []string
	var size int64
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files, names = append(files, src), append(names, filepath.ToSlash(p))
		size += int64(len(src))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	d := newDetector(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		next := make(chan int)
		done := make(chan struct{})
		workers := max(1, runtimeWorkers())
		for range workers {
			go func() {
				for i := range next {
					d.Find(context.Background(), names[i], files[i])
				}
				done <- struct{}{}
			}()
		}
		for i := range files {
			next <- i
		}
		close(next)
		for range workers {
			<-done
		}
	}
	b.ReportMetric(float64(len(files)), "files")
}

func runtimeWorkers() int { return runtime.GOMAXPROCS(0) }
