package report

import (
	"encoding/json"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// suppressedResult is goldenResult with its first finding silenced by an
// inline ignore and its second by a baseline outside the scan root.
func suppressedResult() *engine.Result {
	res := goldenResult()
	a, b := res.Findings[0], res.Findings[1]
	a.Suppression = &engine.Suppression{Kind: engine.SuppressInSource, Justification: "reviewed",
		Location: &engine.Location{File: a.File, Pos: graph.Pos{Line: a.Pos.Line, Col: 20}}}
	b.Suppression = &engine.Suppression{Kind: engine.SuppressExternal, Justification: "in baseline /tmp/base.json",
		Location: &engine.Location{File: "/tmp/base.json"}}
	res.Suppressed = []engine.Finding{a, b}
	res.Findings = res.Findings[2:]
	return res
}

func TestSARIFSuppressions(t *testing.T) {
	res := suppressedResult()
	out := render(t, FormatSARIF, res, goldenOptions())
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind          string `json:"kind"`
					Status        string `json:"status"`
					GUID          string `json:"guid"`
					Justification string `json:"justification"`
					Location      struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI       string `json:"uri"`
								URIBaseID string `json:"uriBaseId"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"location"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results) != len(res.Findings)+2 {
		t.Fatalf("%d results, want %d", len(results), len(res.Findings)+2)
	}
	for _, r := range results[:len(res.Findings)] {
		if r.Suppressions != nil {
			t.Errorf("active result %s has suppressions", r.RuleID)
		}
	}
	in, ext := results[len(res.Findings)].Suppressions, results[len(res.Findings)+1].Suppressions
	if len(in) != 1 || in[0].Kind != "inSource" || in[0].Status != "accepted" || in[0].Justification != "reviewed" ||
		in[0].Location.PhysicalLocation.ArtifactLocation.URIBaseID != SARIFSrcRoot || len(in[0].GUID) != 36 {
		t.Errorf("inSource suppression = %+v", in)
	}
	if len(ext) != 1 || ext[0].Kind != "external" || ext[0].Location.PhysicalLocation.ArtifactLocation.URI != "file:///tmp/base.json" {
		t.Errorf("external suppression = %+v", ext)
	}
	if string(render(t, FormatSARIF, res, goldenOptions())) != string(out) {
		t.Error("SARIF with suppressions is not deterministic")
	}
}

// TestSARIFSuppressionsValidator runs the SARIF Multitool on a log with
// suppressions (see TestSARIFValidator).
func TestSARIFSuppressionsValidator(t *testing.T) {
	validateRendered(t, "suppressed.sarif", render(t, FormatSARIF, suppressedResult(), goldenOptions()))
}
