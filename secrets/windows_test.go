package secrets

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWindowsFindWhatWholeFileFinds checks that handing gitleaks only the
// lines around keywords finds exactly what it finds in whole files: over
// the fixtures, and over $NHILINT_CORPUS when set (the real-world corpus).
func TestWindowsFindWhatWholeFileFinds(t *testing.T) {
	dirs := []string{"../fixtures"}
	if c := os.Getenv("NHILINT_CORPUS"); c != "" {
		dirs = append(dirs, c)
	}
	windowed := newDetector(t)
	whole := newDetector(t)
	whole.whole = true
	files := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || !e.Type().IsRegular() {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files++
			rel := filepath.ToSlash(p)
			got := windowed.Find(context.Background(), rel, src)
			want := whole.Find(context.Background(), rel, src)
			if !slices.EqualFunc(got, want, func(a, b Match) bool { return a.offset == b.offset && a.Rule == b.Rule && a.Secret == b.Secret }) {
				t.Errorf("%s: windows found %v, whole file %v", rel, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d files compared", files)
}

func TestWindows(t *testing.T) {
	d := newDetector(t)
	src := "a\nb\ntoken: x\nc\nd\ne\nf\ng\nh\ni\nj\n" + // token: lines 2-3 (0-based)
		"k\nl\nm\n-----BEGIN KEY-----\nz\nz\n-----END KEY-----\nn\n" + // block: 14-17, then "key" on 17: 17-18
		"o\np\nq\nr\ns\nu\nv\nw\nx\nsecret_key: 1\n" // paired: line 28 ± 5, clamped to the last line (29, empty)
	lines := newLineIndex(src)
	got := d.win.windows(src, lines)
	want := []window{{2, 3, true}, {14, 18, false}, {23, 29, true}}
	if !slices.Equal(got, want) {
		t.Errorf("windows: got %v, want %v", got, want)
	}
}

// TestAssigns: what may follow a keyword in a generic-rule match.
func TestAssigns(t *testing.T) {
	tests := []struct {
		after string
		want  bool
	}{
		{` = "abc"`, true},
		{`_id: x`, true},
		{`": "x"`, true},
		{"\n  value: x", true},
		{` => x`, true},
		{`-----`, false},
		{`" "x" {`, false},
		{`(x)`, false},
		{`s of every sort and kind = x`, false}, // 25 characters before "="
		{`s of every sort and kin= x`, true},    // 23
		{``, false},
	}
	for _, tt := range tests {
		if got := assigns([]byte(tt.after)); got != tt.want {
			t.Errorf("assigns(%q) = %v, want %v", tt.after, got, tt.want)
		}
	}
}
