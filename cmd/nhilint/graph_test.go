package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestGraphPrintsPolicyInput(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/ci.yml":     cleanWorkflow,
		".github/workflows/broken.yml": "on: [push\n",
	})
	code, stdout, stderr := runCLI("graph", dir)
	if code != exitIncomplete {
		t.Errorf("exit %d, want %d (a file did not parse)", code, exitIncomplete)
	}
	if !strings.Contains(stderr, "broken.yml:") {
		t.Errorf("stderr does not name the broken file: %q", stderr)
	}
	var input struct {
		Files        []struct{ Path, Kind string }
		GHAWorkflows []struct {
			File string
			Jobs []struct {
				JobID string `json:"job_id"`
			}
		} `json:"gha_workflows"`
		GitLabPipelines []any `json:"gitlab_pipelines"`
	}
	if err := json.Unmarshal([]byte(stdout), &input); err != nil {
		t.Fatalf("graph output is not JSON: %v\n%s", err, stdout)
	}
	if len(input.GHAWorkflows) != 1 || len(input.GHAWorkflows[0].Jobs) != 1 || input.GHAWorkflows[0].Jobs[0].JobID != "test" {
		t.Errorf("gha_workflows = %+v, want the ci.yml workflow with job test", input.GHAWorkflows)
	}
	if input.GitLabPipelines == nil {
		t.Error("gitlab_pipelines missing: every input collection is present, even empty")
	}
}
