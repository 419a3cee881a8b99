package suppress

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nhilint/nhilint/engine"
)

// sarifFingerprintKey is the partialFingerprints entry nhilint writes
// (report.SARIFFingerprintKey; report imports engine, so the constant is
// repeated rather than imported to keep suppress below report).
const sarifFingerprintKey = "nhilint/v1"

// maxBaselineSize bounds the baseline file read: a report of a million
// findings is under it.
const maxBaselineSize = 512 << 20

// Baseline is the findings of an earlier report, by fingerprint, counted:
// two findings sharing a fingerprint need two baseline entries.
type Baseline struct {
	// file is the baseline as reports name it: relative to the scan root
	// when inside it, else absolute (Locate).
	file  string
	count map[string]int
}

// Locate names the baseline file relative to the scan root when it lies
// inside it, else by its absolute path, for the reports.
func (b *Baseline) Locate(root string) {
	abs, err := filepath.Abs(b.file)
	if err != nil {
		return
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		b.file = abs
		return
	}
	b.file = filepath.ToSlash(rel)
}

// Len is the number of findings in the baseline.
func (b *Baseline) Len() int {
	n := 0
	for _, c := range b.count {
		n += c
	}
	return n
}

// LoadBaseline reads a nhilint JSON report or a SARIF log written by
// nhilint. The findings it counts are the active ones and those already
// suppressed by a baseline (kind external); findings silenced by an
// inline ignore are not, so removing the comment brings them back.
func LoadBaseline(path string) (*Baseline, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if info.Size() > maxBaselineSize {
		return nil, fmt.Errorf("baseline %s: larger than %d bytes", path, maxBaselineSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	b, err := ParseBaseline(data)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	b.file = path
	return b, nil
}

// baselineDoc is the union of the two report shapes read.
type baselineDoc struct {
	// nhilint JSON report
	Findings   *[]baselineFinding `json:"findings"`
	Suppressed []baselineFinding  `json:"suppressed"`
	// SARIF
	Runs *[]struct {
		Results []struct {
			PartialFingerprints map[string]any `json:"partialFingerprints"`
			Suppressions        []struct {
				Kind string `json:"kind"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

type baselineFinding struct {
	Fingerprint string `json:"fingerprint"`
	Suppression *struct {
		Kind string `json:"kind"`
	} `json:"suppression"`
}

// ParseBaseline reads a baseline from the bytes of a report.
func ParseBaseline(data []byte) (*Baseline, error) {
	var doc baselineDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a nhilint JSON or SARIF report: %w", err)
	}
	b := &Baseline{count: map[string]int{}}
	switch {
	case doc.Findings != nil:
		return b, b.addFindings(*doc.Findings, doc.Suppressed)
	case doc.Runs != nil:
		return b, b.addSARIF(doc)
	default:
		return nil, fmt.Errorf(`not a nhilint JSON or SARIF report: no "findings" or "runs"`)
	}
}

func (b *Baseline) addFindings(active, suppressed []baselineFinding) error {
	for i, f := range active {
		if f.Fingerprint == "" {
			return fmt.Errorf("findings[%d] has no fingerprint", i)
		}
		b.count[f.Fingerprint]++
	}
	for _, f := range suppressed {
		if f.Fingerprint != "" && f.Suppression != nil && f.Suppression.Kind == engine.SuppressExternal {
			b.count[f.Fingerprint]++
		}
	}
	return nil
}

func (b *Baseline) addSARIF(doc baselineDoc) error {
	for i, run := range *doc.Runs {
		for j, r := range run.Results {
			if !externalOrNone(r.Suppressions) {
				continue
			}
			fp, ok := r.PartialFingerprints[sarifFingerprintKey].(string)
			if !ok || fp == "" {
				return fmt.Errorf("runs[%d].results[%d] has no partialFingerprints[%q]: not written by this nhilint version", i, j, sarifFingerprintKey)
			}
			b.count[fp]++
		}
	}
	return nil
}

func externalOrNone(sups []struct {
	Kind string `json:"kind"`
}) bool {
	for _, s := range sups {
		if s.Kind != engine.SuppressExternal {
			return false
		}
	}
	return true
}

// Apply moves the findings the baseline holds to suppressed (kind
// external), each baseline entry silencing one finding. Order is kept in
// both lists; suppressed is appended to and returned.
func (b *Baseline) Apply(findings, suppressed []engine.Finding) (active, silenced []engine.Finding) {
	left := make(map[string]int, len(b.count))
	for fp, n := range b.count {
		left[fp] = n
	}
	for _, f := range findings {
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			f.Suppression = &engine.Suppression{Kind: engine.SuppressExternal, Justification: "in baseline " + b.file,
				Location: &engine.Location{File: b.file}}
			suppressed = append(suppressed, f)
			continue
		}
		active = append(active, f)
	}
	sortByPlace(suppressed)
	return active, suppressed
}

// sortByPlace restores the report order (file, line, column, rule) after
// two kinds of suppressions were merged.
func sortByPlace(fs []engine.Finding) {
	slices.SortStableFunc(fs, func(a, b engine.Finding) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			strings.Compare(a.RuleID, b.RuleID),
		)
	})
}
