# Shared by the reliability scripts: start bin/factotum-server on a free loopback port with a RocksDB
# store in a work directory, submit jobs, and sample the JVM (heap after a full GC, RSS, threads,
# open file descriptors). Source it; needs curl, jcmd (same JDK as the server) and /proc.

repo_root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# start_server <work-dir> [flags...]: sets server_pid and server_url; the log is <work-dir>/server.log.
start_server() {
    local work="$1"; shift
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    (cd "$work" && exec "$repo_root/bin/factotum-server" --port="$port" --data-dir="$work/data" \
        --factfile-root="$work" "$@" >"$work/server.log" 2>&1) &
    server_pid=$!
    server_url="http://127.0.0.1:$port"
    for _ in $(seq 1 600); do
        if grep -q "listening on" "$work/server.log" 2>/dev/null; then
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
        sleep 0.1
    done
    echo "server did not start; see $work/server.log" >&2
    return 1
}

# stop_server: SIGTERM, wait, and set server_status to the exit status (0 after a clean drain).
stop_server() {
    kill -TERM "$server_pid"
    server_status=0
    wait "$server_pid" || server_status=$?
}

# write_factfile <path> <command>: a one-task factfile.
write_factfile() {
    cat >"$1" <<JSON
{"schema":"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0","data":{"name":"soak","tasks":[
{"name":"only","executor":"shell","command":"$2","arguments":[],"dependsOn":[],
 "onResult":{"terminateJobWithSuccess":[],"continueJob":[0]}}]}}
JSON
}

# submit <factfile> <tag value>: prints the HTTP status.
submit() {
    curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' -X POST "$server_url/submit" \
        -d "{\"jobName\":\"soak\",\"factfilePath\":\"$1\",\"factfileArgs\":[\"--tag\",\"n,$2\"]}"
}

# status_numbers: "<inQueue> <active>" from /status.
status_numbers() {
    curl -s "$server_url/status" | python3 -c 'import json,sys; d=json.load(sys.stdin)["dispatcher"]; print(d["jobs"]["inQueue"], d["workers"]["active"])'
}

# wait_idle: until nothing is queued or running.
wait_idle() {
    while [ "$(status_numbers)" != "0 0" ]; do
        sleep 0.5
    done
}

# done_count: how many jobs are DONE (follows the pages of /jobs).
done_count() {
    python3 - "$server_url" <<'PY'
import json, sys, urllib.request
url, after, n = sys.argv[1], "", 0
while True:
    page = json.load(urllib.request.urlopen(f"{url}/jobs?state=DONE&limit=500&after={after}"))
    n += len(page["jobs"])
    after = page["nextAfter"]
    if not after:
        break
print(n)
PY
}

sample_header="seconds,heap_after_gc_kib,rss_kib,threads,fds,rss_peak_kib"

# sample <t0-epoch-seconds>: one CSV line. RSS, threads and fds are read first, as the server runs;
# then a full GC, so that heap figures compare.
sample() {
    local heap rss threads fds peak
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")"
    peak="$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")"
    threads="$(awk '/^Threads:/ {print $2}' "/proc/$server_pid/status")"
    fds="$(ls "/proc/$server_pid/fd" | wc -l)"
    jcmd "$server_pid" GC.run >/dev/null
    heap="$(jcmd "$server_pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1)"
    echo "$(( $(date +%s) - $1 )),$heap,$rss,$threads,$fds,$peak"
}
