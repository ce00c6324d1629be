#!/usr/bin/env bash
# Issue 9, embedded cell 3: one job every INTERVAL_MS ms (WARMUP untimed, then JOBS measured), the
# latency from submit to the moment the system invokes the job's code, p50 and p99, through Factotum
# embedded (RocksDB, memory store) and its peers (Quartz RAM and JDBC on PostgreSQL, db-scheduler on
# PostgreSQL, JobRunr in memory and on PostgreSQL), against the Java floor of the same run (a 4-thread
# executor's hand-off latency). Jobs run `sh -c true` (WORK=noop: nothing). Systems interleaved over
# ROUNDS rounds; medians of the per-round percentiles.
#
#   bench/embedded-idle.sh         JOBS=500 WARMUP=50 INTERVAL_MS=10 ROUNDS=3 WORKERS=4 WORK=sh PG=1 SYSTEMS=...
#
# Prints the markdown table on stdout; appends the rows as TSV to $BENCH_RESULTS if set.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
source "$HERE/lib-postgres.sh"
run_embedded_bench idle "jobs=${JOBS:-500}" "rounds=${ROUNDS:-3}" "workers=${WORKERS:-4}" "warmup=${WARMUP:-50}" \
    "intervalMs=${INTERVAL_MS:-10}" "work=${WORK:-sh}" "systems=${SYSTEMS:-}" \
    "jobrunrPollMs=${JOBRUNR_POLL_MS:-0}" "timeoutS=${TIMEOUT_S:-120}" "results=${BENCH_RESULTS:-}"
