package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// removedBuiltins are the OPA built-ins policies may not call, with why.
// nhilint runs on untrusted pull requests in CI, where the environment holds
// secrets: a policy must see nothing but its input, and give the same
// answer for the same input (ARCHITECTURE.md, "Safety"). Every built-in OPA
// marks nondeterministic is here; a test keeps it that way as OPA grows.
func removedBuiltins() map[string]string {
	return map[string]string{
		"http.send":          "network",
		"net.lookup_ip_addr": "network (DNS)",
		"opa.runtime":        "environment (env vars, config)",
		"time.now_ns":        "clock",
		"rand.intn":          "randomness",
		"uuid.rfc4122":       "randomness",
		// Signing uses randomness (ECDSA, PSS); verification checks exp/nbf
		// against the clock.
		"io.jwt.encode_sign":     "randomness",
		"io.jwt.encode_sign_raw": "randomness",
		"io.jwt.decode_verify":   "clock",
		// A schema's $ref may name a URL, which the validator fetches.
		"json.match_schema":  "network ($ref)",
		"json.verify_schema": "network ($ref)",
		// Chain verification checks validity against the clock unless told a
		// time; plain parsing (crypto.x509.parse_certificates, ...) stays.
		"crypto.x509.parse_and_verify_certificates":              "clock",
		"crypto.x509.parse_and_verify_certificates_with_options": "clock",
		// These accept a time zone name: "Local" reads the TZ environment
		// variable, other names read the system zoneinfo files. The parsers
		// (time.parse_ns, time.parse_rfc3339_ns, ...) stay.
		"time.add_date": "environment (time zone)",
		"time.clock":    "environment (time zone)",
		"time.date":     "environment (time zone)",
		"time.diff":     "environment (time zone)",
		"time.format":   "environment (time zone)",
		"time.weekday":  "environment (time zone)",
		// Its output grows with the prefix length an input controls
		// ("0.0.0.0/0" is 2^32 addresses): a scanned file could exhaust
		// memory. The other net.cidr_* built-ins are bounded and stay.
		"net.cidr_expand": "unbounded output",
	}
}

// capabilities returns OPA's capabilities for the vendored version minus
// removedBuiltins, with no host allowed for network access (allow_net
// empty, not absent: absent means any host).
func capabilities() *ast.Capabilities {
	base := ast.CapabilitiesForThisVersion()
	removed := removedBuiltins()
	c := &ast.Capabilities{
		FutureKeywords:  slices.Clone(base.FutureKeywords),
		WasmABIVersions: slices.Clone(base.WasmABIVersions),
		Features:        slices.Clone(base.Features),
		AllowNet:        []string{},
	}
	for _, b := range base.Builtins {
		if _, drop := removed[b.Name]; !drop {
			c.Builtins = append(c.Builtins, b)
		}
	}
	return c
}

// newCompiler is the one compiler configuration, shared by the scanner and
// the Rego test runner so that tests see exactly what scans see.
func newCompiler(caps *ast.Capabilities) *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(caps).
		WithStrict(true).
		WithDefaultRegoVersion(ast.RegoV1)
}

// parserOptions parses every module as Rego v1 with its METADATA.
func parserOptions(caps *ast.Capabilities) ast.ParserOptions {
	return ast.ParserOptions{
		Capabilities:      caps,
		ProcessAnnotation: true,
		RegoVersion:       ast.RegoV1,
	}
}

// explain adds to each "undefined function" compile error on a removed
// built-in why nhilint removed it, so a --policy author is not left
// looking for a typo.
func explain(errs ast.Errors) ast.Errors {
	removed := removedBuiltins()
	out := make(ast.Errors, len(errs))
	for i, e := range errs {
		c := *e
		name, ok := strings.CutPrefix(c.Message, "undefined function ")
		if why, found := removed[name]; ok && found {
			c.Message += fmt.Sprintf(" (nhilint policies may not use it: %s)", why)
		}
		out[i] = &c
	}
	return out
}
