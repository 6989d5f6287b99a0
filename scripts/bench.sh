#!/usr/bin/env bash
# The figures of docs/BENCHMARKS.md:
#  (a) whole-process `./bsc inspect FILE` on the exported resnet50 ONNX, beside the same with the JVM's
#      default options and `./bsc --version` (JVM and picocli start-up, the floor of any run);
#  (b) import alone in a warm JVM, beside Files.readAllBytes of the same file (bsc.tests.bench.ImportBench).
# Usage: scripts/bench.sh [RUNS]   (default 7 whole-process runs; the model goes to tests/target/bench/)
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=${1:-7}
bsc="$root/bsc"
model="$root/tests/target/bench/resnet50.onnx"

"$bsc" --version >/dev/null # builds the jar if needed, outside the timings
mkdir -p "$(dirname "$model")"
[[ -f $model ]] || "$bsc" models export resnet50 -o "$model"

# "wall cpu" seconds of one run (cpu = user + sys), output discarded.
run_once() {
  local TIMEFORMAT='%R %U %S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.2f %.2f\n", $1, $2 + $3}'
}

# Median wall and cpu seconds over `runs` runs, after one untimed run that warms the page cache.
medians() {
  "$@" >/dev/null 2>&1
  local i times mid=$(((runs + 1) / 2))
  times=$(for ((i = 0; i < runs; i++)); do run_once "$@"; done)
  echo "median $(cut -d' ' -f1 <<<"$times" | sort -n | sed -n "${mid}p") s wall," \
    "$(cut -d' ' -f2 <<<"$times" | sort -n | sed -n "${mid}p") s cpu"
}

echo "date: $(date -u +%Y-%m-%d), nproc: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "model: $model ($(stat -c %s "$model") bytes)"
echo "(a) whole process, $runs runs each:"
echo "    ./bsc inspect resnet50.onnx   $(medians "$bsc" inspect "$model")"
echo "    java -jar bsc.jar inspect     $(medians java -jar "$root/compiler-cli/target/bsc.jar" inspect "$model")" \
  "(JVM defaults: C2, no class-data archive)"
echo "    ./bsc --version               $(medians "$bsc" --version)"

echo "(b) import in a warm JVM:"
log=$(mktemp)
if ! mvn -B -q -o -f "$root/pom.xml" -pl tests -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
rm -f "$log"
cp="$root/tests/target/test-classes:$(cat "$root/tests/target/bench-classpath.txt")"
java -cp "$cp" bsc.tests.bench.ImportBench "$model" 5 10 | sed 's/^/    /'
