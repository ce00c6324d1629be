#!/usr/bin/env bash
# Issue 9, the server over HTTP (bench/README.md, "Server"): two real servers (bin/factotum-server,
# one on RocksDB, one on the memory store) on loopback, measured by io.factotum.bench.server.ServerBench:
#   burst    JOBS one-task `true` jobs from CLIENTS keep-alive clients, on both stores: end-to-end
#            jobs/s (first submit to last DONE, from GET /events) and submits/s;
#            baseline `xargs -P$CLIENTS` running JOBS x `sh -c true`, same rounds
#   latency  submits at an open-loop RATE/s for LAT_SECONDS on RocksDB: p50/p99;
#            baseline GET /health/live at the same rate, same connections
#   idle     one job every IDLE_INTERVAL_MS, on both stores: submit to task start p50/p99 (the
#            task's shell writes its job number into a FIFO the client reads);
#            baseline the GET /health/live round trip, same connection
#
#   bench/server-http.sh            ROUNDS=3 JOBS=1000 CLIENTS=4 WORKERS=4 WARMUP=200 RATE=500
#                                   LAT_SECONDS=5 CONNECTIONS=16 IDLE_JOBS=200 IDLE_INTERVAL_MS=50
#                                   CELLS="burst latency idle"
#
# Servers run with --max-workers $WORKERS and --max-jobs 100000 (the open loop queues thousands).
# Prints a markdown table on stdout (appended as TSV to $BENCH_RESULTS if set); progress on stderr.
# About 4 minutes with the defaults. Every server it starts is stopped on exit.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

ROUNDS="${ROUNDS:-3}"
JOBS="${JOBS:-1000}"
CLIENTS="${CLIENTS:-4}"
WORKERS="${WORKERS:-4}"
WARMUP="${WARMUP:-200}"
RATE="${RATE:-500}"
LAT_SECONDS="${LAT_SECONDS:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
IDLE_JOBS="${IDLE_JOBS:-200}"
IDLE_INTERVAL_MS="${IDLE_INTERVAL_MS:-50}"
CELLS="${CELLS:-burst latency idle}"

echo "building the bench module and the server..." >&2
bench_build
SERVER_BUILD=(mvn -o -q -B -pl factotum-server -am package -DskipTests -Dfuzz.short.skip=true)
(cd "$ROOT" && "${SERVER_BUILD[@]}" >/dev/null 2>&1) || (cd "$ROOT" && "${SERVER_BUILD[@]}") >&2

WORK="$(mktemp -d)"
stop_all() {
    stop_started
    rm -rf "$WORK"
}
trap stop_all EXIT

# start_server <name> <store>: starts it in the background and waits until it is ready; sets URL.
# (Not run in a $(...) subshell: the pid must reach PIDS of this shell, for stop_all.)
start_server() {
    local name="$1" store="$2" port
    port="$(free_port)"
    "$ROOT/bin/factotum-server" --store "$store" --data-dir "$WORK/$name-data" --port "$port" \
        --max-workers "$WORKERS" --max-jobs 100000 --factfile-root "$WORK" --shutdown-grace 2s \
        >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    await_ready "$name" "$port" "$WORK/$name.log"
}

start_server rocksdb rocksdb
ROCKSDB_URL="$URL"
start_server memory memory
MEMORY_URL="$URL"
echo "servers: RocksDB $ROCKSDB_URL, memory $MEMORY_URL ($WORKERS workers each)" >&2
ROCKSDB="factotum server, RocksDB, $WORKERS workers=$ROCKSDB_URL"
MEMORY="factotum server, memory store, $WORKERS workers=$MEMORY_URL"

bench() {
    java -cp "$BENCH_CP" io.factotum.bench.server.ServerBench "$@" --work "$WORK/factfiles" --rounds "$ROUNDS" \
        --warmup "$WARMUP" --clients "$CLIENTS" --header "$header"
}
header=true
for cell in $CELLS; do
    case "$cell" in
        burst)
            echo "== burst: $JOBS jobs, $CLIENTS clients, $ROUNDS rounds" >&2
            bench burst --system "$ROCKSDB" --system "$MEMORY" --jobs "$JOBS" --xargs-parallel "$CLIENTS" \
                --cell "server over HTTP" ;;
        latency)
            echo "== latency: open loop $RATE/s for $LAT_SECONDS s, $ROUNDS rounds" >&2
            bench latency --system "$ROCKSDB" --rate "$RATE" --seconds "$LAT_SECONDS" --connections "$CONNECTIONS" ;;
        idle)
            echo "== idle: 1 job every $IDLE_INTERVAL_MS ms, $IDLE_JOBS jobs, $ROUNDS rounds" >&2
            bench idle --system "$ROCKSDB" --system "$MEMORY" --jobs "$IDLE_JOBS" --interval-ms "$IDLE_INTERVAL_MS" ;;
        *) echo "unknown cell $cell (burst, latency, idle)" >&2; exit 2 ;;
    esac
    header=false
done
