#!/usr/bin/env bash
# Heap per queued job and per stored run (issue 7 item 10; not in CI). One worker is held by a
# gated job while N jobs are queued behind it; then all run. Heap is measured after a full GC.
#
# Usage: reliability/heap-per-job.sh [jobs=2000]
# Env: OUT (work dir, default a new temp dir), JAVA_OPTS / FACTOTUM_JAVA_OPTS (passed to the launcher;
# e.g. JAVA_OPTS=-XX:MaxRAMPercentage=25 for the JVM's own default heap, to compare RSS).
# Build first: mvn -B -DskipTests package
set -euo pipefail
jobs="${1:-2000}"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="${OUT:-$(mktemp -d /tmp/factotum-heap.XXXXXX)}"
mkdir -p "$work"
write_factfile "$work/echo.factfile" "echo run"
write_factfile "$work/gated.factfile" "while [ ! -f $work/gate ]; do sleep 0.05; done"
start_server "$work" --max-workers=1 --max-jobs=100000
trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT
t0="$(date +%s)"

[ "$(submit "$work/gated.factfile" gate)" = 200 ]
until [ "$(status_numbers)" = "0 1" ]; do sleep 0.1; done
echo "$sample_header,point" | tee "$work/heap.csv"
base="$(sample "$t0")"; echo "$base,baseline" | tee -a "$work/heap.csv"

seq 0 $(( jobs - 1 )) | xargs -P 4 -I{} bash -c "source '$(dirname "${BASH_SOURCE[0]}")/lib.sh'; server_url='$server_url'; submit '$work/echo.factfile' {}" \
    | sort | uniq -c
queued="$(sample "$t0")"; echo "$queued,$jobs queued" | tee -a "$work/heap.csv"

touch "$work/gate"
wait_idle
stored="$(sample "$t0")"; echo "$stored,$jobs stored runs" | tee -a "$work/heap.csv"

python3 - "$jobs" "$base" "$queued" "$stored" <<'PY'
import sys
n = int(sys.argv[1])
b, q, s = ([int(x) for x in a.split(",")] for a in sys.argv[2:5])
print(f"heap per queued job: {(q[1] - b[1]) * 1024 / n:.0f} bytes; per stored run: {(s[1] - b[1]) * 1024 / n:.0f} bytes")
print(f"RSS: baseline {b[2] // 1024} MiB, {n} queued {q[2] // 1024} MiB, {n} stored runs {s[2] // 1024} MiB")
print(f"threads {b[3]} -> {q[3]} -> {s[3]}; fds {b[4]} -> {q[4]} -> {s[4]}; peak RSS {s[5] // 1024} MiB")
PY
finished="$(done_count)"
stop_server
echo "done $finished; exit status after SIGTERM: $server_status"
trap - EXIT
