#!/usr/bin/env bash
# Regenerates the "FP32 executor" section of docs/BENCHMARKS.md (printed on stdout; paste it in):
# warm single-image latency of bsc's FP32 executor next to ONNX Runtime's Java API in one JVM with the
# same thread count, and the peak resident memory of `bsc run vgg16`.
#   bench/fp32-executor.sh [--threads N] [--iterations N] [MODEL...]   (default: resnet50 inception_v3 vgg16)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
args="$*" threads=2 iterations=10 models=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --threads) threads=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
[[ ${#models[@]} -gt 0 ]] || models=(resnet50 inception_v3 vgg16)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath simulator "$work")

java -Xmx4g -cp "$cp" bsc.sim.fp32.Fp32Benchmark --threads "$threads" --iterations "$iterations" \
  --write-npy "$work/vgg16-input.npy" 1,3,224,224 "${models[@]}" >"$work/table.md"

# Peak RSS of the whole `bsc run vgg16` process (model build, weight conversion, one inference).
"$root/bsc" run vgg16 --input "$work/vgg16-input.npy" -o "$work/y.npy" >/dev/null 2>&1 || true
/usr/bin/time -f %M -o "$work/rss" "$root/bsc" run vgg16 --input "$work/vgg16-input.npy" -o "$work/y.npy" >"$work/run.txt"
rss_mb=$(( $(cat "$work/rss") / 1024 ))

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
cat <<MD
## FP32 executor

Warm single-image latency (median of $iterations runs after 3 warm-up runs) of bsc's FP32 reference
executor (ND4J 1.0.0-M2.1, oneDNN build), on the model as built and after the canonical passes
(\`bsc run --canonical\`), next to ONNX Runtime 1.19 through its Java API (model as built, all graph
optimizations on) in the same JVM, all with $threads threads, on a seeded N(0,1) image. Ratio: the
faster bsc form over ORT. Error: max |bsc - ORT| of the logits over the largest ORT logit magnitude.

$(cat "$work/table.md")

Peak resident memory of \`bsc run vgg16 --input x.npy -o y.npy\` (whole process): **$rss_mb MB**.

Machine: $cpu, $(nproc) cores, $(( $(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024 / 1024 )) GiB; $(java -version 2>&1 | head -1).
Load average at the end of the run: $(cut -d" " -f1-3 /proc/loadavg) (2 cores; other jobs share the machine).
Date: $(date +%Y-%m-%d). Command: \`bench/fp32-executor.sh${args:+ $args}\`.
MD
