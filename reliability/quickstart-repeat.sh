#!/usr/bin/env bash
# Runs docs/quickstart.sh N times (default 20) against one real bin/factotum-server, alternately from
# the repository root and from a fresh temporary directory, while earlier runs' resumed jobs are
# still going; prints how many runs passed. Not part of CI (under a second a run, many runs); see
# docs/reliability.md, "Quickstart re-runs". Needs `mvn -B -DskipTests package` first.
#
#   reliability/quickstart-repeat.sh [N]
#
# QUICKSTART=<script> runs another version of the script (e.g. an old one, for a before/after
# figure); TIMEOUT=<seconds> (default 150) is how long a run may take before it counts as hung.
set -euo pipefail
runs="${1:-20}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
script="$(realpath "${QUICKSTART:-$root/docs/quickstart.sh}")"
work="$(mktemp -d)"
port=$(( 20000 + RANDOM % 20000 ))
server_pid=""

cleanup() {
    # Only the server this script started, by its pid.
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

(cd "$root" && exec bin/factotum-server --port="$port" --data-dir="$work/data" --shutdown-grace=1s) \
    >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
    grep -q "listening on \[127.0.0.1:$port\]" "$work/server.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.1
done
head -1 "$work/server.log"

passed=0
for i in $(seq "$runs"); do
    if [ $((i % 2)) = 0 ]; then dir="$(mktemp -d -p "$work")"; else dir="$root"; fi
    start=$(date +%s.%N)
    if (cd "$dir" && FACTOTUM_URL="http://127.0.0.1:$port" timeout "${TIMEOUT:-150}" bash "$script") \
            >"$work/run-$i.out" 2>&1; then
        passed=$((passed + 1)); verdict=ok
    else
        verdict="FAILED (exit $?): $(grep -m1 'quickstart:' "$work/run-$i.out" || tail -1 "$work/run-$i.out")"
    fi
    printf 'run %3d from %-40s %5.1f s  %s\n' "$i" "$dir" "$(echo "$(date +%s.%N) - $start" | bc)" "$verdict"
done
echo "$passed/$runs quickstart runs passed"
[ "$passed" = "$runs" ]
