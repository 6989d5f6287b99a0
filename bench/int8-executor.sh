#!/usr/bin/env bash
# Prints the "INT8 executor" section of docs/BENCHMARKS.md on stdout (paste it in): INT8 executor on a model
# (default resnet50) dense vs 50% 8x8 block-sparse, per pruned conv and whole network, next to the FP32
# executor and ONNX Runtime FP32, all in one JVM with the same thread count, so the ratios hold under load.
#   bench/int8-executor.sh [--threads N] [--iterations N (15)] [--warmup N (30 rounds)] [MODEL...]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath simulator "$work")
before=$(cut -d" " -f1-3 /proc/loadavg)
java -Xmx6g --add-modules=jdk.incubator.vector -cp "$cp" bsc.sim.int8.Int8Benchmark "$@" >"$work/out.md"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
cat "$work/out.md"
cat <<MD
Machine: $cpu, $(nproc) cores; $(java -version 2>&1 | head -1). Load average before the run: $before
(2 cores; other jobs share the machine). Date: $(date -u +%Y-%m-%d). Command: \`bench/int8-executor.sh${*:+ $*}\`.
MD
