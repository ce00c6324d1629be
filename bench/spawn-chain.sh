#!/usr/bin/env bash
# Spawn-cost benchmark: a chain of N `true` tasks (default 1,500) run by Factotum for the JVM,
# against N `sh -c true` spawned one after another by a shell loop, in the same run.
#
#   bench/spawn-chain.sh [N]
#
# Measures, when available:
#   * bin/factotum run <chain.factfile>              (the CLI, JVM start included)
#   * the engine harness (JobExecutor + ProcessTaskRunner) on every JDK found (JAVAS="java ..."
#     to override), with the runner's own launch-mechanism choice, POSIX_SPAWN and VFORK:
#     "total" includes JVM start, "engine" excludes it.
# Prints each time and its ratio to the shell loop. Results are not stored.
set -euo pipefail

N="${1:-${N:-1500}}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- the factfile: task0 <- task1 <- ... <- task(N-1), each `true` ---------------------------
FACTFILE="$TMP/chain.factfile"
{
  printf '{"schema":"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0",'
  printf '"data":{"name":"spawn chain","tasks":['
  for ((i = 0; i < N; i++)); do
    ((i > 0)) && printf ','
    if ((i == 0)); then deps=''; else deps="\"task$((i - 1))\""; fi
    printf '{"name":"task%d","executor":"shell","command":"true","arguments":[],"dependsOn":[%s],' "$i" "$deps"
    printf '"onResult":{"terminateJobWithSuccess":[],"continueJob":[0]}}'
  done
  printf ']}}\n'
} >"$FACTFILE"

# --- baseline: the same number of sequential spawns from a shell loop -------------------------
start=$(now_ns)
for ((i = 0; i < N; i++)); do sh -c true; done
SHELL_NS=$(($(now_ns) - start))
echo "tasks: $N"
printf '%-58s %8ss\n' "shell loop: $N x sh -c true" "$(secs "$SHELL_NS")"

report() { # label nanoseconds
  printf '%-58s %8ss  ratio %s\n' "$1" "$(secs "$2")" "$(ratio "$2" "$SHELL_NS")"
}

# --- the CLI, when this branch has it ---------------------------------------------------------
if [[ -x "$ROOT/bin/factotum" ]]; then
  start=$(now_ns)
  "$ROOT/bin/factotum" run "$FACTFILE" >/dev/null 2>&1 || echo "warning: bin/factotum exited with $?" >&2
  report "bin/factotum run (JVM start included)" $(($(now_ns) - start))
else
  echo "bin/factotum not found: CLI not measured"
fi

# --- the engine harness -----------------------------------------------------------------------
CORE="$ROOT/factotum-core/target"
if [[ ! -f "$CORE/test-classes/io/factotum/bench/SpawnChainHarness.class" ]]; then
  (cd "$ROOT" && mvn -q -B -o -pl factotum-core test-compile) >&2
fi
CP="$CORE/classes:$CORE/test-classes"

if [[ -z "${JAVAS:-}" ]]; then
  JAVAS="$(command -v java)"
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -x "$jdk/bin/java" ]] && JAVAS="$JAVAS $jdk/bin/java"
  done
fi

for java in $JAVAS; do
  version=$("$java" -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\1/')
  # "runner": no flag, ProcessTaskRunner's own choice (VFORK before JDK 25, else the JDK default).
  for mechanism in runner POSIX_SPAWN VFORK; do
    opts=()
    [[ "$mechanism" != runner ]] && opts=(-Djdk.lang.Process.launchMechanism="$mechanism")
    start=$(now_ns)
    out=$("$java" "${opts[@]}" -cp "$CP" io.factotum.bench.SpawnChainHarness "$N" LEVELS 2>/dev/null)
    total=$(($(now_ns) - start))
    engine=$(sed -nE 's/^engine_seconds=([0-9.]+).*/\1/p' <<<"$out" | head -1)
    engine_ns=$(awk -v s="$engine" 'BEGIN { printf "%.0f", s * 1e9 }')
    report "engine, JDK $version, $mechanism, total (JVM start incl.)" "$total"
    report "engine, JDK $version, $mechanism, engine only" "$engine_ns"
  done
done
