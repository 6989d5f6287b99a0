#!/usr/bin/env bash
# The functional simulator on the paper's models (docs/VALIDATION.md "Functional simulation"): resnet50,
# inception_v3 and vgg16, dense and 50% 8x8 block-sparse, on 4x4 and 3x3, each program's every layer output
# compared bit for bit with the INT8 executor on one seeded image. Prints a markdown table; exit 1 on a mismatch.
#   scripts/validate-functional.sh [models] [arrays]     e.g. resnet50 4x4,8x8   (several minutes for all)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath simulator "$work")
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx8g -cp "$cp" bsc.sim.functional.FunctionalModelsRun "$@"
