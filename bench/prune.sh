#!/usr/bin/env bash
# The `bsc prune vgg16 --sparsity 0.5` benchmark of docs/BENCHMARKS.md (goal: at most 3 s whole process),
# with its comparisons in the same run, alternating run by run so all see the same machine load:
#   prune (as ./bsc runs it: C2), prune with C1 only (the launcher's old setting), and
#   `bsc models export vgg16` (the same model build and a 553 MB write, without pruning).
#   bench/prune.sh [RUNS]        (default 3; prints a markdown table on stdout)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=${1:-3}
"$root/bsc" --version >/dev/null # builds the jar if needed
jar="$root/compiler-cli/target/bsc.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A cmd=(
  [prune]="java -jar $jar prune vgg16 --sparsity 0.5 -o $work/p.onnx"
  [prune-c1]="java -XX:TieredStopAtLevel=1 -jar $jar prune vgg16 --sparsity 0.5 -o $work/q.onnx"
  [export]="java -XX:TieredStopAtLevel=1 -jar $jar models export vgg16 -o $work/e.onnx"
)
order=(prune prune-c1 export)
for ((i = 0; i < runs; i++)); do
  for k in "${order[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "$k %e %U %S %M" -a -o "$work/times" ${cmd[$k]} >/dev/null 2>&1
  done
done
echo "| command | median wall (s) | median user (s) | median sys (s) | median CPU (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
for k in "${order[@]}"; do
  grep "^$k " "$work/times" | awk -v k="$k" '
    { w[NR]=$2; u[NR]=$3; s[NR]=$4; c[NR]=$3+$4; m[NR]=$5 }
    function med(a, n,   i, j, t) { for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]<a[i]) {t=a[i];a[i]=a[j];a[j]=t}
      return a[int((n+1)/2)] }
    END { printf "| %s | %.2f | %.2f | %.2f | %.2f | %d |\n", k, med(w,NR), med(u,NR), med(s,NR), med(c,NR), med(m,NR)/1024 }'
done
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(java -version 2>&1 | head -1)."
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Date: $(date +%Y-%m-%d). Command: \`bench/prune.sh $runs\`."
