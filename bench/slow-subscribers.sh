#!/usr/bin/env bash
# Does a crowd of slow event-stream clients slow job execution? See docs/benchmarks.md.
# Usage: bench/slow-subscribers.sh [subscribers=100] [rounds=5] [tasks=4] [linesPerTask=25000] [during|before] [firehose|paced]
# during: the per-job clients connect while the tasks print; before: all connect, then the tasks start
# firehose: the tasks print as fast as they can; paced: in 100 bursts 10 ms apart
# The server runs in this JVM; the slow clients in a second one it starts (SlowSubscriberClients).
# Env: JAVA_OPTS for the server's JVM (e.g. -XX:StartFlightRecording=filename=/tmp/s.jfr),
#      BENCH_RESULTS=<tsv to append to>. Progress on stderr, the table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$(mktemp)"
pid=
cleanup() {
    # the harness stops its server and client JVM itself; this catches a harness that was killed
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
    [[ -n $pid ]] && wait "$pid" 2>/dev/null || true
    rm -f "$cp_file"
}
trap cleanup EXIT
# one reactor run: the sibling modules resolve to their target/classes (nothing is installed)
mvn -q ${MVN_OFFLINE--o} -B -pl factotum-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
java --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-} \
    -cp "factotum-server/target/test-classes:factotum-server/target/classes:$(cat "$cp_file")" \
    io.factotum.server.bench.SlowSubscribersHarness "$@" &
pid=$!
wait "$pid"
pid=
