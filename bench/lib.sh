# Sourced by the bench scripts: builds what the harnesses need (offline when it can) and sets
#   BENCH_CP   the factotum-bench classpath (harnesses, JMH benchmarks, peers)
#   ROOT       the repository root
# It never installs anything into ~/.m2 and never runs the test suites.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_build() {
    local cpfile="$ROOT/bench/target/classpath.txt"
    # One reactor run, so the project's own modules resolve to their freshly built jars.
    local mvn_args=(-q -B -pl bench -am -DskipTests -Dfuzz.short.skip=true
        package dependency:build-classpath -Dmdep.outputFile="$cpfile")
    if ! (cd "$ROOT" && mvn -o "${mvn_args[@]}" >/dev/null 2>&1); then
        (cd "$ROOT" && mvn "${mvn_args[@]}") >&2 || return 1
    fi
    BENCH_CP="$ROOT/bench/target/classes:$(cat "$cpfile")"
    export BENCH_CP ROOT
}

# Processes a script starts in the background (servers, agents): append their pids to PIDS.
PIDS=()

# Stops what PIDS holds, newest first (servers before the agent they drain against): SIGTERM, up to
# 15 s to exit, then SIGKILL.
stop_started() {
    local pid i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        pid="${PIDS[$i]}"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

# A TCP port free on loopback now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# await_ready <name> <port> <log>: waits (up to 30 s) until the server on <port>, the last pid in PIDS,
# answers /health/ready, and sets URL; else prints its log and returns 1.
await_ready() {
    local name="$1" port="$2" log="$3"
    for _ in $(seq 300); do
        curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && { URL="http://127.0.0.1:$port"; return; }
        kill -0 "${PIDS[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "server $name did not become ready:" >&2
    cat "$log" >&2
    return 1
}
