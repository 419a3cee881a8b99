#!/usr/bin/env bash
# Whole-process benchmarks of nhilint over the real-world corpus, each the
# median of RUNS runs (wall, CPU = user + system, peak RSS):
#   - a full scan (every rule, secrets in the files it reads);
#   - rules only (--secrets off) and parse only (--secrets off and every rule
#     disabled by a configuration file: discovery, parsing, graph);
#   - the scaling curve: the corpus copied 2x and 4x (hard links);
#   - start-up: a scan of a 20-file repository, what a pre-commit run pays.
# Usage: scripts/bench-corpus.sh CORPUS.tar.gz NHILINT_BINARY
set -euo pipefail
corpus=${1:?usage: bench-corpus.sh CORPUS.tar.gz BINARY}
bin=$(realpath "${2:?usage: bench-corpus.sh CORPUS.tar.gz BINARY}")
runs=${RUNS:-3}
dir=${BENCH_DIR:-.cache/corpus}

if [ ! -d "$dir/all" ]; then
  mkdir -p "$dir"
  tar -xzf "$corpus" -C "$dir"
fi
# The scaled trees hold hard-linked copies: same bytes, no extra disk.
for n in 2 4; do
  if [ ! -d "$dir/x$n" ]; then
    for i in $(seq "$n"); do mkdir -p "$dir/x$n"; cp -al "$dir/all" "$dir/x$n/copy$i"; done
  fi
done
# A 20-file repository made of fixture workflows and Terraform files.
small="$dir/small20"
if [ ! -d "$small" ]; then
  mkdir -p "$small/.github/workflows"
  find fixtures -path '*/.github/workflows/*.yml' | sort | head -20 | while read -r f; do
    cp "$f" "$small/.github/workflows/$(echo "$f" | tr '/' '_')"
  done
fi

# median CMD... prints "wall cpu rss_kib" of the median-wall run.
median() {
  local times; times=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -a -o "$times" "$@" >/dev/null 2>&1 || true
  done
  grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$times" | sort -n |
    awk '{ w[NR]=$1; c[NR]=$2+$3; r[NR]=$4 } END { m=int((NR+1)/2); print w[m], c[m], r[m] }'
  rm -f "$times"
}

# A configuration that disables every rule: the scan then only loads.
norules="$dir/norules.yaml"
{ echo "rules:"; "$bin" rules --format json | tr ',' '\n' | sed -n 's/^.*"id": *"\([^"]*\)".*$/  \1: {enabled: false}/p'; } >"$norules"

files=$("$bin" scan --format json "$dir/all" 2>/dev/null | sed -n 's/^ *"files": \([0-9]*\).*/\1/p' | tail -1 || true)
read -r sw sc sr <<<"$(median "$bin" scan --format json --output /dev/null "$dir/all")"
read -r rw rc rr <<<"$(median "$bin" scan --secrets off --format json --output /dev/null "$dir/all")"
read -r pw pc pr <<<"$(median "$bin" scan --secrets off --config "$norules" --format json --output /dev/null "$dir/all")"
read -r w2 _ r2 <<<"$(median "$bin" scan --format json --output /dev/null "$dir/x2")"
read -r w4 _ r4 <<<"$(median "$bin" scan --format json --output /dev/null "$dir/x4")"
RUNS=11 read -r tw tc tr <<<"$(runs=11 median "$bin" scan --format json --output /dev/null "$small")"

awk -v files="${files:-0}" -v runs="$runs" \
  -v sw="$sw" -v sc="$sc" -v sr="$sr" -v rw="$rw" -v rc="$rc" -v rr="$rr" -v pw="$pw" -v pc="$pc" -v pr="$pr" \
  -v w2="$w2" -v r2="$r2" -v w4="$w4" -v r4="$r4" -v tw="$tw" -v tc="$tc" -v tr="$tr" 'BEGIN {
  printf "corpus (%d files), median of %d runs:\n", files, runs
  printf "  full scan:   %6.2f s wall %6.2f s CPU %5.0f MiB peak RSS %6.0f files/s\n", sw, sc, sr/1024, (sw > 0 ? files/sw : 0)
  printf "  rules only:  %6.2f s wall %6.2f s CPU %5.0f MiB peak RSS (%.2fx parse only)\n", rw, rc, rr/1024, (pw > 0 ? rw/pw : 0)
  printf "  parse only:  %6.2f s wall %6.2f s CPU %5.0f MiB peak RSS\n", pw, pc, pr/1024
  printf "  scaling:     1x %.2f s, 2x %.2f s (%.2fx, %.0f MiB), 4x %.2f s (%.2fx, %.0f MiB)\n", sw, w2, (sw > 0 ? w2/sw : 0), r2/1024, w4, (sw > 0 ? w4/sw : 0), r4/1024
  printf "  20-file repository (start-up included), median of 11: %.3f s wall %.3f s CPU %.0f MiB\n", tw, tc, tr/1024
}'
