#!/usr/bin/env bash
# Byte-identity check of the AIE2 programs between two builds: prints the SHA-256 of every emitted artifact
# (program.json, program.txt, weights.bin, kernels) of the 5 built-in models x {dense, 50%, 50% without
# compaction} x 4 arrays (bsc.tests.bench.ProgramDigests), one line per compilation.
#   bench/program-digests.sh [ARRAYS] > digests.txt     (ARRAYS: comma-separated, default the 4 of the class)
# Run it on the old and the new tree and `diff` the two files: no output means the same bytes.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath tests "$work")
java -Xmx3g -cp "$cp" bsc.tests.bench.ProgramDigests "$@"
