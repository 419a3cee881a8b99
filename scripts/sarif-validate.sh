#!/usr/bin/env bash
# Validate SARIF files with Microsoft's SARIF Multitool, running both the
# SARIF spec rules and GitHub code scanning's ingestion rules, and fail on
# any error-level finding of the validator.
#
# Usage: scripts/sarif-validate.sh FILE.sarif...
#
# Environment:
#   SARIF_MULTITOOL_VERSION  npm version to install (default 5.7.0)
#   SARIF_MULTITOOL_PREFIX   npm --prefix to install into
#                            (default <repo>/.cache/sarif-multitool, gitignored)
#   SARIF_VALIDATE_FAIL_ON   "error" (default) or "warning": the lowest
#                            validator level that fails the script
#
# Notes on the multitool (5.7.0), found by trying it:
#   - The binary is run directly: the npm wrapper (bin.js) spawns it with
#     shell: true, so /bin/sh re-splits the arguments and the ";" of the
#     lists below would end the command.
#   - --rule-kind takes a ";" list, and a list of ONE kind is rejected
#     ("Option 'rule-kind' is defined with a bad format"), so the two kinds
#     go in one run: --rule-kind "Sarif;Gh". Without --rule-kind only the
#     Sarif kind runs. Same quirk for --log: "ForceOverwrite;PrettyPrint".
#   - Its default --level is "Error;Warning": note-level advice (SARIF2002
#     message ids, 2003 versionControlProvenance, 2006 reachable URIs, 2009
#     rule id style, 2010/2011 snippets) is not shown or counted.
#   - The exit code is 0 even when the validator reports errors, so this
#     script counts the levels in the validator's own SARIF output (-o).
#   - The .NET runtime inside needs libicu (Debian 12: libicu72); without it
#     the process aborts with "Couldn't find a valid ICU package". The script
#     probes for that and then sets DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
#     (validation needs no culture data; the results are the same). No other
#     library beyond glibc, libstdc++, libgcc_s and zlib is loaded.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
version=${SARIF_MULTITOOL_VERSION:-5.7.0}
prefix=${SARIF_MULTITOOL_PREFIX:-$repo/.cache/sarif-multitool}
fail_on=${SARIF_VALIDATE_FAIL_ON:-error}
case "$fail_on" in
  error | warning) ;;
  *) echo "sarif-validate: SARIF_VALIDATE_FAIL_ON must be error or warning" >&2; exit 2 ;;
esac

case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) echo "sarif-validate: unsupported OS $(uname -s)" >&2; exit 2 ;;
esac
bin=$prefix/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool

# install puts the pinned multitool under $prefix unless it is there. Test
# packages validate in parallel: the first installs under a lock while the
# others wait, instead of running a half-installed binary.
install() {
  mkdir -p "$prefix"
  exec 9>"$prefix.lock"
  flock 9
  local have=""
  if [ -f "$prefix/node_modules/@microsoft/sarif-multitool/package.json" ]; then
    have=$(node -p "require('$prefix/node_modules/@microsoft/sarif-multitool/package.json').version")
  fi
  if [ -f "$bin" ] && [ "$have" = "$version" ]; then
    return
  fi
  echo "sarif-validate: installing @microsoft/sarif-multitool@$version into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version" >&2
  # npm may skip the package's postinstall (chmod u+x); do it here.
  chmod u+x "$bin"
}

# unlock lets the other validations run once the install is done.
unlock() { exec 9>&-; }

# runtime makes the .NET runtime start without ICU when libicu is missing:
# a probe run that aborts with the ICU message turns on invariant mode.
runtime() {
  if [ -n "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-}" ]; then
    return
  fi
  local probe
  probe=$("$bin" --version 2>&1 || true)
  if [[ $probe == *"valid ICU package"* ]]; then
    echo "sarif-validate: libicu not found; running with DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1" \
      "(or install it: apt-get install libicu72)" >&2
    export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  fi
}

# count prints "<errors> <warnings> <notes> <failed-notifications>" for the
# validator's output log: a result's level is its own, else its rule's
# default, else "warning" (SARIF §3.27.10).
count() {
  node - "$1" <<'EOF'
const log = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const n = { error: 0, warning: 0, note: 0, none: 0 };
let failed = 0;
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  for (const r of run.results || []) {
    const rule = rules[r.ruleIndex] || rules.find((x) => x.id === r.ruleId) || {};
    const level = r.level || (rule.defaultConfiguration || {}).level || 'warning';
    n[level] = (n[level] || 0) + 1;
  }
  for (const inv of run.invocations || []) {
    if (inv.executionSuccessful === false) failed++;
    for (const x of (inv.toolExecutionNotifications || []).concat(inv.toolConfigurationNotifications || [])) {
      if (x.level === 'error') {
        failed++;
        console.error('sarif-validate: validator: ' + ((x.message || {}).text || JSON.stringify(x.message)));
      }
    }
  }
}
console.log(`${n.error} ${n.warning} ${n.note} ${failed}`);
EOF
}

# validate runs both rule kinds on one file and returns 1 when it fails.
validate() {
  local file=$1 out=$2 counts errors warnings failed
  echo "== $file (rule kinds: Sarif;Gh)"
  if ! "$bin" validate --rule-kind "Sarif;Gh" --log "ForceOverwrite;PrettyPrint" \
    --output "$out" "$file" >"$out.console" 2>&1; then
    cat "$out.console"
    echo "sarif-validate: the multitool failed on $file" >&2
    return 1
  fi
  grep -v -e '^$' -e '^Analyzing\.\.\.$' -e '^THREADS:' "$out.console" || true
  counts=$(count "$out") || return 1
  read -r errors warnings _ failed <<<"$counts"
  echo "== $file: $errors error(s), $warnings warning(s)"
  if [ "$failed" -gt 0 ] || [ "$errors" -gt 0 ]; then
    return 1
  fi
  if [ "$fail_on" = warning ] && [ "$warnings" -gt 0 ]; then
    return 1
  fi
}

install
unlock
runtime
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
i=0
for f in "$@"; do
  i=$((i + 1))
  if [ ! -f "$f" ]; then
    echo "sarif-validate: $f: no such file" >&2
    rc=1
    continue
  fi
  validate "$f" "$tmp/out-$i.sarif" || rc=1
done
exit "$rc"
