package suppress

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// testRules are the rules the tests know: "off" exists but is disabled.
var testRules = Rules{"gha-a": true, "gha-b": true, "tf-c": true, "off": false}

func finding(file, rule string, line, col int) engine.Finding {
	return engine.Finding{RuleID: rule, Location: engine.Location{File: file, Pos: graph.Pos{Line: line, Col: col}}}
}

func graphOf(t *testing.T, files map[string]string) *graph.Graph {
	t.Helper()
	var docs []*graph.Document
	for name, src := range files {
		docs = append(docs, &graph.Document{File: name, Source: []byte(src)})
	}
	g, err := graph.New(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// brief is a finding or diagnostic as "file:line:col rule-or-code".
func briefFindings(fs []engine.Finding) []string {
	var out []string
	for _, f := range fs {
		s := f.File + ":" + f.Pos.String() + " " + f.RuleID
		if f.Suppression != nil {
			s += " [" + f.Suppression.Kind + ": " + f.Suppression.Justification + "]"
		}
		out = append(out, s)
	}
	return out
}

func briefDiags(ds []graph.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.File+":"+d.Pos.String()+" "+d.Code)
	}
	return out
}

func TestInline(t *testing.T) {
	tests := []struct {
		name           string
		file, src      string
		findings       []engine.Finding
		wantFindings   []string
		wantSuppressed []string
		wantDiags      []string
	}{
		{
			name: "yaml same line",
			file: "w.yml",
			src:  "steps:\n  - uses: a/b@v1 # nhilint:ignore gha-a vendored, pinned by Renovate\n",
			findings: []engine.Finding{
				finding("w.yml", "gha-a", 2, 11),
				finding("w.yml", "gha-b", 2, 11),
			},
			wantFindings:   []string{"w.yml:2:11 gha-b"},
			wantSuppressed: []string{"w.yml:2:11 gha-a [inSource: vendored, pinned by Renovate]"},
		},
		{
			name: "yaml line above, several ids, stacked",
			file: "w.yml",
			src:  "steps:\n  # nhilint:ignore gha-a,gha-b reviewed\n  # nhilint:ignore tf-c other\n  - uses: a/b@v1\n",
			findings: []engine.Finding{
				finding("w.yml", "gha-a", 4, 11),
				finding("w.yml", "gha-b", 4, 5),
				finding("w.yml", "tf-c", 4, 5),
			},
			wantSuppressed: []string{
				"w.yml:4:11 gha-a [inSource: reviewed]",
				"w.yml:4:5 gha-b [inSource: reviewed]",
				"w.yml:4:5 tf-c [inSource: other]",
			},
		},
		{
			name:         "yaml two lines above does not count",
			file:         "w.yml",
			src:          "# nhilint:ignore gha-a reason\nx: 1\ny: 2\n",
			findings:     []engine.Finding{finding("w.yml", "gha-a", 3, 1)},
			wantFindings: []string{"w.yml:3:1 gha-a"},
			wantDiags:    []string{"w.yml:1:1 ignore-unused"},
		},
		{
			name:         "yaml trailing comment does not cover the next line",
			file:         "w.yml",
			src:          "x: 1 # nhilint:ignore gha-a reason\ny: 2\n",
			findings:     []engine.Finding{finding("w.yml", "gha-a", 2, 1)},
			wantFindings: []string{"w.yml:2:1 gha-a"},
			wantDiags:    []string{"w.yml:1:6 ignore-unused"},
		},
		{
			name: "yaml marker inside a block scalar or a string is no comment",
			file: "w.yml",
			src: "steps:\n  - run: |\n      # nhilint:ignore gha-a script comment\n      echo $X\n" +
				"  - run: \"echo # nhilint:ignore gha-b quoted\"\n",
			findings: []engine.Finding{
				finding("w.yml", "gha-a", 4, 12),
				finding("w.yml", "gha-b", 5, 12),
			},
			wantFindings: []string{"w.yml:4:12 gha-a", "w.yml:5:12 gha-b"},
		},
		{
			name: "yaml marker line inside a multi-line quoted string is no comment",
			file: "w.yml",
			src: "a: \"x\n  # nhilint:ignore gha-a quoted\n  y\"\n# nhilint:ignore gha-a quoted\nb: 1\n" +
				"c: 'it''s\n  # nhilint:ignore gha-b single\n  z' # nhilint:ignore gha-b single\n",
			findings: []engine.Finding{
				finding("w.yml", "gha-a", 3, 1),
				finding("w.yml", "gha-a", 5, 1),
				finding("w.yml", "gha-b", 7, 1),
				finding("w.yml", "gha-b", 8, 1),
			},
			wantFindings: []string{"w.yml:3:1 gha-a", "w.yml:7:1 gha-b"},
			wantSuppressed: []string{
				"w.yml:5:1 gha-a [inSource: quoted]",
				"w.yml:8:1 gha-b [inSource: single]",
			},
		},
		{
			name:      "yaml comment after a block scalar counts",
			file:      "w.yml",
			src:       "a: |\n  text\n# nhilint:ignore gha-a reason\nb: 1\n",
			findings:  []engine.Finding{finding("w.yml", "gha-a", 4, 1)},
			wantDiags: nil, wantSuppressed: []string{"w.yml:4:1 gha-a [inSource: reason]"},
		},
		{
			name:         "missing reason, unknown id, empty id",
			file:         "w.yml",
			src:          "a: 1 # nhilint:ignore gha-a\nb: 1 # nhilint:ignore nope reason\nc: 1 # nhilint:ignore gha-a,,gha-b r\nd: 1 # nhilint:ignore\n",
			findings:     []engine.Finding{finding("w.yml", "gha-a", 1, 1), finding("w.yml", "gha-a", 2, 1)},
			wantFindings: []string{"w.yml:1:1 gha-a", "w.yml:2:1 gha-a"},
			wantDiags:    []string{"w.yml:1:6 ignore-invalid", "w.yml:2:6 ignore-invalid", "w.yml:3:6 ignore-invalid", "w.yml:4:6 ignore-invalid"},
		},
		{
			name:         "not a directive: other words first or after the marker",
			file:         "w.yml",
			src:          "a: 1 # see nhilint:ignore gha-a docs\nb: 1 # nhilint:ignored gha-a\n",
			findings:     []engine.Finding{finding("w.yml", "gha-a", 1, 1)},
			wantFindings: []string{"w.yml:1:1 gha-a"},
		},
		{
			name:     "disabled rule: not stale",
			file:     "w.yml",
			src:      "a: 1 # nhilint:ignore off reason\n",
			findings: nil,
		},
		{
			name: "hcl hash, slashes and block comments; heredoc is no comment",
			file: "main.tf",
			src: "resource \"x\" \"y\" {\n  a = 1 # nhilint:ignore tf-c legacy\n  // nhilint:ignore gha-a reason two\n  b = 2\n" +
				"  /* nhilint:ignore gha-b block */ c = 3\n  d = <<EOT\n# nhilint:ignore tf-c in heredoc\nEOT\n}\n",
			findings: []engine.Finding{
				finding("main.tf", "tf-c", 2, 3),
				finding("main.tf", "gha-a", 4, 3),
				finding("main.tf", "gha-b", 5, 36),
				finding("main.tf", "tf-c", 7, 1),
			},
			wantFindings: []string{"main.tf:7:1 tf-c"},
			wantSuppressed: []string{
				"main.tf:2:3 tf-c [inSource: legacy]",
				"main.tf:4:3 gha-a [inSource: reason two]",
				"main.tf:5:36 gha-b [inSource: block]",
			},
		},
		{
			name:         "json has no comments",
			file:         "policy.json",
			src:          "{\"a\": \"# nhilint:ignore gha-a reason\"}\n",
			findings:     []engine.Finding{finding("policy.json", "gha-a", 1, 2)},
			wantFindings: []string{"policy.json:1:2 gha-a"},
		},
		{
			name:           "other text files: comment openers",
			file:           ".env",
			src:            "TOKEN=abc # nhilint:ignore gha-a test token\n",
			findings:       []engine.Finding{finding(".env", "gha-a", 1, 7)},
			wantSuppressed: []string{".env:1:7 gha-a [inSource: test token]"},
		},
		{
			name:         "unicode column",
			file:         "w.yml",
			src:          "é: ü # nhilint:ignore nope reason\n",
			wantDiags:    []string{"w.yml:1:6 ignore-invalid"},
			wantFindings: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := graphOf(t, map[string]string{tt.file: tt.src})
			out := Inline(g, tt.findings, testRules)
			check(t, "findings", briefFindings(out.Findings), tt.wantFindings)
			check(t, "suppressed", briefFindings(out.Suppressed), tt.wantSuppressed)
			check(t, "diagnostics", briefDiags(out.Diagnostics), tt.wantDiags)
		})
	}
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func TestInlineIncompleteFileNotStale(t *testing.T) {
	src := "a: 1 # nhilint:ignore gha-a reason\nb: [\n"
	diag := graph.Diagnostic{File: "w.yml", Pos: graph.Pos{Line: 2, Col: 4}, Severity: graph.SevError, Code: "parse-error", Message: "x"}
	g, err := graph.New([]*graph.Document{{File: "w.yml", Source: []byte(src)}}, []graph.Diagnostic{diag})
	if err != nil {
		t.Fatal(err)
	}
	if out := Inline(g, nil, testRules); len(out.Diagnostics) != 0 {
		t.Errorf("ignore in a file that could not be parsed reported: %v", out.Diagnostics)
	}
}

func TestInlineDiagnosticMessages(t *testing.T) {
	g := graphOf(t, map[string]string{"w.yml": "a: 1 # nhilint:ignore gha-a\nb: 1 # nhilint:ignore gha-b why\n"})
	out := Inline(g, nil, testRules)
	if len(out.Diagnostics) != 2 {
		t.Fatalf("got %v", out.Diagnostics)
	}
	for i, want := range []string{"needs a reason", "matches no finding on line 2"} {
		d := out.Diagnostics[i]
		if !strings.Contains(d.Message, want) || d.Severity != graph.SevWarning {
			t.Errorf("diagnostic %d = %+v, want a warning containing %q", i, d, want)
		}
	}
}
