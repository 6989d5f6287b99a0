#!/usr/bin/env bash
# Example CI step: fail the build when a model's estimated latency regresses by more than a given percent.
#
#   docs/ci/latency-gate.sh BASELINE.json [PERCENT] [-- bsc compile options]
#
# BASELINE.json is a `bsc compile --json` result committed earlier, e.g.
#   ./bsc compile resnet50 --array 4x4 --json -q > ci/resnet50-4x4.json
# The gate compiles the same model with the same block, sparsity, array and timing model (read from the
# baseline) plus any extra options, and compares the compacted program's latency. Exit codes: 0 within the
# budget (or faster), 1 regression, 2 bsc failed or bad arguments. Needs jq.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
baseline=${1:?usage: latency-gate.sh BASELINE.json [PERCENT] [-- bsc compile options]}
percent=${2:-5}
shift $(($# >= 2 ? 2 : 1))
[[ ${1:-} == -- ]] && shift
field() { jq -er "$1" "$baseline"; }
model=$(field .model) block=$(field .block) sparsity=$(field .sparsity) array=$(field .array) timing=$(field .timing)
if ! now=$("$root/bsc" compile "$model" --block "$block" --sparsity "$sparsity" --array "$array" \
  --timing "$timing" --json -q "$@"); then
  echo "latency-gate: bsc compile failed" >&2
  exit 2
fi
before=$(field .latency.sparseMs)
after=$(jq -er .latency.sparseMs <<<"$now")
awk -v b="$before" -v a="$after" -v p="$percent" -v m="$model" -v arr="$array" 'BEGIN {
  change = (a - b) / b * 100
  printf "latency-gate: %s on %s: %.3f ms -> %.3f ms (%+.1f%%, budget +%s%%)\n", m, arr, b, a, change, p
  exit change > p ? 1 : 0
}'
