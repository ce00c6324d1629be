#!/usr/bin/env bash
# Issue 9, the CLI (bench/README.md, "CLI"): bin/factotum, JVM start included, against the shell in
# the same rounds:
#   chain     `bin/factotum run` of a chain of CHAIN `true` tasks   vs a shell loop of CHAIN x `sh -c true`
#   wide      `bin/factotum run` of one level of WIDE `true` tasks  vs `xargs -P$(nproc)` running WIDE x `sh -c true`
#   validate  `bin/factotum validate` of a VALIDATE-task factfile (wall time and max RSS)
#             vs the JVM floor: the same JVM flags, a class that reads the file into a string and exits
#
#   bench/cli.sh            ROUNDS=5 CHAIN=1500 WIDE=1000 VALIDATE=10000 CELLS="chain wide validate"
#
# Rounds interleave every variant; the table shows medians (each variant's own, and the ratio of the
# medians). Prints a markdown table on stdout (appended as TSV to $BENCH_RESULTS if set); progress and
# each run's figures on stderr. About a minute with the defaults. bench/spawn-chain.sh breaks the
# chain down further (the engine alone, the spawn mechanisms, JDK 25).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

ROUNDS="${ROUNDS:-5}"
CHAIN="${CHAIN:-1500}"
WIDE="${WIDE:-1000}"
VALIDATE="${VALIDATE:-10000}"
CELLS="${CELLS:-chain wide validate}"
CORES="$(nproc)"

echo "building the bench module and the CLI..." >&2
bench_build
CLI_BUILD=(mvn -o -q -B -pl factotum-cli-wrapper -am package -DskipTests -Dfuzz.short.skip=true)
(cd "$ROOT" && "${CLI_BUILD[@]}" >/dev/null 2>&1) || (cd "$ROOT" && "${CLI_BUILD[@]}") >&2
FACTOTUM="$ROOT/bin/factotum"
# The floor runs with the flags bin/factotum gives its JVM (C1 only, serial GC, CDS of the JDK).
FLOOR=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData
    -cp "$ROOT/bench/target/classes" io.factotum.bench.cli.ReadFileFloor)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" # the CLI writes its log under the working directory

# factfile <file> <tasks> <awk expression for task i's dependency, or "" for none>
factfile() {
    awk -v n="$2" -v name="$1" '
        function dep(i) { '"$3"' }
        BEGIN {
            printf "{\"schema\":\"iglu:com.snowplowanalytics.factotum/factfile/jsonschema/1-0-0\",\"data\":{\"name\":\"%s\",\"tasks\":[\n", name
            for (i = 0; i < n; i++) {
                d = dep(i)
                printf "%s{\"name\":\"task%d\",\"executor\":\"shell\",\"command\":\"true\",\"arguments\":[],\"dependsOn\":[%s],\"onResult\":{\"terminateJobWithSuccess\":[],\"continueJob\":[0]}}\n", \
                    (i ? "," : ""), i, (d == "" ? "" : "\"task" d "\"")
            }
            print "]}}"
        }' >"$1"
}
factfile chain.factfile "$CHAIN" 'return i ? i - 1 : ""'
factfile wide.factfile "$WIDE" 'return ""'
# 100 tasks a level, each after the task above it: 100 chains side by side.
factfile big.factfile "$VALIDATE" 'return i >= 100 ? i - 100 : ""'
BIG_MB="$(awk -v b="$(stat -c %s big.factfile)" 'BEGIN { printf "%.1f", b / 1e6 }')"
"$FACTOTUM" validate big.factfile >/dev/null 2>&1 || { echo "bin/factotum validate refuses the generated factfile:" >&2;
    "$FACTOTUM" validate big.factfile >&2; exit 1; }
"$FACTOTUM" --version >/dev/null 2>&1 # makes the CDS archive once, outside the measurements

now_ns() { date +%s%N; }
RESULTS="$WORK/results" # <variant>\t<value>
record() { printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"; echo "  $1: $2" >&2; }

# timed <variant> <command...>: records the wall time in seconds.
timed() {
    local variant="$1" start
    shift
    start="$(now_ns)"
    "$@" >/dev/null 2>&1 || echo "warning: $variant exited with $?" >&2
    record "$variant" "$(awk -v ns="$(($(now_ns) - start))" 'BEGIN { printf "%.4f", ns / 1e9 }')"
}
# timed_rss <variant> <command...>: records the wall time (s) and the max RSS (MB).
timed_rss() {
    local variant="$1" start
    shift
    start="$(now_ns)"
    /usr/bin/time -o "$WORK/rss" -f '%M' "$@" >/dev/null 2>&1 || echo "warning: $variant exited with $?" >&2
    record "$variant time" "$(awk -v ns="$(($(now_ns) - start))" 'BEGIN { printf "%.4f", ns / 1e9 }')"
    record "$variant rss" "$(awk '{ v = $1 } END { printf "%.1f", v / 1024 }' "$WORK/rss")"
}
shell_loop() { local i; for ((i = 0; i < CHAIN; i++)); do sh -c true; done; }
wide_xargs() { seq "$WIDE" | xargs -P"$CORES" -n1 sh -c true _; }

for ((round = 1; round <= ROUNDS; round++)); do
    echo "round $round/$ROUNDS" >&2
    for cell in $CELLS; do
        case "$cell" in
            chain)
                timed "chain shell" shell_loop
                timed "chain cli" "$FACTOTUM" run chain.factfile ;;
            wide)
                timed "wide xargs" wide_xargs
                timed "wide cli" "$FACTOTUM" run wide.factfile ;;
            validate)
                timed_rss "validate floor" "${FLOOR[@]}" big.factfile
                timed_rss "validate cli" "$FACTOTUM" validate big.factfile ;;
            *) echo "unknown cell $cell (chain, wide, validate)" >&2; exit 2 ;;
        esac
    done
done

# One row per cell: the median of the CLI's figures, the median of the baseline's, their ratio.
awk -F'\t' -v chain="$CHAIN" -v wide="$WIDE" -v big="$VALIDATE" -v mb="$BIG_MB" -v cores="$CORES" \
    -v tsv="${BENCH_RESULTS:-}" '
    { n[$1]++; v[$1, n[$1]] = $2 }
    function median(k,   i, j, t, m) {
        for (i = 1; i <= n[k]; i++) s[i] = v[k, i]
        for (i = 1; i <= n[k]; i++) for (j = i + 1; j <= n[k]; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
        m = int((n[k] + 1) / 2)
        return n[k] % 2 ? s[m] : (s[m] + s[m + 1]) / 2
    }
    function row(cell, who, key, unit, baseline, basekey,   f, b, i) {
        if (!(key in n) || !(basekey in n)) return
        f = median(key); b = median(basekey)
        # Each run against the baseline of its own round follows the load best: on stderr.
        n["ratio"] = n[key]
        for (i = 1; i <= n[key]; i++) v["ratio", i] = v[key, i] / v[basekey, i]
        printf "%s: median of the per-round ratios %.2f\n", cell, median("ratio") > "/dev/stderr"
        printf "| %s | %s | %.3f | %s | %s | %.3f | %.2f |\n", cell, who, f, unit, baseline, b, f / b
        if (tsv != "") printf "%s\t%s\t%.3f\t%s\t%s\t%.3f\t%.3f\n", cell, who, f, unit, baseline, b, f / b >>tsv
    }
    END {
        print "| cell | system | figure | unit | baseline | baseline figure | ratio |"
        print "|---|---|---|---|---|---|---|"
        row("CLI, chain of " chain " `true` tasks, JVM start included", "`bin/factotum run`", "chain cli", "s",
            "shell loop of " chain " x `sh -c true`", "chain shell")
        row("CLI, one level of " wide " `true` tasks, JVM start included", "`bin/factotum run`", "wide cli", "s",
            "`xargs -P" cores "`, " wide " x `sh -c true`", "wide xargs")
        row("CLI, validate a " big "-task factfile (" mb " MB): wall time", "`bin/factotum validate`",
            "validate cli time", "s", "JVM floor (same flags; reads the file, exits)", "validate floor time")
        row("CLI, validate a " big "-task factfile (" mb " MB): max RSS", "`bin/factotum validate`",
            "validate cli rss", "MB", "JVM floor (same flags; reads the file, exits)", "validate floor rss")
    }' "$RESULTS"
