#!/usr/bin/env bash
# Before/after of a change (docs/benchmarks.md, "What each change bought"): the embedded burst cells
# (bench/embedded-burst.sh, Factotum systems only) against two builds of factotum-core and
# factotum-store-rocksdb, the given revision's ("before") and the working tree's ("after"), one JVM
# per build and round, the two builds alternating within every round. Medians over the rounds.
#
#   bench/compare-builds.sh <git revision> [extra EmbeddedBench key=value...]
#       ROUNDS=3 JOBS=2000 WORKERS=4 SYSTEMS=factotum-rocksdb,factotum-memory CELL=burst|idle
#
# The harness is compiled from the working tree against the public embedding API (Factotum.builder,
# SubmitRequest, SchedulerListener, TaskRunner), which both builds must have. Prints
# `| cell | system | after | unit | before | ratio |` (ratio = after / before; for latencies lower is
# better). The "before" build is made in a temporary git worktree, removed on exit.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
REV="${1:?usage: bench/compare-builds.sh <git revision>}"
shift
WORK=$(mktemp -d /tmp/factotum-compare.XXXXXX)
cleanup() {
    git -C "$ROOT" worktree remove --force "$WORK/before" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

bench_build
echo "building $REV in a temporary worktree" >&2
git -C "$ROOT" worktree add --detach "$WORK/before" "$REV" >/dev/null 2>&1
(cd "$WORK/before" && mvn -o -q -B -pl factotum-core,factotum-store-rocksdb -am package -DskipTests \
    -Dfuzz.short.skip=true) >&2
AFTER_CP="$BENCH_CP"
BEFORE_CP="${BENCH_CP//$ROOT\/factotum-core\/target/$WORK/before/factotum-core/target}"
BEFORE_CP="${BEFORE_CP//$ROOT\/factotum-store-rocksdb\/target/$WORK/before/factotum-store-rocksdb/target}"

CELL="${CELL:-burst}"
for round in $(seq "${ROUNDS:-3}"); do
    for build in before after; do
        cp_var="${build^^}_CP"
        mkdir -p "$WORK/tmp-$build"
        echo "round $round: $build" >&2
        java -Xmx2g -Djava.io.tmpdir="$WORK/tmp-$build" --enable-native-access=ALL-UNNAMED -cp "${!cp_var}" \
            io.factotum.bench.embedded.EmbeddedBench "$CELL" "jobs=${JOBS:-2000}" rounds=1 \
            "workers=${WORKERS:-4}" "warmup=${WARMUP:-100}" \
            "systems=${SYSTEMS:-factotum-rocksdb,factotum-memory}" "results=$WORK/$build.tsv" "$@" >/dev/null
        rm -rf "$WORK/tmp-$build"
    done
done

python3 - "$WORK/before.tsv" "$WORK/after.tsv" "$REV" <<'PY'
import csv, statistics, sys
def load(path):
    rows = {}
    with open(path) as f:
        for r in csv.reader(f, delimiter='\t'):
            if len(r) < 4 or r[0] == 'cell' or 'floor' in r[1] or 'xargs' in r[1]:
                continue
            try:
                rows.setdefault((r[0], r[1], r[3]), []).append(float(r[2].replace(',', '')))
            except ValueError:
                pass
    return rows
before, after = load(sys.argv[1]), load(sys.argv[2])
print('| cell | system | after (working tree) | unit | before (%s) | ratio after / before |' % sys.argv[3])
print('|---|---|---|---|---|---|')
for key in after:
    if key not in before:
        continue
    a, b = statistics.median(after[key]), statistics.median(before[key])
    print('| %s | %s | %s | %s | %s | %.2f |' % (key[0], key[1], f'{a:,.3g}' if a < 100 else f'{a:,.0f}', key[2],
          f'{b:,.3g}' if b < 100 else f'{b:,.0f}', a / b if b else float('nan')))
PY
