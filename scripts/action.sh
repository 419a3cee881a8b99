#!/usr/bin/env bash
# The script part of action.yml: builds nhilint from the action's own
# checkout (so the tool is exactly the action's version), scans, prints
# the report in the chosen format (annotations by default), writes SARIF
# for code scanning and a job summary. It never fails the step itself:
# it records the exit code as an output so the SARIF upload still runs.
#
# Inputs come from the environment (never interpolated into the script):
# NHILINT_SRC, NHILINT_VERSION, INPUT_PATH, INPUT_FAIL_ON, INPUT_CONFIG,
# INPUT_BASELINE, INPUT_POLICY (one directory per line), INPUT_FORMAT;
# RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE as
# the runner sets them (defaults make the script runnable locally).
set -uo pipefail

tmp="${RUNNER_TEMP:-$(mktemp -d)}"
out="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-$tmp/summary.md}"
bin="$tmp/nhilint"
sarif="$tmp/nhilint.sarif"

record() { echo "exit-code=$1" >>"$out"; }

if ! (cd "$NHILINT_SRC" && go build -trimpath -ldflags "-X main.version=${NHILINT_VERSION:-dev}" -o "$bin" ./cmd/nhilint); then
  echo "::error title=nhilint::could not build nhilint from $NHILINT_SRC"
  record 2
  exit 0
fi

args=(scan --root "${GITHUB_WORKSPACE:-$PWD}"
  --format "${INPUT_FORMAT:-github}" --also "sarif=$sarif" --also "markdown=$summary")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
while IFS= read -r dir; do
  [ -n "$dir" ] && args+=(--policy "$dir")
done <<<"${INPUT_POLICY:-}"

"$bin" "${args[@]}" -- "${INPUT_PATH:-.}"
code=$?
record "$code"
[ -s "$sarif" ] && echo "sarif-file=$sarif" >>"$out"
exit 0
