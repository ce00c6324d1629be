#!/usr/bin/env bash
# Does a crowd of slow event-stream clients slow job execution? See docs/benchmarks.md.
# Usage: bench/slow-subscribers.sh [subscribers=100] [rounds=5] [tasks=4] [linesPerTask=25000]
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# one reactor run: the sibling modules resolve to their target/classes (nothing is installed)
mvn -q -o -B -pl factotum-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
java --enable-native-access=ALL-UNNAMED \
    -cp "factotum-server/target/test-classes:factotum-server/target/classes:$(cat "$cp_file")" \
    io.factotum.server.bench.SlowSubscribersHarness "$@"
