#!/usr/bin/env bash
# Spawn-cost benchmark: a chain of N `true` tasks (default 1,500) run by Factotum for the JVM,
# against N `sh -c true` spawned one after another by a shell loop, in the same run.
#
#   bench/spawn-chain.sh [N]          ROUNDS=3 (interleaved rounds), JAVAS="java /path/java ..."
#
# Measures, when available:
#   * bin/factotum run <chain.factfile>              (the CLI, JVM start included)
#   * the engine harness (JobExecutor + ProcessTaskRunner, io.factotum.bench.SpawnChainHarness)
#     on every JDK found, with the runner's default launcher (posix_spawnp through JNA where it
#     works) and with the JDK's ProcessBuilder (-Dfactotum.spawn=jdk) in its POSIX_SPAWN and,
#     before JDK 25, VFORK mechanisms: "total" includes JVM start, "engine" is the run alone;
#     "default C1" adds -XX:TieredStopAtLevel=1 (no C2 compiler: less JIT work competing with
#     the tasks for the CPUs of a short-lived JVM).
# Every JVM runs with --enable-native-access=ALL-UNNAMED (JNA); anything a harness JVM prints on
# standard error is reported.
# Every variant is measured once per round, rounds interleaved, so background load hits all of
# them alike; the minimum (the least disturbed run) and the median are printed with their ratio
# to the shell loop's, and the median of the per-round ratios (each run against the shell loop of
# its own round, which follows slow changes in the load best). Results are not stored.
set -euo pipefail

N="${1:-${N:-1500}}"
ROUNDS="${ROUNDS:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

now_ns() { date +%s%N; }

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

# --- the engine harness's classpath and the JDKs -------------------------------------------
CORE="$ROOT/factotum-core/target"
if [[ ! -f "$CORE/test-classes/io/factotum/bench/SpawnChainHarness.class" ]]; then
  (cd "$ROOT" && mvn -q -B -o -pl factotum-core test-compile) >&2
fi
# JNA, the core's one runtime dependency that the harness needs, from the local Maven repository.
JNA="$(cd "$ROOT" && mvn -q -B -o -pl factotum-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout \
  -Dmdep.includeScope=runtime | tr ':' '\n' | grep '/jna-[0-9.]*\.jar$' | head -1)"
[[ -f "$JNA" ]] || { echo "JNA jar not found: run mvn -pl factotum-core dependency:resolve" >&2; exit 1; }
CP="$CORE/classes:$CORE/test-classes:$JNA"
if [[ -z "${JAVAS:-}" ]]; then
  JAVAS="$(command -v java)"
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -x "$jdk/bin/java" ]] && JAVAS="$JAVAS $jdk/bin/java"
  done
fi

RESULTS="$TMP/results" # lines: <label>\t<nanoseconds>
record() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"; }

for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round/$ROUNDS..." >&2
  start=$(now_ns)
  for ((i = 0; i < N; i++)); do sh -c true; done
  record "shell loop: $N x sh -c true" $(($(now_ns) - start))

  if [[ -x "$ROOT/bin/factotum" ]]; then
    start=$(now_ns)
    "$ROOT/bin/factotum" run "$FACTFILE" >/dev/null 2>&1 || echo "warning: bin/factotum exited with $?" >&2
    record "bin/factotum run (JVM start included)" $(($(now_ns) - start))
  fi

  for java in $JAVAS; do
    version=$("$java" -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\1/')
    feature=${version%%.*}
    variants=("default" "default C1" "jdk POSIX_SPAWN")
    ((feature < 25)) && variants+=("jdk VFORK")
    for variant in "${variants[@]}"; do
      opts=(--enable-native-access=ALL-UNNAMED)
      [[ "$variant" == jdk* ]] && opts+=(-Dfactotum.spawn=jdk -Djdk.lang.Process.launchMechanism="${variant#jdk }")
      [[ "$variant" == "default C1" ]] && opts+=(-XX:TieredStopAtLevel=1)
      start=$(now_ns)
      out=$("$java" "${opts[@]}" -cp "$CP" io.factotum.bench.SpawnChainHarness "$N" LEVELS 2>"$TMP/stderr")
      total=$(($(now_ns) - start))
      if [[ -s "$TMP/stderr" ]]; then
        echo "warning: JDK $version $variant printed on stderr: $(head -c 300 "$TMP/stderr")" >&2
      fi
      engine=$(sed -nE 's/^engine_seconds=([0-9.]+).*/\1/p' <<<"$out" | head -1)
      mechanism=$(sed -nE 's/.* mechanism=([^ ]+).*/\1/p' <<<"$out" | head -1)
      label="JDK $version $variant ($mechanism)"
      record "$label: total (JVM start incl.)" "$total"
      record "$label: engine only" "$(awk -v s="$engine" 'BEGIN { printf "%.0f", s * 1e9 }')"
    done
  done
done

[[ -x "$ROOT/bin/factotum" ]] || echo "bin/factotum not found: CLI not measured"
echo "tasks: $N, rounds: $ROUNDS; seconds (min / median), ratio to the shell loop (min / median),"
echo "and the median of the per-round ratios (each run against the shell loop of its own round)"
awk -F'\t' '
  { n[$1]++; v[$1, n[$1]] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++labels] = $1 } }
  function sorted(label, ratio,   i, j, t) {
    for (i = 1; i <= n[label]; i++) s[i] = ratio ? v[label, i] / v[base, i] : v[label, i]
    for (i = 1; i <= n[label]; i++) for (j = i + 1; j <= n[label]; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
  }
  END {
    base = order[1]
    for (k = 1; k <= labels; k++) {
      label = order[k]; sorted(label, 0)
      mn[label] = s[1]; md[label] = s[int((n[label] + 1) / 2)]
      sorted(label, 1); rr[label] = s[int((n[label] + 1) / 2)]
    }
    for (k = 1; k <= labels; k++) {
      label = order[k]
      printf "%-72s %7.3f / %7.3f s   ratio %5.2f / %5.2f   per round %5.2f\n", label, mn[label] / 1e9, md[label] / 1e9,
        mn[label] / mn[base], md[label] / md[base], rr[label]
    }
  }' "$RESULTS"
