package report

import (
	"encoding/json"
	"io"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// JSONFormatVersion is the version of the JSON report's shape. It changes
// only when a field is removed or changes meaning; new fields may appear
// without a bump.
const JSONFormatVersion = 1

// jsonReport is the JSON format, field order as written:
//
//	{
//	  "formatVersion": 1,                 // JSONFormatVersion
//	  "version": "v1.2.0",                // nhilint version
//	  "summary": {
//	    "files": 4,                       // documents scanned
//	    "findings": 3,
//	    "bySeverity": {"critical": 1, "high": 1, "medium": 1, "low": 0},
//	    "diagnostics": 2,
//	    "incompleteFiles": 1              // files with an error diagnostic
//	  },
//	  "findings": [engine.Finding...],    // ruleId, category, severity, title,
//	                                      // message, file, pos, node, key,
//	                                      // related, fingerprint, snippet
//	  "suppressed": [engine.Finding...],  // silenced findings, each with its
//	                                      // "suppression": kind (inSource,
//	                                      // external), justification, location
//	  "diagnostics": [graph.Diagnostic...], // file, pos, severity, code, message
//	  "rules": [engine.Rule...]           // every loaded rule, by id
//	}
//
// Lists are [] when empty, never null. A pos is {"line", "col", "endLine",
// "endCol"}, 1-based; line 0 means no position (diagnostics only).
type jsonReport struct {
	FormatVersion int                `json:"formatVersion"`
	Version       string             `json:"version"`
	Summary       jsonSummary        `json:"summary"`
	Findings      []engine.Finding   `json:"findings"`
	Suppressed    []engine.Finding   `json:"suppressed"`
	Diagnostics   []graph.Diagnostic `json:"diagnostics"`
	Rules         []*engine.Rule     `json:"rules"`
}

// jsonSummary is the "summary" object of the JSON format.
type jsonSummary struct {
	Files           int            `json:"files"`
	Findings        int            `json:"findings"`
	BySeverity      jsonBySeverity `json:"bySeverity"`
	Diagnostics     int            `json:"diagnostics"`
	IncompleteFiles int            `json:"incompleteFiles"`
}

// jsonBySeverity counts findings per severity, highest first.
type jsonBySeverity struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
}

func writeJSON(w io.Writer, res *engine.Result, opts Options) error {
	c := summarize(res)
	doc := jsonReport{
		FormatVersion: JSONFormatVersion,
		Version:       opts.Version,
		Summary: jsonSummary{
			Files:    res.Files,
			Findings: c.Findings,
			BySeverity: jsonBySeverity{
				Critical: c.BySeverity[engine.Critical],
				High:     c.BySeverity[engine.High],
				Medium:   c.BySeverity[engine.Medium],
				Low:      c.BySeverity[engine.Low],
			},
			Diagnostics:     len(res.Diagnostics),
			IncompleteFiles: c.Incomplete,
		},
		Findings:    nonNil(res.Findings),
		Suppressed:  nonNil(res.Suppressed),
		Diagnostics: nonNil(res.Diagnostics),
		Rules:       nonNil(res.Rules),
	}
	return encodeJSON(w, doc)
}

// encodeJSON writes v indented by two spaces, with a final newline, and
// without HTML escaping (the output is not HTML, and "<" stays readable).
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// nonNil turns a nil slice into an empty one so it encodes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
