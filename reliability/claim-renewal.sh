#!/usr/bin/env bash
# Issue 7 item 6, repeated (not run in CI): ClaimRenewalUnderLoadTest ROUNDS times (2,000 jobs each,
# renewals answered late); any "claim lapsed" warning or double run fails the round.
#
#   ROUNDS=10 reliability/claim-renewal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-10}
for round in $(seq 1 "$ROUNDS"); do
  mvn -o -q -B -pl factotum-core verify -Dtest=ClaimRenewalUnderLoadTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false
  echo "round $round/$ROUNDS: no false lapse, every job ran once"
done
