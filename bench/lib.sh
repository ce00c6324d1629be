# Sourced by the bench scripts: builds what the harnesses need (offline when it can) and sets
#   BENCH_CP   the factotum-bench classpath (harnesses, JMH benchmarks, peers)
#   ROOT       the repository root
# It never installs anything into ~/.m2 and never runs the test suites.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_build() {
    local cpfile="$ROOT/bench/target/classpath.txt"
    # One reactor run, so the project's own modules resolve to their freshly built jars.
    local mvn_args=(-q -B -pl bench -am -DskipTests -Dfuzz.short.skip=true
        package dependency:build-classpath -Dmdep.outputFile="$cpfile")
    if ! (cd "$ROOT" && mvn -o "${mvn_args[@]}" >/dev/null 2>&1); then
        (cd "$ROOT" && mvn "${mvn_args[@]}") >&2 || return 1
    fi
    BENCH_CP="$ROOT/bench/target/classes:$(cat "$cpfile")"
    export BENCH_CP ROOT
}
