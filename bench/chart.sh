#!/usr/bin/env bash
# Draws the throughput chart (PNG, jobs/s per system, the embedded burst cells by default) from a
# results TSV in the $BENCH_RESULTS format, e.g. for docs/benchmarks-throughput.png:
#
#   BENCH_RESULTS=/tmp/results.tsv bench/embedded-burst.sh
#   bench/chart.sh /tmp/results.tsv docs/benchmarks-throughput.png ['cell regex']
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
[[ $# -ge 2 ]] || { echo "usage: bench/chart.sh results.tsv out.png ['cell regex']" >&2; exit 2; }
IN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
OUT="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
bench_build
java -Djava.awt.headless=true -cp "$BENCH_CP" io.factotum.bench.chart.ThroughputChart "$IN" "$OUT" "${@:3}"
