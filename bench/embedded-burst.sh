#!/usr/bin/env bash
# Issue 9, embedded cells 1 and 2: a burst of JOBS one-task `sh -c true` jobs, then of JOBS no-op
# jobs, 4 workers, through Factotum embedded (RocksDB, memory store) and its peers (Quartz RAM and
# JDBC on PostgreSQL, db-scheduler on PostgreSQL, JobRunr in memory and on PostgreSQL), with the
# baselines of the same run: `seq JOBS | xargs -P4 -I{} sh -c true` for the first, the Java floor
# (a 4-thread executor, no scheduler) for both. Systems interleaved over ROUNDS rounds; medians.
#
#   bench/embedded-burst.sh        JOBS=2000 ROUNDS=3 WORKERS=4 WARMUP=100 PG=1 SYSTEMS=id,id,...
#
# Prints the markdown table on stdout; appends the rows as TSV to $BENCH_RESULTS if set. PG=0 skips
# PostgreSQL (and the systems on it). System ids: factotum-rocksdb factotum-memory quartz-ram
# quartz-jdbc db-scheduler jobrunr-memory jobrunr-pg (the Java floor always runs).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
source "$HERE/lib-postgres.sh"
run_embedded_bench burst "jobs=${JOBS:-2000}" "rounds=${ROUNDS:-3}" "workers=${WORKERS:-4}" "warmup=${WARMUP:-100}" \
    "systems=${SYSTEMS:-}" "jobrunrPollMs=${JOBRUNR_POLL_MS:-0}" "timeoutS=${TIMEOUT_S:-120}" \
    "results=${BENCH_RESULTS:-}"
