#!/usr/bin/env bash
# The AIE2 lowering benchmarks of docs/BENCHMARKS.md (printed on stdout):
#   speed   lowering + program verifier of resnet50 on 4x4, warm (goal: at most 300 ms), and all 7 paper
#           arrays x 3 paper models x {dense, 50%} in one cold JVM (goal: at most 10 s), each with wall and
#           main-thread CPU time and a fixed reference workload (sorting 2M longs) timed in the same process;
#   matrix  every paper array 2x2..8x8 compiles resnet50, inception_v3, vgg16, resnet18, mobilenet_v2, dense
#           and 50% sparse (70 compilations, each verified).
#   bench/aie2-lowering.sh [speed|matrix|all]   (default all)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
what=${1:-all}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath tests "$work")
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
for mode in speed matrix; do
  if [ "$what" = all ] || [ "$what" = "$mode" ]; then
    echo
    echo "### $mode"
    java -Xmx3g -cp "$cp" bsc.tests.bench.Aie2Bench "$mode"
  fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
