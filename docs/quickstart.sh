#!/usr/bin/env bash
# Factotum Server quickstart. From the repository root, after `mvn -B -DskipTests package`:
#
#   bin/factotum-server &          # 127.0.0.1:3000, RocksDB in ./factotum-data
#   docs/quickstart.sh             # or paste the README's commands one by one
#
# It can be run again, and from any directory: each run tags its jobs with a run id of its own
# (the tags are part of the job id, so a job of an earlier run still running is no duplicate), and
# names the factfiles by absolute path. The server must be allowed to read them: start it in the
# repository root, or give it --factfile-root=<repository>. The first step that fails stops the
# script with the server's answer. FACTOTUM_URL overrides the address (the test uses a random port).
set -euo pipefail
command -v curl >/dev/null || { echo "quickstart: curl is needed" >&2; exit 1; }
BASE="${FACTOTUM_URL:-http://127.0.0.1:3000}"
FACTFILES="$(cd "$(dirname "${BASH_SOURCE[0]}")/../testdata/factfiles" && pwd)"

RUN=$(date +%s)-$RANDOM   # tags this run's jobs: running the quickstart again submits new jobs

# call <curl arguments>: prints the body of a 2xx answer; otherwise says what came back and fails.
call() {
  local reply
  reply=$(curl -sS -w '\n%{http_code}' "$@") || { echo "quickstart: no answer from $BASE (is the server running?)" >&2; return 1; }
  case "${reply##*$'\n'}" in
    2??) printf '%s\n' "${reply%$'\n'*}" ;;
    *) echo "quickstart: HTTP ${reply##*$'\n'} from ${*: -1}: ${reply%$'\n'*}" >&2; return 1 ;;
  esac
}

# wait_done <job id>: polls until the job is DONE, for at most 60 s.
wait_done() {
  local entry
  for _ in $(seq 300); do
    entry=$(call "$BASE/check?id=$1") || return 1
    case "$entry" in *'"state":"DONE"'*) return 0 ;; esac
    sleep 0.2
  done
  echo "quickstart: job $1 is not DONE after 60 s: $entry" >&2
  return 1
}

# Submit a job: the reply carries its id.
REPLY=$(call -H 'Content-Type: application/json' \
  -d '{"jobName":"echo","factfilePath":"'"$FACTFILES"'/echo.factfile","factfileArgs":["--tag","foo,bar","--tag","run,'"$RUN"'"]}' \
  "$BASE/submit")
echo "$REPLY"
JOB=$(echo "$REPLY" | grep -oE '[0-9a-f]{64}')

# Check it until it is DONE.
wait_done "$JOB"
call "$BASE/check?id=$JOB&pretty=1"

# Server status: state, workers, queue.
call "$BASE/status?pretty=1"

# List jobs (filter by state, page with limit and after).
call "$BASE/jobs?state=DONE&limit=10"

# Job detail: its runs and every task's state.
call "$BASE/jobs/$JOB?pretty=1"

# A task's output in the latest run (also works while the task runs).
call "$BASE/jobs/$JOB/runs/latest/tasks/echo%20alpha/output?pretty=1"

# Submit a slow job, cancel it, then resume it (finished tasks are not run again).
REPLY=$(call -H 'Content-Type: application/json' \
  -d '{"jobName":"sleepy","factfilePath":"'"$FACTFILES"'/sleep.factfile","factfileArgs":["--tag","run,'"$RUN"'"]}' \
  "$BASE/submit")
echo "$REPLY"
SLOW=$(echo "$REPLY" | grep -oE '[0-9a-f]{64}')
call -X POST "$BASE/jobs/$SLOW/cancel"
wait_done "$SLOW"
call -X POST "$BASE/jobs/$SLOW/resume"
