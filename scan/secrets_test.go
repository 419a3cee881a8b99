package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
	"github.com/nhilint/nhilint/secrets"
)

// Fake token, split so that secret scanners reading this file stay quiet.
var fakeToken = "ghp_" + "Q8w2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc2Vb"

// secretsTree writes a repository with a token in a workflow, in a
// settings file no parser reads, in a binary file, in a file over the
// size limit, under node_modules and behind a symbolic link.
func secretsTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		".github/workflows/ci.yml":  "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi # " + fakeToken + "\n",
		"config/settings.py":        "# settings\nGITHUB_TOKEN = \"" + fakeToken + "\"\n",
		"assets/logo.bin":           "\x00\x01token: " + fakeToken + "\n",
		"data/huge.txt":             strings.Repeat("x", 300) + "\ntoken: " + fakeToken + "\n",
		"node_modules/pkg/index.js": "const t = \"" + fakeToken + "\"\n",
		"docs/notes.md":             "nothing here\n",
		".git/config":               "token = " + fakeToken + "\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "config/settings.py"), filepath.Join(dir, "linked.py")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// secretLocations lists where the graph's secret matches are, as
// "file:line:col rule".
func secretLocations(g *graph.Graph) []string {
	var out []string
	for _, d := range g.Documents {
		for _, n := range d.Nodes {
			if n.Kind == secrets.MatchKind {
				out = append(out, fmt.Sprintf("%s:%s %v", n.File, n.Pos, n.Attrs["rule"]))
			}
		}
	}
	return out
}

func TestSecretsModes(t *testing.T) {
	dir := secretsTree(t)
	tests := []struct {
		mode      string
		want      []string
		wantDiags []string // file: code
	}{
		{"", []string{".github/workflows/ci.yml:6:24 github-pat"}, nil},
		{SecretsRead, []string{".github/workflows/ci.yml:6:24 github-pat"}, nil},
		{SecretsOff, nil, nil},
		{SecretsAll, []string{".github/workflows/ci.yml:6:24 github-pat", "config/settings.py:2:17 github-pat"},
			[]string{"data/huge.txt: file-too-large"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			s := New(nil, Options{Secrets: tt.mode, MaxFileSize: 256})
			g, _, err := s.Load(context.Background(), dir, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if got := secretLocations(g); !slices.Equal(got, tt.want) {
				t.Errorf("secrets: got %v, want %v", got, tt.want)
			}
			var diags []string
			for _, d := range g.Diagnostics {
				if d.Code != "symlink" {
					diags = append(diags, d.File+": "+d.Code)
				}
			}
			if !slices.Equal(diags, tt.wantDiags) {
				t.Errorf("diagnostics: got %v, want %v", diags, tt.wantDiags)
			}
		})
	}
}

// TestSecretsAllNamedFile: with SecretsAll a file named on the command
// line is searched even when no parser reads it.
func TestSecretsAllNamedFile(t *testing.T) {
	dir := secretsTree(t)
	named := filepath.Join(dir, "config/settings.py")
	for mode, want := range map[string][]string{
		SecretsAll:  {"config/settings.py:2:17 github-pat"},
		SecretsRead: nil,
	} {
		g, _, err := New(nil, Options{Secrets: mode}).Load(context.Background(), dir, []string{named})
		if err != nil {
			t.Fatal(err)
		}
		if got := secretLocations(g); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", mode, got, want)
		}
	}
}
