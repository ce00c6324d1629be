#!/usr/bin/env bash
# Cluster demo: one Consul dev agent and three Factotum Server nodes on loopback, sharing one queue.
# Submits jobs round robin to the three nodes and prints where each job ran (lastRunFrom).
#
#   examples/cluster-demo.sh [jobs]        # default 12 jobs
#
# Needs the packaged server (`mvn -B -DskipTests package`) and the Consul binary (built or reused by
# scripts/consul-binary.sh, or FACTOTUM_CONSUL_BIN). Everything it starts is stopped by pid on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-12}"
[[ "$jobs" =~ ^[0-9]+$ ]] || { echo "usage: $0 [jobs]" >&2; exit 2; }
[[ -f factotum-server/target/factotum-server.jar ]] \
  || { echo "build first: mvn -B -DskipTests package" >&2; exit 3; }
consul="$(bash scripts/consul-binary.sh)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_port=$(free_port)
"$consul" agent -dev -bind 127.0.0.1 -client 127.0.0.1 -http-port "$http_port" -dns-port -1 -grpc-port -1 \
  -grpc-tls-port -1 -serf-lan-port "$(free_port)" -serf-wan-port "$(free_port)" -server-port "$(free_port)" \
  -log-level warn >"$work/consul.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  leader=$(curl -fsS "http://127.0.0.1:$http_port/v1/status/leader" 2>/dev/null || true)
  [[ ${#leader} -gt 2 ]] && break
  sleep 0.1
done
echo "Consul agent on 127.0.0.1:$http_port"

factfile="$work/demo.factfile"
cat >"$factfile" <<'JSON'
{"schema":"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0","data":{"name":"cluster demo",
 "tasks":[{"name":"work","executor":"shell","command":"sleep","arguments":["0.5"],"dependsOn":[],
 "onResult":{"terminateJobWithSuccess":[],"continueJob":[0]}}]}}
JSON

ports=()
for node in node-a node-b node-c; do
  port=$(free_port)
  bin/factotum-server --store consul --consul-port "$http_port" --consul-name "$node" --port "$port" \
    --max-workers 2 --factfile-root "$work" >"$work/$node.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
done
echo "nodes: node-a :${ports[0]}, node-b :${ports[1]}, node-c :${ports[2]}"

ids=()
for i in $(seq 1 "$jobs"); do
  port=${ports[$(( (i - 1) % 3 ))]}
  reply=$(curl -fsS -X POST "http://127.0.0.1:$port/submit" -H 'Content-Type: application/json' \
    -d "{\"jobName\":\"demo $i\",\"factfilePath\":\"$factfile\",\"factfileArgs\":[\"--tag\",\"n,$i\"]}")
  id=$(sed -n 's/.*\[\(.*\)\].*/\1/p' <<<"$reply")
  ids+=("$id")
  echo "job $i submitted to :$port -> ${id:0:12}"
done

for i in "${!ids[@]}"; do
  id=${ids[$i]}
  for _ in $(seq 600); do
    entry=$(curl -fsS "http://127.0.0.1:${ports[0]}/check?id=$id")
    [[ $(jq -r .state <<<"$entry") == DONE ]] && break
    sleep 0.1
  done
  echo "job $((i + 1)) ${id:0:12}: $(jq -r '.lastOutcome + " on " + .lastRunFrom' <<<"$entry")"
done
