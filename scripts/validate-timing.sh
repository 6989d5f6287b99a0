#!/usr/bin/env bash
# Regenerates the table of docs/VALIDATION.md (printed on stdout; paste it in): the timing simulator's
# detailed model on the published measurements of ../shared/aie2-facts.md "Validation targets" that the
# program format can express (hand-built programs in simulator/src/test/.../ValidationCases.java).
#   scripts/validate-timing.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../scripts/lib/test-classpath.sh
source "$root/scripts/lib/test-classpath.sh"
cp=$(test_classpath simulator "$work")
java -cp "$cp" bsc.sim.timing.ValidationCases
