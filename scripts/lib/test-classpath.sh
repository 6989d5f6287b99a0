# Sourced by the scripts in scripts/ and bench/ that run test-scope classes (generators, benchmarks).
# test_classpath MODULE WORKDIR: compiles MODULE's tests (and what it needs) offline and prints the classpath
# of its test classes, main classes and test-scope dependencies. Maven's output goes to stderr.
test_classpath() {
  local module=$1 work=$2 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mvn -B -q -o -f "$root/pom.xml" -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2 || return 1
  echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$work/cp.txt")"
}
