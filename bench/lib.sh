# Sourced by the bench scripts: builds what the harnesses need (offline when it can) and sets
#   BENCH_CP   the factotum-bench classpath (harnesses, JMH benchmarks, peers)
#   ROOT       the repository root
# It never installs anything into ~/.m2 and never runs the test suites.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_build() {
    local mvn_flags=(-q -B -pl bench -am -DskipTests -Dfuzz.short.skip=true)
    if ! (cd "$ROOT" && mvn -o "${mvn_flags[@]}" package >/dev/null 2>&1); then
        (cd "$ROOT" && mvn "${mvn_flags[@]}" package) >&2 || return 1
    fi
    local cpfile="$ROOT/bench/target/classpath.txt"
    (cd "$ROOT" && mvn -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null 2>&1) \
        || (cd "$ROOT" && mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$cpfile") >&2 || return 1
    BENCH_CP="$ROOT/bench/target/classes:$(cat "$cpfile")"
    export BENCH_CP ROOT
}
