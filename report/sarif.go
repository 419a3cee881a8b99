package report

import (
	"crypto/sha1"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/nhilint/nhilint/engine"
	"github.com/nhilint/nhilint/graph"
)

// SARIF constants shared with GitHub code scanning.
const (
	// SARIFToolName is tool.driver.name; GitHub names the analysis after it.
	SARIFToolName = "nhilint"
	// SARIFInformationURI is tool.driver.informationUri.
	SARIFInformationURI = "https://github.com/nhilint/nhilint"
	// SARIFRulesDocURI is the rule reference; a rule's helpUri appends
	// "#<rule-id>".
	SARIFRulesDocURI = "https://github.com/nhilint/nhilint/blob/main/docs/rules.md"
	// SARIFSrcRoot is the uriBaseId every artifact uri is relative to.
	SARIFSrcRoot = "%SRCROOT%"
	// SARIFFingerprintKey names the partialFingerprints entry holding
	// Finding.Fingerprint. Bump the version if the fingerprint recipe
	// changes, so GitHub does not match old alerts to new fingerprints.
	SARIFFingerprintKey = "nhilint/v1"
)

// semverRE is SemVer 2.0.0 (https://semver.org); only such versions go to
// tool.driver.semanticVersion.
var semverRE = regexp.MustCompile(`^((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?` +
	`(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?)$`)

// writeSARIF renders a SARIF 2.1.0 log with one run, in the subset GitHub
// code scanning reads:
// https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
func writeSARIF(w io.Writer, res *engine.Result, opts Options) error {
	log, err := buildSARIF(res, opts)
	if err != nil {
		return err
	}
	return encodeJSON(w, log)
}

func buildSARIF(res *engine.Result, opts Options) (*sarif.Report, error) {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, fmt.Errorf("new sarif log: %w", err)
	}
	rules, index := sarifRules(res)
	driver := sarifDriver(opts.Version)
	driver.Rules = rules
	run := sarif.NewRun(*sarif.NewTool(driver))
	for _, f := range res.Findings {
		run.AddResult(sarifResult(f, index[f.RuleID]))
	}
	for _, f := range res.Suppressed {
		run.AddResult(sarifResult(f, index[f.RuleID]).WithSuppression(sarifSuppressions(f)))
	}
	run.Invocations = []*sarif.Invocation{sarifInvocation(res.Diagnostics)}
	if opts.Root != "" {
		run.OriginalUriBaseIDs = map[string]*sarif.ArtifactLocation{
			SARIFSrcRoot: sarif.NewSimpleArtifactLocation(rootURI(opts.Root)),
		}
	}
	log.AddRun(run)
	return log, nil
}

// sarifDriver is tool.driver without its rules.
func sarifDriver(version string) *sarif.ToolComponent {
	v := sarifVersion(version)
	d := sarif.NewVersionedDriver(SARIFToolName, v).WithInformationURI(SARIFInformationURI)
	if semverRE.MatchString(v) {
		d.WithSemanticVersion(v)
	}
	return d
}

// sarifVersion is the version as tool.driver.version: without a "v"
// before a digit, and under "0.0.0-" when it does not start with a digit
// ("dev" → "0.0.0-dev"), since consumers compare versions numerically
// (the multitool warns, SARIF2005, on a version that is not numeric).
func sarifVersion(version string) string {
	v := version
	if len(v) > 1 && v[0] == 'v' && isDigit(v[1]) {
		v = v[1:]
	}
	if v == "" || !isDigit(v[0]) {
		v = "0.0.0-" + v
	}
	return v
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// sarifInvocation records how the scan went. executionSuccessful is true
// whenever a report is written: SARIF §3.20.14 reserves false for a tool
// that failed to start, crashed or exited with a failure, and Appendix I
// says incomplete results are told by toolExecutionNotifications of level
// "error", which is what an unparsable file becomes. The CLI's exit code 3
// tells CI the same; the results found are still valid and uploaded.
func sarifInvocation(diags []graph.Diagnostic) *sarif.Invocation {
	ok := true
	inv := &sarif.Invocation{ExecutionSuccessful: &ok}
	for _, d := range diags {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification(d))
	}
	return inv
}

func sarifNotification(d graph.Diagnostic) *sarif.Notification {
	level := "warning"
	if d.Severity == graph.SevError {
		level = "error"
	}
	n := sarif.NewNotification().
		WithLevel(level).
		WithTextMessage(fmt.Sprintf("%s [%s]", d.Message, d.Code)).
		WithDescriptor(sarif.NewReportingDescriptorReference().WithId(d.Code))
	if d.File != "" {
		n.Locations = []*sarif.Location{sarifLocation(d.File, d.Pos)}
	}
	return n
}

// sarifResult renders one finding; ruleIndex is its rule's place in
// tool.driver.rules.
func sarifResult(f engine.Finding, ruleIndex int) *sarif.Result {
	r := sarif.NewRuleResult(f.RuleID).
		WithRuleIndex(ruleIndex).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithLocations([]*sarif.Location{sarifLocation(f.File, f.Pos)}).
		WithPartialFingerPrints(map[string]interface{}{SARIFFingerprintKey: f.Fingerprint})
	for i, rel := range f.Related {
		loc := sarifLocation(rel.File, rel.Pos).WithId(i + 1)
		if rel.Message != "" {
			loc.WithMessage(sarif.NewTextMessage(rel.Message))
		}
		r.RelatedLocations = append(r.RelatedLocations, loc)
	}
	if flow := sarifCodeFlow(f.Flow); flow != nil {
		r.WithCodeFlows([]*sarif.CodeFlow{flow})
	}
	return r
}

// sarifCodeFlow renders an attack path as one code flow of one thread
// (SARIF §3.36-3.38): its locations in order, each with its message, so
// code scanning shows the steps from the trigger to the cloud role.
func sarifCodeFlow(steps []engine.Related) *sarif.CodeFlow {
	if len(steps) == 0 {
		return nil
	}
	thread := sarif.NewThreadFlow()
	for i, s := range steps {
		loc := sarifLocation(s.File, s.Pos)
		if s.Message != "" {
			loc.WithMessage(sarif.NewTextMessage(s.Message))
		}
		thread.AddLocation(sarif.NewThreadFlowLocation().WithLocation(loc).WithExecutionOrder(i + 1))
	}
	return sarif.NewCodeFlow().WithThreadFlows([]*sarif.ThreadFlow{thread})
}

// sarifSuppressions renders why a finding is silenced (SARIF §3.27.23,
// §3.35): GitHub code scanning shows such a result as dismissed. Every
// property is written: the library has no omitempty on them, and SARIF
// refuses a null guid, location or justification.
func sarifSuppressions(f engine.Finding) []*sarif.Suppression {
	sup := f.Suppression
	if sup == nil {
		sup = &engine.Suppression{Kind: engine.SuppressExternal}
	}
	s := sarif.NewSuppression(sup.Kind).
		WithStatus("accepted").
		WithGuid(suppressionGUID(f, sup.Kind)).
		WithJustifcation(sup.Justification)
	if sup.Location != nil {
		s.WithLocation(suppressionLocation(*sup.Location))
	} else {
		s.WithLocation(sarifLocation(f.File, graph.Pos{}))
	}
	return []*sarif.Suppression{s}
}

// suppressionLocation is where a suppression is written: a comment in a
// scanned file, or a baseline file, which may lie outside the scan root.
func suppressionLocation(loc engine.Location) *sarif.Location {
	if !filepath.IsAbs(loc.File) {
		return sarifLocation(loc.File, loc.Pos)
	}
	uri := strings.TrimSuffix(rootURI(loc.File), "/")
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)))
}

// suppressionGUID is a stable name-based (version 5 layout) UUID of a
// suppressed finding, so the same input gives the same bytes.
func suppressionGUID(f engine.Finding, kind string) string {
	h := sha1.Sum([]byte(kind + "\x00" + f.Fingerprint + "\x00" + f.File + "\x00" + f.Pos.String()))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// sarifLevel maps a severity to result.level. GitHub ranks security alerts
// by the rule's security-severity; level is what other viewers show.
func sarifLevel(s engine.Severity) string {
	switch s {
	case engine.Critical, engine.High:
		return "error"
	case engine.Medium:
		return "warning"
	default:
		return "note"
	}
}

// sarifLocation is a physical location relative to %SRCROOT%, with a
// region only when the position is known (no invented line 1).
func sarifLocation(file string, p graph.Pos) *sarif.Location {
	art := sarif.NewSimpleArtifactLocation(relativeURI(file)).WithUriBaseId(SARIFSrcRoot)
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(art)
	if p.Valid() {
		phys.WithRegion(sarifRegion(p))
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// sarifRegion renders p; startColumn is always written (≥ 1, as GitHub
// wants), the end only when known and consistent. EndCol is taken as
// SARIF's endColumn, the column just after the region (§3.30.8).
func sarifRegion(p graph.Pos) *sarif.Region {
	r := sarif.NewRegion().WithStartLine(p.Line).WithStartColumn(p.Col)
	if endValid(p) {
		r.WithEndLine(p.EndLine)
		if p.EndCol > 0 {
			r.WithEndColumn(p.EndCol)
		}
	}
	return r
}

// relativeURI percent-encodes a slash path relative to the scan root as a
// relative URI reference ("a b/c.yml" → "a%20b/c.yml"; a first segment
// holding ":" gets a "./" so it is not read as a scheme).
func relativeURI(file string) string {
	return (&url.URL{Path: filepath.ToSlash(file)}).String()
}

// rootURI is the file:// URI of the absolute directory root, ending in "/"
// as SARIF §3.14.14 requires of a uriBaseId's base.
func rootURI(root string) string {
	p := filepath.ToSlash(filepath.Clean(root))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/src/
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// sarifRules is tool.driver.rules: every loaded rule in catalog order, and
// the index of each rule id. A finding whose rule is missing from the
// catalog (an engine bug) still gets a rule, built from the finding, so
// the log stays valid.
func sarifRules(res *engine.Result) ([]*sarif.ReportingDescriptor, map[string]int) {
	rules := make([]*sarif.ReportingDescriptor, 0, len(res.Rules))
	index := make(map[string]int, len(res.Rules))
	add := func(r *engine.Rule) {
		if _, dup := index[r.ID]; dup {
			return
		}
		index[r.ID] = len(rules)
		rules = append(rules, sarifRule(r))
	}
	for _, r := range res.Rules {
		add(r)
	}
	for _, f := range slices.Concat(res.Findings, res.Suppressed) {
		add(&engine.Rule{ID: f.RuleID, Title: f.Title, Description: f.Title, Category: f.Category, Severity: f.Severity})
	}
	return rules, index
}

// sarifRule renders one rule with everything GitHub shows on an alert:
// name, descriptions, help, helpUri, default level, tags and the
// security-severity it ranks alerts by.
func sarifRule(r *engine.Rule) *sarif.ReportingDescriptor {
	d := sarif.NewRule(r.ID).
		WithName(ruleName(r)).
		WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
		WithFullDescription(sarif.NewMultiformatMessageString(r.Description)).
		WithHelpURI(SARIFRulesDocURI + "#" + r.ID).
		WithHelp(&sarif.MultiformatMessageString{Text: ptr(helpText(r)), Markdown: ptr(helpMarkdown(r))}).
		WithDefaultConfiguration(&sarif.ReportingConfiguration{Level: sarifLevel(r.Severity)})
	d.Properties = sarif.Properties{
		"tags":              ruleTags(r),
		"security-severity": r.Severity.SecurityScore(),
		"precision":         "high",
	}
	return d
}

// ruleTags are the rule's category and "security", which GitHub needs to
// treat security-severity as a security alert.
func ruleTags(r *engine.Rule) []string {
	if r.Category == "" {
		return []string{"security"}
	}
	return []string{r.Category, "security"}
}

// ruleName is the PascalCase form of the rule id, the symbolic name SARIF
// asks for: "gha-prt-checkout-head" → "GhaPrtCheckoutHead".
func ruleName(r *engine.Rule) string {
	var b strings.Builder
	upper := true
	for _, c := range r.ID {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			upper = true
			continue
		}
		if upper {
			c = unicode.ToUpper(c)
		}
		b.WriteRune(c)
		upper = false
	}
	return b.String()
}

// helpText is the plain-text help: description, remediation, references.
func helpText(r *engine.Rule) string {
	parts := []string{r.Description}
	if r.Remediation != "" {
		parts = append(parts, "Remediation: "+r.Remediation)
	}
	if len(r.RelatedResources) > 0 {
		parts = append(parts, "References:\n- "+strings.Join(r.RelatedResources, "\n- "))
	}
	return strings.Join(parts, "\n\n")
}

// helpMarkdown is helpText in Markdown, the form GitHub renders.
func helpMarkdown(r *engine.Rule) string {
	parts := []string{r.Description}
	if r.Remediation != "" {
		parts = append(parts, "**Remediation:** "+r.Remediation)
	}
	if len(r.RelatedResources) > 0 {
		refs := make([]string, len(r.RelatedResources))
		for i, u := range r.RelatedResources {
			refs[i] = "- <" + u + ">"
		}
		parts = append(parts, "**References**\n\n"+strings.Join(refs, "\n"))
	}
	return strings.Join(parts, "\n\n")
}

func ptr[T any](v T) *T { return &v }
