#!/usr/bin/env bash
# Repeats the Consul stop/restart fault (ConsulOutageTest) N times; not part of CI.
#   reliability/consul-restart.sh [N]     # default 10
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10}"
FACTOTUM_CONSUL_BIN="$(bash scripts/consul-binary.sh)"
export FACTOTUM_CONSUL_BIN
mvn -q -B -o -pl factotum-server -am test-compile -DskipTests
pass=0
for i in $(seq 1 "$n"); do
  if mvn -q -B -o -pl factotum-server -am verify -Dtest=ConsulOutageTest -Dsurefire.failIfNoSpecifiedTests=false \
       -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false >/tmp/consul-restart-$i.log 2>&1; then
    pass=$((pass + 1))
  else
    echo "run $i failed: /tmp/consul-restart-$i.log"
  fi
done
echo "Consul restart fault: $pass of $n runs passed"
