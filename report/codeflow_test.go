package report

import (
	"encoding/json"
	"testing"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// flowResult is the golden result with an attack path on its second
// finding: a trigger, the untrusted step, the Terraform grant.
func flowResult() *engine.Result {
	res := goldenResult()
	res.Findings[1].Flow = []engine.Related{
		{Location: engine.Location{File: ".github/workflows/ci.yml", Pos: graph.Pos{Line: 3, Col: 3}}, Message: "an outsider fires pull_request_target"},
		{Location: engine.Location{File: ".github/workflows/ci.yml", Pos: graph.Pos{Line: 14, Col: 15}}, Message: "checks out the pull request head"},
		{Location: engine.Location{File: "infra/main.tf", Pos: graph.Pos{Line: 33, Col: 16}}, Message: "the role is granted AdministratorAccess"},
	}
	return res
}

// TestSARIFCodeFlow checks that a finding's flow is one codeFlow of one
// threadFlow whose locations keep the order, positions and messages.
func TestSARIFCodeFlow(t *testing.T) {
	var log struct {
		Runs []struct {
			Results []struct {
				CodeFlows []struct {
					ThreadFlows []struct {
						Locations []struct {
							ExecutionOrder int `json:"executionOrder"`
							Location       struct {
								Message          struct{ Text string } `json:"message"`
								PhysicalLocation struct {
									ArtifactLocation struct{ URI string } `json:"artifactLocation"`
									Region           struct{ StartLine, StartColumn int }
								} `json:"physicalLocation"`
							} `json:"location"`
						} `json:"locations"`
					} `json:"threadFlows"`
				} `json:"codeFlows"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, FormatSARIF, flowResult(), goldenOptions()), &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results[0].CodeFlows) != 0 {
		t.Errorf("a finding without flow got codeFlows")
	}
	flows := results[1].CodeFlows
	if len(flows) != 1 || len(flows[0].ThreadFlows) != 1 || len(flows[0].ThreadFlows[0].Locations) != 3 {
		t.Fatalf("codeFlows = %+v, want one thread of 3 locations", flows)
	}
	last := flows[0].ThreadFlows[0].Locations[2]
	if last.ExecutionOrder != 3 || last.Location.PhysicalLocation.ArtifactLocation.URI != "infra/main.tf" ||
		last.Location.PhysicalLocation.Region.StartLine != 33 || last.Location.PhysicalLocation.Region.StartColumn != 16 ||
		last.Location.Message.Text != "the role is granted AdministratorAccess" {
		t.Errorf("last flow location = %+v", last)
	}
}

// TestSARIFCodeFlowValidator runs the SARIF Multitool on a log with a
// code flow (NHILINT_SARIF_VALIDATOR=1, like TestSARIFValidator).
func TestSARIFCodeFlowValidator(t *testing.T) {
	validateRendered(t, "flow.sarif", render(t, FormatSARIF, flowResult(), goldenOptions()))
}
