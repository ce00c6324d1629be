#!/usr/bin/env bash
# Issue 9, the cluster (bench/README.md, "Cluster"): a Consul dev agent and three servers on it
# (--store consul, one queue for the three), JOBS one-task `true` jobs submitted round robin to the
# three nodes by CLIENTS keep-alive clients; jobs/s across the cluster from the first submit to the
# last DONE (each node's GET /events). Baseline: one RocksDB server, same load, same rounds.
#
#   bench/cluster.sh            ROUNDS=3 JOBS=1000 CLIENTS=4 WORKERS=4 (per node) WARMUP=100
#
# Needs the Consul 1.16.1 agent (scripts/consul-binary.sh builds it once or reuses the cached one;
# FACTOTUM_CONSUL_BIN to use another). Prints a markdown table on stdout (appended as TSV to
# $BENCH_RESULTS if set); progress on stderr. Every process it starts is stopped on exit.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

ROUNDS="${ROUNDS:-3}"
JOBS="${JOBS:-1000}"
CLIENTS="${CLIENTS:-4}"
WORKERS="${WORKERS:-4}"
WARMUP="${WARMUP:-100}"

echo "building the bench module and the server..." >&2
bench_build
SERVER_BUILD=(mvn -o -q -B -pl factotum-server -am package -DskipTests -Dfuzz.short.skip=true)
(cd "$ROOT" && "${SERVER_BUILD[@]}" >/dev/null 2>&1) || (cd "$ROOT" && "${SERVER_BUILD[@]}") >&2
CONSUL="$(bash "$ROOT/scripts/consul-binary.sh")"

WORK="$(mktemp -d)"
stop_all() {
    stop_started
    rm -rf "$WORK"
}
trap stop_all EXIT

CONSUL_PORT="$(free_port)"
"$CONSUL" agent -dev -bind 127.0.0.1 -client 127.0.0.1 -http-port "$CONSUL_PORT" -dns-port -1 -grpc-port -1 \
    -grpc-tls-port -1 -serf-lan-port "$(free_port)" -serf-wan-port "$(free_port)" -server-port "$(free_port)" \
    -log-level warn >"$WORK/consul.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
    leader="$(curl -fsS "http://127.0.0.1:$CONSUL_PORT/v1/status/leader" 2>/dev/null || true)"
    [[ ${#leader} -gt 2 ]] && break
    sleep 0.1
done
[[ ${#leader} -gt 2 ]] || { echo "the Consul agent did not elect itself leader:" >&2; cat "$WORK/consul.log" >&2; exit 1; }

# start_server <name> <store flags...>: starts it in the background and waits until it is ready; sets
# URL. (Not run in a $(...) subshell: the pid must reach PIDS of this shell, for stop_all.)
start_server() {
    local name="$1" port
    shift
    port="$(free_port)"
    "$ROOT/bin/factotum-server" "$@" --port "$port" --max-workers "$WORKERS" --max-jobs 100000 \
        --factfile-root "$WORK" --shutdown-grace 2s >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    await_ready "$name" "$port" "$WORK/$name.log"
}

NODES=()
for node in node-a node-b node-c; do
    start_server "$node" --store consul --consul-port "$CONSUL_PORT" --consul-name "$node"
    NODES+=("$URL")
done
start_server rocksdb --store rocksdb --data-dir "$WORK/rocksdb-data"
SINGLE="$URL"
echo "Consul agent :$CONSUL_PORT; nodes ${NODES[*]}; RocksDB server $SINGLE ($WORKERS workers each)" >&2

CLUSTER_URLS="$(IFS=,; echo "${NODES[*]}")"
java -cp "$BENCH_CP" io.factotum.bench.server.ServerBench burst --work "$WORK/factfiles" --rounds "$ROUNDS" \
    --warmup "$WARMUP" --clients "$CLIENTS" --jobs "$JOBS" --cell "cluster" \
    --system "factotum server x3, Consul store (one dev agent), $WORKERS workers each=$CLUSTER_URLS" \
    --system "one factotum server, RocksDB, $WORKERS workers=$SINGLE" \
    --baseline-system "one factotum server, RocksDB, $WORKERS workers"
