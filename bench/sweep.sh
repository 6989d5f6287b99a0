#!/usr/bin/env bash
# The `bsc sweep` benchmark of docs/BENCHMARKS.md: the issue's sweep of 210 rows,
#   bsc sweep resnet50 inception_v3 vgg16 --sparsity 0:0.9:0.1 --array 2x2..8x8      (goal: at most 60 s on 2 cores)
# and, in the same run, a small sweep (resnet18, 9 rows) timed RUNS times, so the rows per second of both can be
# compared at the same machine load. Each sweep starts from an empty output (a present one would be resumed).
#   bench/sweep.sh [RUNS] [--small-only]        (default 3; prints a markdown table on stdout)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=${1:-3}
small_only=${2:-}
"$root/bsc" --version >/dev/null # builds the jar if needed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=(resnet18 --sparsity 0:0.5:0.25 --array 2x2..4x4)
big=(resnet50 inception_v3 vgg16 --sparsity 0:0.9:0.1 --array 2x2..8x8)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

timed() { # NAME ROWS ARGS...: one whole-process run of ./bsc sweep
  local name=$1 rows=$2
  shift 2
  rm -f "$work/$name.csv"
  /usr/bin/time -f "$name $rows %e %U %S %M" -a -o "$work/times" "$root/bsc" sweep "$@" --quiet -o "$work/$name.csv"
  local got
  got=$(($(wc -l <"$work/$name.csv") - 1))
  [[ $got -eq $rows ]] || { echo "bench/sweep.sh: $name wrote $got rows, expected $rows" >&2; exit 1; }
}

for ((i = 0; i < runs; i++)); do
  timed small 9 "${small[@]}"
done
if [[ $small_only != --small-only ]]; then
  timed big 210 "${big[@]}"
fi

echo "| sweep | rows | runs | median wall (s) | median CPU (s) | rows/s wall | rows per CPU-s | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for k in small big; do
  grep "^$k " "$work/times" 2>/dev/null | awk -v k="$k" '
    { r=$2; w[NR]=$3; c[NR]=$4+$5; m[NR]=$6 }
    function med(a, n,   i, j, t) { for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]<a[i]) {t=a[i];a[i]=a[j];a[j]=t}
      return a[int((n+1)/2)] }
    END { if (NR) printf "| %s | %d | %d | %.1f | %.1f | %.2f | %.2f | %d |\n", k, r, NR, med(w,NR), med(c,NR),
      r/med(w,NR), r/med(c,NR), med(m,NR)/1024 }'
done
echo
echo "small: \`bsc sweep ${small[*]}\`; big: \`bsc sweep ${big[*]}\` (default --jobs: $(nproc))."
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(java -version 2>&1 | head -1)."
echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg). Date: $(date -u +%Y-%m-%d\ %H:%M\ UTC)."
echo "Command: \`bench/sweep.sh $runs${small_only:+ $small_only}\`."
