#!/usr/bin/env bash
# Soak (issue 7 item 10; not in CI): bin/factotum-server on a RocksDB store takes a fixed rate of
# one-task jobs for several minutes while heap (after a full GC), RSS, threads and open fds are
# sampled. Flat columns mean nothing grows with the number of jobs served.
#
# Usage: reliability/soak.sh [jobs-per-second=5] [seconds=300] [sample-every-seconds=15]
# Env: OUT (work dir, default a new temp dir), JAVA_OPTS / FACTOTUM_JAVA_OPTS (passed to the launcher),
#      JOB_COMMAND (the task's shell command, default "echo soak"; e.g. a big output).
# Build first: mvn -B -DskipTests package
set -euo pipefail
rate="${1:-5}"
seconds="${2:-300}"
every="${3:-15}"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="${OUT:-$(mktemp -d /tmp/factotum-soak.XXXXXX)}"
mkdir -p "$work"
write_factfile "$work/echo.factfile" "${JOB_COMMAND:-echo soak}"
start_server "$work" --max-jobs=100000
trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT

t0="$(date +%s)"
echo "$sample_header" | tee "$work/samples.csv"
sample "$t0" | tee -a "$work/samples.csv"
interval="$(python3 -c "print(1/$rate)")"
next_sample=$(( t0 + every ))
i=0
refused=0
while [ "$(date +%s)" -lt $(( t0 + seconds )) ]; do
    code="$(submit "$work/echo.factfile" "$i")"
    [ "$code" = 200 ] || refused=$(( refused + 1 ))
    i=$(( i + 1 ))
    if [ "$(date +%s)" -ge "$next_sample" ]; then
        sample "$t0" | tee -a "$work/samples.csv"
        next_sample=$(( next_sample + every ))
    fi
    sleep "$interval"
done
wait_idle
sample "$t0" | tee -a "$work/samples.csv"
finished="$(done_count)"
stop_server
echo "submitted $i, refused $refused, done $finished; exit status after SIGTERM: $server_status"
trap - EXIT
echo "samples: $work/samples.csv, log: $work/server.log"
