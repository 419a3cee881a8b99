package engine

import (
	"fmt"

	"github.com/nhilint/nhilint/graph"
)

// Severity of a rule or finding, ordered low < medium < high < critical.
type Severity string

// Severities, lowest first.
const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

var severityRank = map[Severity]int{Low: 1, Medium: 2, High: 3, Critical: 4}

// ParseSeverity validates a severity name.
func ParseSeverity(s string) (Severity, error) {
	if _, ok := severityRank[Severity(s)]; !ok {
		return "", fmt.Errorf("unknown severity %q (want low, medium, high or critical)", s)
	}
	return Severity(s), nil
}

// Rank orders severities: 1 low … 4 critical, 0 for an unknown value.
func (s Severity) Rank() int { return severityRank[s] }

// AtLeast reports whether s is at or above min.
func (s Severity) AtLeast(min Severity) bool { return s.Rank() >= min.Rank() }

// SecurityScore is the CVSS-like score GitHub code scanning reads from
// SARIF's "security-severity" property to bucket alerts
// (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9).
func (s Severity) SecurityScore() string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	default:
		return "3.0"
	}
}

// Categories a rule may declare (ARCHITECTURE.md).
var Categories = []string{
	"static-credential", "missing-oidc", "wildcard-permission", "fork-secret-exposure",
	"injection", "unpinned-action", "secret-leak", "other",
}

// Rule is one loaded policy, described by its METADATA annotations.
type Rule struct {
	// ID is the stable kebab-case id users see, ignore and configure.
	ID string `json:"id"`
	// Path is the rule's package path below data.nhilint.rules: "github/injection".
	Path        string   `json:"path"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Category    string   `json:"category"`
	Severity    Severity `json:"severity"`
	Remediation string   `json:"remediation"`
	// RelatedResources are the documents the rule relies on (URLs).
	RelatedResources []string `json:"relatedResources,omitempty"`
	// File is the policy file the rule came from.
	File string `json:"file"`
	// Builtin is false for rules loaded with --policy.
	Builtin bool `json:"builtin"`
	// Examples, from custom.examples, are a file the rule flags and its
	// fixed version; nil when the METADATA has none.
	Examples *Examples `json:"examples,omitempty"`
}

// Examples show a rule at work: Bad is a file the rule flags and Good the
// same file fixed, which it does not. `nhilint explain` prints them and a
// test scans them, each written at File (a slash path relative to the scan
// root, like ".github/workflows/ci.yml", since the path decides the format).
type Examples struct {
	File string `json:"file"`
	Bad  string `json:"bad"`
	Good string `json:"good"`
	// Context holds the other files both examples are scanned with
	// (custom.examples.context: path → body), for rules that read
	// several documents (a workflow and the Terraform of its role).
	Context map[string]string `json:"context,omitempty"`
}

// Location is a resolved place in a scanned file.
type Location struct {
	File string    `json:"file"`
	Pos  graph.Pos `json:"pos"`
}

// Related is a secondary location of a finding.
type Related struct {
	Location
	Message string `json:"message,omitempty"`
}

// Finding is one rule violation with a resolved position. Secret values
// are masked before a Finding is built: no field ever holds one whole.
type Finding struct {
	RuleID   string   `json:"ruleId"`
	Category string   `json:"category"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Location
	// NodeID and Key are what the rule pointed at.
	NodeID string `json:"node"`
	Key    string `json:"key,omitempty"`
	// Related lists secondary locations (e.g. the secret a job uses).
	Related []Related `json:"related,omitempty"`
	// Flow is the ordered path of an attack, from where it starts to what
	// it reaches (SARIF codeFlows); empty for most rules.
	Flow []Related `json:"flow,omitempty"`
	// Fingerprint identifies the finding across unrelated edits: rule, file,
	// node anchor and key, never the line.
	Fingerprint string `json:"fingerprint"`
	// Snippet is the source line of the finding, secrets masked.
	Snippet string `json:"snippet,omitempty"`
	// Suppression is set on a finding that was found but silenced (an
	// inline ignore, a baseline); such findings are in Result.Suppressed.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Suppression kinds, as SARIF 2.1.0 §3.35.2 names them.
const (
	// SuppressInSource is an ignore comment in the scanned file.
	SuppressInSource = "inSource"
	// SuppressExternal is a baseline or configuration outside the file.
	SuppressExternal = "external"
)

// Suppression tells why a finding is not reported as active.
type Suppression struct {
	// Kind is SuppressInSource or SuppressExternal.
	Kind string `json:"kind"`
	// Justification is the reason the user wrote, or where the
	// suppression came from ("baseline .nhilint-baseline.json").
	Justification string `json:"justification,omitempty"`
	// Location is where an inSource suppression is written.
	Location *Location `json:"location,omitempty"`
}

// Result is the outcome of a scan.
type Result struct {
	// Rules is the catalog of every loaded rule, sorted by ID.
	Rules []*Rule
	// Findings are sorted by file, line, column and rule.
	Findings []Finding
	// Suppressed are the findings silenced by an inline ignore or a
	// baseline, in the same order, each with its Suppression. They never
	// count for --fail-on.
	Suppressed []Finding
	// Diagnostics are the inputs that could not be fully scanned.
	Diagnostics []graph.Diagnostic
	// Files is how many documents were scanned.
	Files int
}
