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
	// Fingerprint identifies the finding across unrelated edits: rule, file,
	// node anchor and key, never the line.
	Fingerprint string `json:"fingerprint"`
	// Snippet is the source line of the finding, secrets masked.
	Snippet string `json:"snippet,omitempty"`
}

// Result is the outcome of a scan.
type Result struct {
	// Rules is the catalog of every loaded rule, sorted by ID.
	Rules []*Rule
	// Findings are sorted by file, line, column and rule.
	Findings []Finding
	// Diagnostics are the inputs that could not be fully scanned.
	Diagnostics []graph.Diagnostic
	// Files is how many documents were scanned.
	Files int
}
