#!/usr/bin/env bash
# Regenerates the table of docs/BENCHMARKS.md "Simulator" (printed on stdout): warm timing simulation of
# resnet50 (paper settings, 50% sparse) on the seven paper arrays under both timing models, with program sizes.
#   scripts/bench-simulator.sh [model] [warmups] [runs]
# then the functional simulation of the model on 4x4, dense and 50% sparse, beside the INT8 executor.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath tests "$work")
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
java -Xmx4g -cp "$cp" bsc.tests.bench.SimulatorBench "$@"
# functional simulation of the same model, dense and sparse, beside the INT8 executor (docs/BENCHMARKS.md)
java -Xmx6g -cp "$cp" bsc.tests.bench.FunctionalBench "${1:-resnet50}" 4x4 1 3
