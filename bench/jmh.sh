#!/usr/bin/env bash
# JMH benchmarks of the hot paths (issue 9 must-show 3): job id, factfile parse (+ validate + plan of
# 10,000 tasks), payload serialisation, a store transition; each with an in-run baseline and ratio.
# Usage: bench/jmh.sh [regex over Class.method]     e.g. bench/jmh.sh 'FactfileParse|JobId'
# Env: JMH_FORKS=1 JMH_WARMUPS=2 JMH_ITERATIONS=3 JMH_SECONDS=1 (per iteration), JMH_VERBOSITY=NORMAL,
#      FIXTURE=<small factfile>, BENCH_RESULTS=<tsv to append to>. Progress on stderr, table on stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
fixture=${FIXTURE:-/work/shared/fixtures/factfiles/complex-diamond-dag.factfile}
[[ -r $fixture ]] || fixture="$ROOT/testdata/factfiles/echo.factfile"
# the store benchmarks fsync: keep them on the repository's disk, and remove what they leave
store_dir=$(mktemp -d "$ROOT/bench/target/jmh-store.XXXXXX")
trap 'rm -rf "$store_dir"' EXIT
echo "jmh: fixture $fixture; forks ${JMH_FORKS:-1}, ${JMH_WARMUPS:-2} warm-up + ${JMH_ITERATIONS:-3} x ${JMH_SECONDS:-1} s" >&2
java -Xmx1g -cp "$BENCH_CP" \
    -Dfactotum.bench.fixture="$fixture" -Dfactotum.bench.dir="$store_dir" \
    -Djmh.forks="${JMH_FORKS:-1}" -Djmh.warmups="${JMH_WARMUPS:-2}" \
    -Djmh.iterations="${JMH_ITERATIONS:-3}" -Djmh.seconds="${JMH_SECONDS:-1}" \
    -Djmh.verbosity="${JMH_VERBOSITY:-NORMAL}" \
    io.factotum.bench.jmh.JmhMain "${1:-.*}"
