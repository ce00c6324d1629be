#!/usr/bin/env bash
# Issue 7 item 4, the long variant (not in CI): starts bin/factotum-server (memory store) on a
# free port, holds 300 connections with ~1 MB unfinished bodies, trickles a byte per connection
# every 2 s, then closes them, printing the server's RSS at each step. Extra arguments go to the
# server, e.g. to reproduce the unbounded behaviour:
#   reliability/unfinished-bodies.sh --max-connections=100000 --body-timeout=1h
# Environment: CONNECTIONS (300), BODY_BYTES (1000000), HOLD_SECONDS (45), PORT (auto).
# Needs `mvn -B -DskipTests package` first, python3, and the JDK's jcmd for the final GC line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
work="$(mktemp -d)"
"$root/bin/factotum-server" --store=memory --port="$port" --factfile-root="$work" "$@" >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
    sleep 0.1
done
# the JVM is the server process itself (the launcher execs java)
echo "server pid $server, flags: ${*:-(defaults)}"
python3 "$root/reliability/unfinished-bodies.py" "$server" "$port" "${CONNECTIONS:-300}" "${BODY_BYTES:-1000000}" \
    "${HOLD_SECONDS:-45}"
if command -v jcmd >/dev/null; then
    jcmd "$server" GC.run >/dev/null
    sleep 2
    echo "after a full GC (jcmd GC.run)  rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 )) MB"
fi
