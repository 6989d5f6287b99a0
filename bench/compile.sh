#!/usr/bin/env bash
# The `./bsc compile resnet50 --block 8 --target aie2` benchmark of docs/BENCHMARKS.md (goal: at most 2 s as a
# whole process, cold JVM, ND4J never loaded), with its comparisons in the same run, alternating run by run so
# all see the same machine load:
#   compile (the README's first command, through the launcher, no files written),
#   compile -o OUTDIR (also writes the 39 MB program.json, weights, trace and report),
#   inspect resnet50 (the same model build and a walk over its weights, no compilation), and
#   --version (the start-up floor: JVM, class-data sharing, picocli).
#   bench/compile.sh [RUNS]        (default 5; prints a markdown table on stdout)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=${1:-5}
bsc="$root/bsc"
"$bsc" --version >/dev/null # builds the jar (and its class-data-sharing archive) if needed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A cmd=(
  [compile]="$bsc compile resnet50 --block 8 --target aie2"
  [compile-o]="$bsc compile resnet50 --block 8 --target aie2 -q -o $work/out"
  [inspect]="$bsc inspect resnet50"
  [version]="$bsc --version"
)
declare -A label=(
  [compile]="./bsc compile resnet50 --block 8 --target aie2"
  [compile-o]="./bsc compile resnet50 --block 8 --target aie2 -q -o OUTDIR"
  [inspect]="./bsc inspect resnet50"
  [version]="./bsc --version"
)
order=(compile compile-o inspect version)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 0; i < runs; i++)); do
  for k in "${order[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "$k %e %U %S %M" -a -o "$work/times" ${cmd[$k]} >/dev/null 2>&1
  done
done
median() { # KEY FIELD -> median of that field (wall=2, user=3, sys=4, cpu=3+4, rss=5)
  grep "^$1 " "$work/times" | awk -v f="$2" '
    { v[NR] = f == "cpu" ? $3 + $4 : $f }
    END { for (i=1;i<=NR;i++) for (j=i+1;j<=NR;j++) if (v[j]<v[i]) {t=v[i];v[i]=v[j];v[j]=t}; print v[int((NR+1)/2)] }'
}
echo "| command | median wall (s) | median CPU (s) | wall / inspect | CPU / inspect | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
iw=$(median inspect 2)
ic=$(median inspect cpu)
for k in "${order[@]}"; do
  w=$(median "$k" 2)
  c=$(median "$k" cpu)
  m=$(median "$k" 5)
  awk -v k="${label[$k]}" -v w="$w" -v c="$c" -v iw="$iw" -v ic="$ic" -v m="$m" \
    'BEGIN { printf "| `%s` | %.2f | %.2f | %.2f | %.2f | %d |\n", k, w, c, w / iw, c / ic, m / 1024 }'
done
echo
echo "Median of $runs runs each, alternating. Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(nproc) cores; $(java -version 2>&1 | head -1)."
echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg). Date: $(date -u +%Y-%m-%dT%H:%MZ)." \
  "Command: \`bench/compile.sh $runs\`."
