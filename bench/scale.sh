#!/usr/bin/env bash
# Issue 9's scale cell: N queued jobs (100,000) on RocksDB, used heap after a full GC against the same
# JVM's heap before submitting; then kill -9 and the time from launching a new JVM until it has
# started with all N queued, against the same start on an empty store.
# Usage: bench/scale.sh [jobs=100000]      Env: ROUNDS=1, SUBMIT_THREADS=8, BENCH_RESULTS=<tsv>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
work=$(mktemp -d "$ROOT/bench/target/scale.XXXXXX")
pid=
cleanup() {
    # the harness kills its own children on exit; this catches a harness killed itself
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
    [[ -n $pid ]] && wait "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
java -cp "$BENCH_CP" -Dfactotum.bench.dir="$work" \
    io.factotum.bench.scale.ScaleHarness "${1:-100000}" "${ROUNDS:-1}" "${SUBMIT_THREADS:-8}" &
pid=$!
wait "$pid"
pid=
