#!/usr/bin/env bash
# Runs one test class N times, e.g. to check a fault-injection test is stable (issue 7; not in CI).
# Each run is a targeted `verify` of the module and what it needs (up-to-date classes are not
# recompiled; nothing is installed); *IT classes run through failsafe, others through surefire.
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
        only=(-Dtest=NONE "-Dit.test=$test")
    else
        only=("-Dtest=$test" -Dit.test=NONE)
    fi
    if mvn -o -q -B -pl "$module" -am verify "${only[@]}" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dfailsafe.failIfNoSpecifiedTests=false >"/tmp/repeat-$test-$i.log" 2>&1; then
        passed=$(( passed + 1 ))
        echo "run $i: passed"
    else
        echo "run $i: FAILED (see /tmp/repeat-$test-$i.log)"
    fi
done
echo "$test: $passed of $times passed"
[ "$passed" = "$times" ]
