package engine

import (
	"fmt"
)

// rawFinding is one finding as a rule returned it (docs/input.md,
// "Findings a rule returns"), tagged by main.rego with the rule path.
type rawFinding struct {
	rule    string // "github/static_credential"
	node    string
	key     string
	msg     string
	secret  string
	related []rawRelated
	// flow is the optional ordered code flow (attack paths).
	flow []rawRelated
}

// rawRelated is one related location a rule returned.
type rawRelated struct {
	node, key, msg string
}

// tagged is a finding that is not an object, with the path of the rule
// that returned it, so the rule-error can name the rule.
type tagged struct {
	rule  string
	value any
}

// decodeFinding reads one element of the findings set, as OPA decodes it
// (map[string]any). The rule path is returned even when the rest is
// malformed, so the error can name the rule.
func decodeFinding(v any) (rawFinding, error) {
	if t, ok := v.(tagged); ok {
		return rawFinding{rule: t.rule}, fmt.Errorf("finding is a %s, not an object", typeName(t.value))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return rawFinding{}, fmt.Errorf("finding is a %s, not an object", typeName(v))
	}
	var f rawFinding
	var err error
	f.rule, _ = obj["rule"].(string)
	// The secret first: even a malformed finding's secret is masked.
	if f.secret, err = field(obj, "secret", false); err != nil {
		return f, err
	}
	if f.node, err = field(obj, "node", true); err != nil {
		return f, err
	}
	if f.msg, err = field(obj, "msg", true); err != nil {
		return f, err
	}
	if f.key, err = field(obj, "key", false); err != nil {
		return f, err
	}
	if f.related, err = decodeRelated(obj["related"]); err != nil {
		return f, err
	}
	f.flow, err = decodeLocations("flow", obj["flow"])
	return f, err
}

// decodeRelated reads the optional related array.
func decodeRelated(v any) ([]rawRelated, error) { return decodeLocations("related", v) }

// decodeLocations reads an optional array of {node, key, msg} (related,
// flow); name is the field, for errors.
func decodeLocations(name string, v any) ([]rawRelated, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s is a %s, not an array", name, typeName(v))
	}
	out := make([]rawRelated, 0, len(list))
	for i, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s[%d] is a %s, not an object", name, i, typeName(e))
		}
		var r rawRelated
		var err error
		if r.node, err = field(obj, "node", true); err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", name, i, err)
		}
		if r.key, err = field(obj, "key", false); err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", name, i, err)
		}
		if r.msg, err = field(obj, "msg", false); err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", name, i, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// field reads a string field; required fields must be non-empty.
func field(obj map[string]any, name string, required bool) (string, error) {
	v, present := obj[name]
	if !present || v == nil {
		if required {
			return "", fmt.Errorf("%s is missing", name)
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s is a %s, not a string", name, typeName(v))
	}
	if required && s == "" {
		return "", fmt.Errorf("%s is empty", name)
	}
	return s, nil
}

// typeName names a decoded Rego value's type for messages (never its
// content, which might be a secret).
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return "number"
	}
}
