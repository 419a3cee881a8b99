package suppress

import (
	"fmt"
	"strings"
)

// directive is one parsed `nhilint:ignore <rule-id>[,<rule-id>...] <reason>`.
type directive struct {
	comment
	rules  []string
	reason string
	// target is the line below the comment it covers when it stands on
	// its own line (after any directives stacked under it); 0 otherwise.
	target int
}

// parseDirective parses a comment body. ok is false when the body is not
// a directive at all (the marker not at its start, or followed by other
// letters: "nhilint:ignored"); problem is set for a directive that is
// malformed.
func parseDirective(c comment) (d directive, ok bool, problem string) {
	rest, found := strings.CutPrefix(c.body, marker)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return directive{}, false, ""
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return directive{}, true, marker + " needs a rule id and a reason: # " + marker + " <rule-id> <reason>"
	}
	ids := strings.Split(fields[0], ",")
	for _, id := range ids {
		if id == "" {
			return directive{}, true, fmt.Sprintf("%s: empty rule id in %q (separate ids with a comma, no blank)", marker, fields[0])
		}
	}
	if len(fields) == 1 {
		return directive{}, true, fmt.Sprintf("%s %s needs a reason after the rule id, so reviewers know why it is silenced", marker, fields[0])
	}
	reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
	return directive{comment: c, rules: ids, reason: reason}, true, ""
}
