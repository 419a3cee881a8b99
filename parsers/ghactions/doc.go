// Package ghactions parses GitHub Actions workflows and action metadata
// into graph documents (the node shapes are the contract in docs/input.md).
//
// Positions use yamlpos's convention: 1-based lines and 1-based character
// (rune) columns, a leading BOM not counted, as yaml.v3 and actionlint
// report them. KeyPos keys point at the YAML key they name ("uses" at
// `uses:`, "with.token" at `token:`); expression keys ("run@0") point at
// the `$` of their `${{`, found in the raw source so that block, folded and
// quoted scalars, CRLF files and BOMs are all exact.
package ghactions
