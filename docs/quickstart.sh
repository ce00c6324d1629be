#!/usr/bin/env bash
# Factotum Server quickstart. From the repository root, after `mvn -B -DskipTests package`:
#
#   bin/factotum-server &          # 127.0.0.1:3000, RocksDB in ./factotum-data
#   docs/quickstart.sh             # or paste the commands below one by one
#
# FACTOTUM_URL overrides the address (the quickstart test uses a random port).
set -euo pipefail
BASE="${FACTOTUM_URL:-http://127.0.0.1:3000}"

# Submit a job: the reply carries its id.
REPLY=$(curl -sS -H 'Content-Type: application/json' \
  -d '{"jobName":"echo","factfilePath":"testdata/factfiles/echo.factfile","factfileArgs":["--tag","foo,bar"]}' \
  "$BASE/submit")
echo "$REPLY"
JOB=$(echo "$REPLY" | sed -E 's/.*\[([0-9a-f]{64})\].*/\1/')

# Check it until it is DONE.
until curl -sS "$BASE/check?id=$JOB" | grep -q '"state":"DONE"'; do sleep 0.2; done
curl -sS "$BASE/check?id=$JOB&pretty=1"; echo

# Server status: state, workers, queue.
curl -sS "$BASE/status?pretty=1"; echo

# List jobs (filter by state, page with limit and after).
curl -sS "$BASE/jobs?state=DONE&limit=10"; echo

# Job detail: its runs and every task's state.
curl -sS "$BASE/jobs/$JOB?pretty=1"; echo

# A task's output in the latest run (also works while the task runs).
curl -sS "$BASE/jobs/$JOB/runs/latest/tasks/echo%20alpha/output?pretty=1"; echo

# Submit a slow job, cancel it, then resume it (finished tasks are not run again).
REPLY=$(curl -sS -H 'Content-Type: application/json' \
  -d '{"jobName":"sleepy","factfilePath":"testdata/factfiles/sleep.factfile","factfileArgs":[]}' \
  "$BASE/submit")
echo "$REPLY"
SLOW=$(echo "$REPLY" | sed -E 's/.*\[([0-9a-f]{64})\].*/\1/')
curl -sS -X POST "$BASE/jobs/$SLOW/cancel"; echo
until curl -sS "$BASE/check?id=$SLOW" | grep -q '"state":"DONE"'; do sleep 0.2; done
curl -sS -X POST "$BASE/jobs/$SLOW/resume"; echo
