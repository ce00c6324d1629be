#!/usr/bin/env bash
# Every cell of docs/benchmarks.md in one go: runs each bench script in turn (each interleaves its
# systems and baselines over its own rounds), collects their rows in OUT/results.tsv and their tables
# in OUT/tables.md, and draws OUT/throughput.png (bench/chart.sh). Scripts that are missing or fail
# are reported and skipped; the rest still run.
#
#   bench/all.sh [OUT]        OUT defaults to a new directory under /tmp; ROUNDS etc. pass through
#   SCRIPTS="embedded-burst embedded-idle server-http cluster cli jmh scale"  to choose
#
# With the defaults it takes about 30 minutes on the 2-core machine. Nothing it writes is committed.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$(mktemp -d /tmp/factotum-bench-all.XXXXXX)}"
mkdir -p "$OUT"
export BENCH_RESULTS="$OUT/results.tsv"
: > "$BENCH_RESULTS"
: > "$OUT/tables.md"
{
    echo "# bench/all.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr);" \
        "$(java -version 2>&1 | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
} >> "$OUT/tables.md"
for script in ${SCRIPTS:-embedded-burst embedded-idle server-http cluster cli jmh scale}; do
    if [[ ! -x "$HERE/$script.sh" ]]; then
        echo "== $script: not present, skipped" >&2
        continue
    fi
    echo "== $script ($(date -u +%H:%M:%S))" >&2
    start=$(date +%s)
    if "$HERE/$script.sh" > "$OUT/$script.md" 2> "$OUT/$script.err"; then
        { echo "## $script ($(( $(date +%s) - start )) s)"; echo; cat "$OUT/$script.md"; echo; } >> "$OUT/tables.md"
    else
        echo "== $script failed (exit $?); see $OUT/$script.err" >&2
        { echo "## $script: failed, see $script.err"; echo; } >> "$OUT/tables.md"
    fi
done
"$HERE/chart.sh" "$BENCH_RESULTS" "$OUT/throughput.png" >&2 || echo "chart failed" >&2
echo "results in $OUT (tables.md, results.tsv, throughput.png)" >&2
