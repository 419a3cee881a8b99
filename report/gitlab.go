package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// gitlabIssue is one entry of a GitLab code quality report, the subset of
// the Code Climate spec GitLab reads; every field is required:
//
//	[{"description": "...", "check_name": "gha-unpinned-action",
//	  "fingerprint": "0d9e8f7a6b5c4d3e", "severity": "critical",
//	  "location": {"path": "ci/build.yml", "lines": {"begin": 7}}}]
//
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
// GitLab shows one issue per fingerprint, so fingerprints are made unique.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	// Path is relative to the scan root, which must be the repository
	// root for GitLab to place the issue on the merge request diff.
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// writeGitLab renders a GitLab code quality report (a JSON array) for
// `artifacts: reports: codequality:`. Findings come first, with the rule id
// as check_name and the finding's fingerprint, which survives edits that
// move lines; then each diagnostic (a file that could not be fully
// scanned) as check_name "nhilint/<code>", so a broken file shows in the
// merge request widget instead of passing silently. A diagnostic without
// a position is placed on line 1.
func writeGitLab(w io.Writer, res *engine.Result) error {
	issues := make([]gitlabIssue, 0, len(res.Findings)+len(res.Diagnostics))
	seen := map[string]int{}
	for _, f := range res.Findings {
		issues = append(issues, gitlabIssue{
			Description: gitlabDescription(f.Message, f.RuleID),
			CheckName:   f.RuleID,
			Fingerprint: uniqueFingerprint(seen, f.Fingerprint),
			Severity:    gitlabSeverity(f.Severity),
			Location:    gitlabLoc(f.File, f.Pos),
		})
	}
	for _, d := range res.Diagnostics {
		severity := "minor"
		if d.Severity == graph.SevError {
			severity = "major"
		}
		issues = append(issues, gitlabIssue{
			Description: gitlabDescription(d.Message, d.Code),
			CheckName:   "nhilint/" + d.Code,
			Fingerprint: uniqueFingerprint(seen, shortHash("diagnostic", d.Code, d.File, d.Message)),
			Severity:    severity,
			Location:    gitlabLoc(d.File, d.Pos),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}

// gitlabDescription is the message on one line (the widget shows a
// one-line summary) followed by the rule id or diagnostic code.
func gitlabDescription(message, id string) string {
	return strings.TrimSpace(oneLine(message)) + " [" + id + "]"
}

// gitlabSeverity maps a severity to GitLab's info|minor|major|critical|
// blocker, one step below the top: a critical finding blocks.
func gitlabSeverity(s engine.Severity) string {
	switch s {
	case engine.Critical:
		return "blocker"
	case engine.High:
		return "critical"
	case engine.Medium:
		return "major"
	default:
		return "minor"
	}
}

func gitlabLoc(file string, p graph.Pos) gitlabLocation {
	line := 1
	if p.Valid() {
		line = p.Line
	}
	return gitlabLocation{Path: file, Lines: gitlabLines{Begin: line}}
}

// uniqueFingerprint returns fp the first time and a hash of fp and its
// occurrence number after, so two findings the engine fingerprints alike
// (the same rule, node and key) both show in GitLab. The result order is
// fixed, so the numbering is stable between runs.
func uniqueFingerprint(seen map[string]int, fp string) string {
	n := seen[fp]
	seen[fp] = n + 1
	if n == 0 {
		return fp
	}
	return shortHash(fp, strconv.Itoa(n))
}

// shortHash is the first 16 hex digits of the SHA-256 of the parts, each
// ended by a NUL so that the parts cannot run into each other.
func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
