#!/usr/bin/env bash
# Issue 7 item 5, long variant (not run in CI): kill -9 a scheduler node on RocksDB in the middle of
# its jobs' tasks, restart it on the same directory, and prove from the tasks' start/end records
# that no two runs of any task overlapped. Repeats ROUNDS times.
#
#   reliability/no-overlap.sh   # 20 jobs, first runs of 30 s, restart 2 s after the kill, 5 rounds
#   JOBS=3 TASK_SECONDS=20 RESTART_DELAY_MS=0 ROUNDS=1 reliability/no-overlap.sh   # the CI variant
#
# Runs NoOverlapAfterKillTest through Maven (offline) with the sizes as system properties.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-20}
TASK_SECONDS=${TASK_SECONDS:-30}
RESTART_DELAY_MS=${RESTART_DELAY_MS:-2000}
ROUNDS=${ROUNDS:-5}
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS: $JOBS jobs, ${TASK_SECONDS}s tasks, restart ${RESTART_DELAY_MS}ms after kill -9"
  mvn -o -q -B -pl factotum-store-rocksdb -am verify \
    -Dtest=NoOverlapAfterKillTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dnooverlap.jobs="$JOBS" -Dnooverlap.taskSeconds="$TASK_SECONDS" \
    -Dnooverlap.restartDelayMillis="$RESTART_DELAY_MS"
  echo "round $round: no overlap"
done
