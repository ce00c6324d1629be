#!/usr/bin/env bash
# Runs one test class N times against the classes already compiled (no rebuild), e.g. to check a
# fault-injection test is stable (issue 7; not in CI). Unit tests go through surefire, *IT classes
# through failsafe (those need `mvn -B -DskipTests package` first).
#
# Usage: reliability/repeat.sh <times> <module> <TestClass>
#   reliability/repeat.sh 10 factotum-server DiskFullTest
#   reliability/repeat.sh 5 factotum-server ShutdownDrainIT
set -euo pipefail
times="$1"; module="$2"; test="$3"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
passed=0
for i in $(seq 1 "$times"); do
    if [[ "$test" == *IT ]]; then
        goal=(failsafe:integration-test failsafe:verify "-Dit.test=$test")
    else
        goal=(surefire:test "-Dtest=$test")
    fi
    if mvn -o -q -B -pl "$module" "${goal[@]}" >"/tmp/repeat-$test-$i.log" 2>&1; then
        passed=$(( passed + 1 ))
        echo "run $i: passed"
    else
        echo "run $i: FAILED (see /tmp/repeat-$test-$i.log)"
    fi
done
echo "$test: $passed of $times passed"
[ "$passed" = "$times" ]
