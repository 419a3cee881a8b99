package report

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/nhilint/nhilint/engine"
)

// sarifLog is the part of a SARIF log the checks below read.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string       `json:"name"`
				Version         string       `json:"version"`
				SemanticVersion string       `json:"semanticVersion"`
				InformationURI  string       `json:"informationUri"`
				Rules           []sarifRuleT `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID              string `json:"ruleId"`
			RuleIndex           *int   `json:"ruleIndex"`
			Level               string `json:"level"`
			Message             struct{ Text string }
			Locations           []sarifLocationT  `json:"locations"`
			RelatedLocations    []sarifLocationT  `json:"relatedLocations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
		Invocations []struct {
			ExecutionSuccessful *bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level     string `json:"level"`
				Message   struct{ Text string }
				Locations []sarifLocationT `json:"locations"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifRuleT struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	ShortDescription *struct{ Text string }
	FullDescription  *struct{ Text string }
	HelpURI          string `json:"helpUri"`
	Help             *struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	} `json:"help"`
	DefaultConfiguration *struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties map[string]any `json:"properties"`
}

type sarifLocationT struct {
	ID               *int `json:"id"`
	Message          *struct{ Text string }
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
			EndLine     int `json:"endLine"`
			EndColumn   int `json:"endColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
}

func decodeGoldenSARIF(t *testing.T) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(render(t, FormatSARIF, goldenResult(), goldenOptions()), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("want one SARIF 2.1.0 run, got version %q, %d runs", log.Version, len(log.Runs))
	}
	return log
}

// TestSARIFRules checks what GitHub code scanning needs of every rule:
// all loaded rules are listed, each with help and a security-severity.
func TestSARIFRules(t *testing.T) {
	log := decodeGoldenSARIF(t)
	res := goldenResult()
	d := log.Runs[0].Tool.Driver
	if d.Name != "nhilint" || d.Version != "1.4.0" || d.SemanticVersion != "1.4.0" || d.InformationURI != SARIFInformationURI {
		t.Errorf("driver = %+v", d)
	}
	if len(d.Rules) != len(res.Rules) {
		t.Fatalf("%d rules in SARIF, %d loaded", len(d.Rules), len(res.Rules))
	}
	for i, r := range d.Rules {
		want := res.Rules[i]
		if r.ID != want.ID || r.Name == "" || strings.Contains(r.Name, "-") {
			t.Errorf("rule %d: id %q name %q", i, r.ID, r.Name)
		}
		if r.ShortDescription == nil || r.ShortDescription.Text != want.Title || r.FullDescription == nil || r.FullDescription.Text != want.Description {
			t.Errorf("%s: descriptions %+v %+v", r.ID, r.ShortDescription, r.FullDescription)
		}
		if r.Help == nil || !strings.Contains(r.Help.Text, want.Remediation) || !strings.Contains(r.Help.Markdown, want.Remediation) {
			t.Errorf("%s: help %+v lacks the remediation", r.ID, r.Help)
		}
		if r.HelpURI != SARIFRulesDocURI+"#"+want.ID {
			t.Errorf("%s: helpUri %q", r.ID, r.HelpURI)
		}
		if r.DefaultConfiguration == nil || r.DefaultConfiguration.Level != sarifLevel(want.Severity) {
			t.Errorf("%s: defaultConfiguration %+v", r.ID, r.DefaultConfiguration)
		}
		if got := r.Properties["security-severity"]; got != want.Severity.SecurityScore() {
			t.Errorf("%s: security-severity %v, want %s", r.ID, got, want.Severity.SecurityScore())
		}
		tags, _ := r.Properties["tags"].([]any)
		if len(tags) != 2 || tags[0] != want.Category || tags[1] != "security" {
			t.Errorf("%s: tags %v", r.ID, tags)
		}
	}
}

// TestSARIFResults checks positions, uris, levels and fingerprints.
func TestSARIFResults(t *testing.T) {
	log := decodeGoldenSARIF(t)
	run := log.Runs[0]
	res := goldenResult()
	if base := run.OriginalURIBaseIDs[SARIFSrcRoot].URI; base != "file://"+goldenRoot+"/" {
		t.Errorf("%%SRCROOT%% = %q", base)
	}
	if len(run.Results) != len(res.Findings) {
		t.Fatalf("%d results, %d findings", len(run.Results), len(res.Findings))
	}
	for i, r := range run.Results {
		f := res.Findings[i]
		if r.RuleIndex == nil || run.Tool.Driver.Rules[*r.RuleIndex].ID != f.RuleID || r.RuleID != f.RuleID {
			t.Errorf("result %d: ruleId %q index %v", i, r.RuleID, r.RuleIndex)
		}
		if r.Message.Text != f.Message || r.Level != sarifLevel(f.Severity) {
			t.Errorf("result %d: message %q level %q", i, r.Message.Text, r.Level)
		}
		if r.PartialFingerprints[SARIFFingerprintKey] != f.Fingerprint {
			t.Errorf("result %d: partialFingerprints %v", i, r.PartialFingerprints)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(r.Locations))
		}
		checkLocation(t, r.Locations[0])
		for j, rel := range r.RelatedLocations {
			checkLocation(t, rel)
			if rel.ID == nil || *rel.ID != j+1 {
				t.Errorf("result %d related %d: id %v", i, j, rel.ID)
			}
		}
	}
	if n := len(run.Results[1].RelatedLocations); n != 3 {
		t.Errorf("related locations: %d, want 3", n)
	}
	if reg := run.Results[2].Locations[0].PhysicalLocation.Region; reg.EndLine != 0 || reg.EndColumn != 0 {
		t.Errorf("a finding without an end position got one: %+v", reg)
	}
	if uri := run.Results[3].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "dir%20with%20space/wf.yml" {
		t.Errorf("uri not percent-encoded: %q", uri)
	}
}

func checkLocation(t *testing.T, loc sarifLocationT) {
	t.Helper()
	art := loc.PhysicalLocation.ArtifactLocation
	u, err := url.Parse(art.URI)
	if err != nil || u.IsAbs() || strings.HasPrefix(art.URI, "/") || art.URIBaseID != SARIFSrcRoot {
		t.Errorf("artifact location %+v is not relative to %%SRCROOT%%", art)
	}
	reg := loc.PhysicalLocation.Region
	if reg == nil || reg.StartLine < 1 || reg.StartColumn < 1 {
		t.Errorf("%s: region %+v lacks startLine/startColumn >= 1", art.URI, reg)
	}
}

// TestSARIFNotifications checks the diagnostics and executionSuccessful.
func TestSARIFNotifications(t *testing.T) {
	inv := decodeGoldenSARIF(t).Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful == nil || !*inv[0].ExecutionSuccessful {
		t.Fatalf("invocations = %+v", inv)
	}
	diags := goldenResult().Diagnostics
	ns := inv[0].Notifications
	if len(ns) != len(diags) {
		t.Fatalf("%d notifications, %d diagnostics", len(ns), len(diags))
	}
	for i, n := range ns {
		d := diags[i]
		if n.Level != string(d.Severity) || n.Message.Text != d.Message+" ["+d.Code+"]" {
			t.Errorf("notification %d: %+v", i, n)
		}
		if len(n.Locations) != 1 || n.Locations[0].PhysicalLocation.ArtifactLocation.URI != d.File {
			t.Errorf("notification %d: locations %+v", i, n.Locations)
		}
		if reg := n.Locations[0].PhysicalLocation.Region; (reg != nil) != d.Pos.Valid() {
			t.Errorf("notification %d: region %+v for pos %+v", i, reg, d.Pos)
		}
	}
}

func TestDriverVersion(t *testing.T) {
	for v, want := range map[string][2]string{ // version, semanticVersion
		"1.4.0":                   {"1.4.0", "1.4.0"},
		"v0.3.1":                  {"0.3.1", "0.3.1"},
		"v1.2.3-4-gabcdef0-dirty": {"1.2.3-4-gabcdef0-dirty", "1.2.3-4-gabcdef0-dirty"},
		"dev":                     {"0.0.0-dev", "0.0.0-dev"},
		"4df9058":                 {"4df9058", ""},
		"abc1234-dirty":           {"0.0.0-abc1234-dirty", "0.0.0-abc1234-dirty"},
		"v1.2":                    {"1.2", ""},
		"01.2.3":                  {"01.2.3", ""},
		"(devel)":                 {"0.0.0-(devel)", ""},
	} {
		d := sarifDriver(v)
		got := [2]string{*d.Version, ""}
		if d.SemanticVersion != nil {
			got[1] = *d.SemanticVersion
		}
		if got != want {
			t.Errorf("driver(%q): version, semanticVersion = %q, want %q", v, got, want)
		}
	}
}

func TestURIs(t *testing.T) {
	for in, want := range map[string]string{
		".github/workflows/ci.yml": ".github/workflows/ci.yml",
		"a b/c#d.yml":              "a%20b/c%23d.yml",
		"a:b/c.yml":                "./a:b/c.yml",
		"100%.yml":                 "100%25.yml",
	} {
		if got := relativeURI(in); got != want {
			t.Errorf("relativeURI(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"/src/repo":    "file:///src/repo/",
		"/src/repo/":   "file:///src/repo/",
		"/src/my repo": "file:///src/my%20repo/",
		"/":            "file:///",
	} {
		if got := rootURI(in); got != want {
			t.Errorf("rootURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRuleName(t *testing.T) {
	for id, want := range map[string]string{
		"gha-prt-checkout-head": "GhaPrtCheckoutHead",
		"tf-iam-wildcard-2":     "TfIamWildcard2",
		"x":                     "X",
	} {
		if got := ruleName(&engine.Rule{ID: id}); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", id, got, want)
		}
	}
}
