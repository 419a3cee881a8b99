package engine

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/graph"
)

const (
	wfID   = "ci.yml"
	jobID  = "ci.yml#jobs.build"
	stepID = "ci.yml#jobs.build.steps[0]"
	awsKey = "AKIAQ3EGRSZW7MNT4XLP"
)

func TestEvalResolvesNodeKeyAndRelated(t *testing.T) {
	e := echoEngine(t)
	other := testWorkflow("other.yml", 0)
	g := newGraph(t, testWorkflow(wfID, 0,
		want(jobID, "runs-on", "job runs on a shared runner", "related", []any{
			map[string]any{"node": "other.yml#jobs.build.steps[0]", "key": "with.token", "msg": "used here"},
			map[string]any{"node": "other.yml"},
		}),
		want(wfID, "", "the workflow itself"),
	), other)
	got, diags := echoFindings(t, e, g)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	wantFindings := []Finding{{
		RuleID: "test-echo", Category: "other", Severity: High, Title: "Echo",
		Message:     "the workflow itself",
		Location:    Location{File: wfID, Pos: graph.Pos{Line: 1, Col: 1}},
		NodeID:      wfID,
		Fingerprint: fingerprint("test-echo", wfID, wfID, ""),
		Snippet:     "name: CI",
	}, {
		RuleID: "test-echo", Category: "other", Severity: High, Title: "Echo",
		Message:  "job runs on a shared runner",
		Location: Location{File: wfID, Pos: graph.Pos{Line: 5, Col: 5}},
		NodeID:   jobID, Key: "runs-on",
		Related: []Related{
			{Location: Location{File: "other.yml", Pos: graph.Pos{Line: 9, Col: 11}}, Message: "used here"},
			{Location: Location{File: "other.yml", Pos: graph.Pos{Line: 1, Col: 1}}},
		},
		Fingerprint: fingerprint("test-echo", wfID, jobID, "runs-on"),
		Snippet:     "    runs-on: ubuntu-latest",
	}}
	if !reflect.DeepEqual(got, wantFindings) {
		t.Errorf("findings:\n got %+v\nwant %+v", got, wantFindings)
	}
}

func TestEvalUnresolvableIsRuleError(t *testing.T) {
	tests := []struct {
		name     string
		finding  map[string]any
		kept     bool     // the finding survives (only a related location was bad)
		diagFile string   // file the diagnostic names
		mentions []string // the diagnostic names these
	}{
		{"unknown node", want("nope.yml#jobs.x", "", "m"), false, "", []string{"test-echo", `"nope.yml#jobs.x"`}},
		{"unknown key", want(jobID, "with.nope", "m"), false, wfID, []string{"test-echo", `"with.nope"`, jobID}},
		{"key without position", want(jobID, "broken", "m"), false, wfID, []string{"test-echo", `"broken"`, "no position"}},
		{"no msg", map[string]any{"node": jobID}, false, "", []string{"test-echo", "msg is missing"}},
		{"node not a string", map[string]any{"node": 3, "msg": "m"}, false, "", []string{"test-echo", "node is a number"}},
		{"related not an array", want(jobID, "", "m", "related", "x"), false, "", []string{"test-echo", "related is a string"}},
		{"unknown related node", want(jobID, "", "m", "related", []any{map[string]any{"node": "gone"}}), true, "", []string{"test-echo", `"gone"`}},
	}
	e := echoEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := echoFindings(t, e, newGraph(t, testWorkflow(wfID, 0, tt.finding)))
			if (len(got) == 1) != tt.kept {
				t.Errorf("got %d findings, want kept=%v", len(got), tt.kept)
			}
			if len(diags) != 1 {
				t.Fatalf("want 1 diagnostic, got %v", diags)
			}
			d := diags[0]
			if d.Code != RuleErrorCode || d.Severity != graph.SevError || d.File != tt.diagFile || d.Pos.Valid() {
				t.Errorf("diagnostic %+v: want an error %q on file %q without position", d, RuleErrorCode, tt.diagFile)
			}
			for _, m := range tt.mentions {
				if !strings.Contains(d.Message, m) {
					t.Errorf("diagnostic %q does not mention %s", d.Message, m)
				}
			}
		})
	}
}

func TestEvalMasksSecrets(t *testing.T) {
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"
	e := echoEngine(t)
	doc := testWorkflow(wfID, 0,
		want(stepID, "with.token", "key "+awsKey+" in with.token", "secret", awsKey, "related", []any{
			map[string]any{"node": jobID, "key": "runs-on", "msg": "job of " + awsKey},
		}),
		// Another finding, no secret of its own: still masked.
		want(jobID, "", "see "+awsKey),
		want(wfID, "", "pw hunter2", "secret", "hunter2"),
		want(wfID, "name", "a key block", "secret", pem),
	)
	doc.Source = append(doc.Source, []byte("# MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n")...)
	doc.Nodes[0].KeyPos["name"] = graph.Pos{Line: 10, Col: 3}
	got, diags := echoFindings(t, e, newGraph(t, doc))
	if len(got) != 4 || len(diags) != 0 {
		t.Fatalf("got %d findings, diagnostics %v", len(got), diags)
	}
	out, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{awsKey, "hunter2", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"} {
		if strings.Contains(string(out), secret) {
			t.Errorf("a finding holds the secret %q:\n%s", secret, out)
		}
	}
	byMsg := map[string]Finding{}
	for _, f := range got {
		byMsg[f.Message] = f
	}
	f, ok := byMsg["key AKIA…4XLP in with.token"]
	if !ok {
		t.Fatalf("masked message not found in %v", got)
	}
	if f.Snippet != "          token: AKIA…4XLP" || f.Related[0].Message != "job of AKIA…4XLP" {
		t.Errorf("snippet %q, related %q: want the key masked", f.Snippet, f.Related[0].Message)
	}
	for _, m := range []string{"see AKIA…4XLP", "pw ****"} {
		if _, ok := byMsg[m]; !ok {
			t.Errorf("no finding with message %q in %v", m, got)
		}
	}
	if s := byMsg["a key block"].Snippet; s != "# MIIE…AASC" {
		t.Errorf("snippet of a line of a multi-line secret: %q", s)
	}
}

func TestMaskMatchesRegoLib(t *testing.T) {
	// Same cases as policies/lib/result_test.rego, plus multi-byte text.
	for in, want := range map[string]string{
		"AKIAIOSFODNN7EXAMPLE": "AKIA…MPLE",
		"hunter2":              "****",
		"":                     "****",
		"ééééabcdefghijklàààà": "éééé…àààà",
		"exactly16chars!!":     "exac…rs!!",
		"fifteen chars!!":      "****",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFingerprintStableWhenLinesMove(t *testing.T) {
	e := echoEngine(t)
	asks := []map[string]any{want(stepID, "with.token", "m"), want(jobID, "runs-on", "m")}
	before, _ := echoFindings(t, e, newGraph(t, testWorkflow(wfID, 0, asks...)))
	after, _ := echoFindings(t, e, newGraph(t, testWorkflow(wfID, 7, asks...)))
	if len(before) != 2 || len(after) != 2 {
		t.Fatalf("findings: %v / %v", before, after)
	}
	for i := range before {
		if before[i].Pos.Line == after[i].Pos.Line {
			t.Fatalf("lines did not move: %v", after[i].Pos)
		}
		if before[i].Fingerprint != after[i].Fingerprint {
			t.Errorf("%s: fingerprint changed when lines moved", before[i].NodeID)
		}
	}
	if before[0].Fingerprint == before[1].Fingerprint {
		t.Error("two findings on different nodes share a fingerprint")
	}
	// The step's anchor, not its index-based ID, names it.
	if got, want := before[1].Fingerprint, fingerprint("test-echo", wfID, wfID+"#jobs.build.steps[octo/deploy]", "with.token"); got != want {
		t.Errorf("step fingerprint %s, want one from its anchor %s", got, want)
	}
	if fingerprint("r", "f", "a", "bc") == fingerprint("r", "f", "ab", "c") {
		t.Error("fingerprint fields are not separated")
	}
}

func TestEvalSortsAndDedupes(t *testing.T) {
	e := echoEngine(t)
	got, _ := echoFindings(t, e, newGraph(t,
		testWorkflow("b.yml", 0,
			want("b.yml#jobs.build", "runs-on", "z"),
			want("b.yml#jobs.build", "runs-on", "a"),
			want("b.yml", "", "first line"),
			// Distinct to Rego, identical once built: one survives.
			want("b.yml", "", "dup", "related", []any{}),
			want("b.yml", "", "dup"),
		),
		testWorkflow("a.yml", 0, want("a.yml#jobs.build.steps[0]", "with.token", "in a")),
	))
	var order []string
	for _, f := range got {
		order = append(order, f.File+":"+f.Pos.String()+" "+f.Message)
	}
	wantOrder := []string{"a.yml:9:11 in a", "b.yml:1:1 dup", "b.yml:1:1 first line", "b.yml:5:5 a", "b.yml:5:5 z"}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("order:\n got %q\nwant %q", order, wantOrder)
	}
}

func TestSortFindingsOrder(t *testing.T) {
	at := func(file string, line, col int, rule, msg string) Finding {
		return Finding{RuleID: rule, Message: msg, Location: Location{File: file, Pos: graph.Pos{Line: line, Col: col}}}
	}
	in := []Finding{
		at("b", 1, 1, "r1", "m"), at("a", 2, 1, "r1", "m"), at("a", 1, 5, "r1", "m"),
		at("a", 1, 1, "r2", "m"), at("a", 1, 1, "r1", "n"), at("a", 1, 1, "r1", "m"), at("a", 1, 1, "r1", "m"),
	}
	want := []Finding{
		at("a", 1, 1, "r1", "m"), at("a", 1, 1, "r1", "n"), at("a", 1, 1, "r2", "m"),
		at("a", 1, 5, "r1", "m"), at("a", 2, 1, "r1", "m"), at("b", 1, 1, "r1", "m"),
	}
	if got := SortFindings(in); !reflect.DeepEqual(got, want) {
		t.Errorf("SortFindings:\n got %v\nwant %v", got, want)
	}
}

func TestEvalNoRuleErrorsOnEmptyGraph(t *testing.T) {
	e := echoEngine(t)
	fs, diags, err := e.Eval(t.Context(), newGraph(t))
	if err != nil || len(fs) != 0 || len(diags) != 0 {
		t.Errorf("empty graph: findings %v, diagnostics %v, err %v", fs, diags, err)
	}
}

// TestEvalPointsAtSecret: a finding about a secret is placed on the secret
// itself, searched forward from the key the rule named; a secret not written
// verbatim after it leaves the key's position.
func TestEvalPointsAtSecret(t *testing.T) {
	const key = "AKIAQ3EGRSZW7MNT4XLP"
	tests := []struct {
		name   string
		node   string
		secret string
		want   graph.Pos
	}{
		{"from the root, several lines above", ".github/workflows/ci.yml", key, graph.Pos{Line: 9, Col: 18}},
		{"from the key on the same line", ".github/workflows/ci.yml#jobs.build.steps[0]", key, graph.Pos{Line: 9, Col: 18}},
		{"not written verbatim", ".github/workflows/ci.yml", "escaped-in-source-0123", graph.Pos{Line: 1, Col: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := ""
			if strings.Contains(tt.node, "#") {
				k = "with.token"
			}
			doc := testWorkflow(".github/workflows/ci.yml", 0, want(tt.node, k, "a key", "secret", tt.secret))
			fs, diags := echoFindings(t, echoEngine(t), newGraph(t, doc))
			if len(fs) != 1 || len(diags) != 0 {
				t.Fatalf("findings %v, diagnostics %v", fs, diags)
			}
			if fs[0].Pos != tt.want {
				t.Errorf("position %v, want %v", fs[0].Pos, tt.want)
			}
		})
	}
}

// TestEvalSameForAnyWorkers: the rules run in parallel, yet the findings
// do not depend on how many run at once.
func TestEvalSameForAnyWorkers(t *testing.T) {
	dir := writePolicies(t, map[string]string{"echo.rego": echoRule})
	docs := []*graph.Document{
		testWorkflow("b.yml", 0, want("b.yml#jobs.build", "runs-on", "b"), want("b.yml", "", "first")),
		testWorkflow("a.yml", 2, want("a.yml#jobs.build.steps[0]", "with.token", "in a")),
	}
	var runs [][]Finding
	for _, workers := range []int{1, 2, 8} {
		e, err := New(t.Context(), Options{PolicyDirs: []string{dir}, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		fs, _, err := e.Eval(t.Context(), newGraph(t, docs...))
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) < 3 {
			t.Fatalf("workers %d: %d findings, want at least the 3 echoed", workers, len(fs))
		}
		runs = append(runs, fs)
	}
	for i := 1; i < len(runs); i++ {
		if !reflect.DeepEqual(runs[0], runs[i]) {
			t.Errorf("findings differ between worker counts:\n%v\n%v", runs[0], runs[i])
		}
	}
}
