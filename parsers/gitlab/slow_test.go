package gitlab

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHostileInputIsFast bounds the time of alias bombs, merge-key bombs
// and deep extends chains.
func TestHostileInputIsFast(t *testing.T) {
	var bomb, merge, ext strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	merge.WriteString(".m0: &m0 {k0: v}\n")
	for i := 1; i < 30; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
		fmt.Fprintf(&merge, ".m%d: &m%d {<<: [*m%d, *m%d, *m%d, *m%d], k%d: v}\n", i, i, i-1, i-1, i-1, i-1, i)
		fmt.Fprintf(&ext, ".e%d: {extends: [.e%d, .e%d, .e%d], variables: {V%d: x}}\n", i, i-1, i-1, i-1, i)
	}
	bomb.WriteString("job: {script: *a29, variables: {X: *a29}}\n")
	merge.WriteString("job: {<<: *m29, script: [x], variables: *m29}\n")
	ext.WriteString(".e0: {script: [x]}\njob: {extends: .e29}\n")
	for name, src := range map[string]string{"aliases": bomb.String(), "merge keys": merge.String(), "extends": ext.String()} {
		start := time.Now()
		parseFiles(t, map[string]string{".gitlab-ci.yml": src})
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: %v", name, d)
		}
	}
}
