#!/usr/bin/env bash
# Fails a CI build when a model's estimated latency regresses: compares a fresh `bsc sweep` CSV with a
# baseline CSV committed to the repository, row by row (model, block, sparsity, array, timing model).
#
#   docs/ci-latency-check.sh BASELINE.csv CURRENT.csv [MAX_PERCENT]     (MAX_PERCENT default: 5)
#
# A row regresses when its compacted program's latency (latency_sparse_ms) exceeds the baseline's by more
# than MAX_PERCENT percent, or when it failed (status=failed) where the baseline's succeeded; a baseline row
# missing from CURRENT fails the check too (the sweep must cover the baseline). Rows only in CURRENT are new
# and pass. Exit codes: 0 no regression, 1 regression (one line per regressed row on stdout), 2 bad usage or
# unreadable input.
#
# Example CI step (bsc sweep exits 3 when some rows failed; the check below reports those rows):
#   ./bsc sweep resnet50 --sparsity 0,0.5 --array 4x4,8x8 --quiet -o current.csv || [ $? -eq 3 ]
#   docs/ci-latency-check.sh ci/latency-baseline.csv current.csv 5
# To accept a change in latency, commit the new CSV as the baseline.
set -euo pipefail

usage() {
  echo "usage: $0 BASELINE.csv CURRENT.csv [MAX_PERCENT]" >&2
  exit 2
}
[[ $# -eq 2 || $# -eq 3 ]] || usage
baseline=$1 current=$2 limit=${3:-5}
[[ $limit =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "ci-latency-check: MAX_PERCENT must be a number, got '$limit'" >&2; exit 2; }
header='model,block,sparsity,array,timing,latency_dense_ms,latency_sparse_ms,speedup,weights_dense_mb,weights_compacted_mb,share_compute,share_weights,share_activations,share_ddr,status,reason'
for f in "$baseline" "$current"; do
  [[ -r $f ]] || { echo "ci-latency-check: $f: cannot read" >&2; exit 2; }
  [[ $(head -n 1 "$f") == "$header" ]] || { echo "ci-latency-check: $f: not a bsc sweep CSV (header differs)" >&2; exit 2; }
done

# POSIX awk; fields are RFC 4180 (a quoted field may hold commas and doubled quotes).
awk -v limit="$limit" '
  function split_csv(line, out,   n, i, c, field, quoted) {
    n = 0; field = ""; quoted = 0
    for (i = 1; i <= length(line); i++) {
      c = substr(line, i, 1)
      if (quoted) {
        if (c == "\"") {
          if (substr(line, i + 1, 1) == "\"") { field = field "\""; i++ } else { quoted = 0 }
        } else { field = field c }
      } else if (c == "\"") { quoted = 1 }
      else if (c == ",") { out[++n] = field; field = "" }
      else { field = field c }
    }
    out[++n] = field
    return n
  }
  FNR == 1 { file++; next }
  {
    n = split_csv($0, f)
    key = f[1] " " f[2] " blocks at " f[3] " on " f[4] " (" f[5] ")"
    if (file == 1) { want[key] = f[7]; wantStatus[key] = f[15]; order[++count] = key; next }
    seen[key] = 1
    if (!(key in want) || wantStatus[key] != "ok") { next }
    if (f[15] != "ok") {
      printf "REGRESSED %s: failed (%s), baseline %s ms\n", key, f[16], want[key]; bad++; next
    }
    change = want[key] > 0 ? 100 * (f[7] - want[key]) / want[key] : 0
    if (change > limit + 0) {
      printf "REGRESSED %s: %s ms -> %s ms (+%.1f%%, limit %s%%)\n", key, want[key], f[7], change, limit; bad++
    }
    checked++
  }
  END {
    for (i = 1; i <= count; i++) {
      if (!(order[i] in seen)) { printf "MISSING %s: in the baseline, not in the current run\n", order[i]; bad++ }
    }
    printf "ci-latency-check: %d rows compared, %d regressed or missing (limit +%s%%)\n", checked, bad + 0, limit
    exit bad > 0 ? 1 : 0
  }
' "$baseline" "$current"
