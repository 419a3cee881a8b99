#!/usr/bin/env bash
# Whole-process benchmark of `nhilint scan` over the real-world corpus:
# median wall time, CPU time, peak RSS and files/second of RUNS runs.
# Usage: scripts/bench-corpus.sh CORPUS.tar.gz NHILINT_BINARY
set -euo pipefail
corpus=${1:?usage: bench-corpus.sh CORPUS.tar.gz BINARY}
bin=${2:?usage: bench-corpus.sh CORPUS.tar.gz BINARY}
runs=${RUNS:-5}
dir=${BENCH_DIR:-.cache/corpus}
if [ ! -d "$dir/all" ]; then
  mkdir -p "$dir"
  tar -xzf "$corpus" -C "$dir"
fi
files=$("$bin" scan --format json "$dir/all" 2>/dev/null | sed -n 's/^ *"files": \([0-9]*\).*/\1/p' | tail -1 || true)
times=$(mktemp)
for _ in $(seq "$runs"); do
  /usr/bin/time -f '%e %U %S %M' -a -o "$times" "$bin" scan --format json --output /dev/null "$dir/all" >/dev/null 2>&1 || true
done
grep -E "^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$" "$times" | sort -n | awk -v files="${files:-0}" -v runs="$runs" '
  { wall[NR]=$1; cpu[NR]=$2+$3; rss[NR]=$4 }
  END {
    m = int((NR+1)/2)
    printf "corpus scan, median of %d runs: %.2f s wall, %.2f s CPU, %.0f MiB peak RSS, %d files, %.0f files/s\n",
      runs, wall[m], cpu[m], rss[m]/1024, files, (wall[m] > 0 ? files/wall[m] : 0)
  }'
rm -f "$times"
