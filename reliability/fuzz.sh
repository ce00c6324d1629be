#!/usr/bin/env bash
# Long fuzzing run (issue 7, item 11): fuzzes every Jazzer @FuzzTest target in turn for
# SECONDS each (default 300). Not part of CI: CI replays the corpus in regression mode.
#
#   reliability/fuzz.sh [seconds] [filter]     e.g. reliability/fuzz.sh 60 Templater
#
# A crash fails the target, and Jazzer writes the input to the target's
# src/test/resources/.../<Class>Inputs/<method>/ directory, where every later build replays it.
# Turn each one into a plain JUnit regression test and fix the code. The growing working corpus
# is kept in .cifuzz-corpus/ (git-ignored) so later runs start where earlier ones stopped.
set -uo pipefail
seconds="${1:-300}"
filter="${2:-}"
cd "$(dirname "$0")/.."

targets=(
  "factotum-core io.factotum.factfile.FactfileParserFuzzTest#parse"
  "factotum-core io.factotum.json.RustcJsonReaderFuzzTest#parse"
  "factotum-core io.factotum.json.SchemaValidatorFuzzTest#validate"
  "factotum-core io.factotum.factfile.TemplaterFuzzTest#render"
  "factotum-core io.factotum.factfile.TemplaterFuzzTest#variables"
  "factotum-server io.factotum.server.http.RequestBodiesFuzzTest#decode"
  "factotum-server io.factotum.server.http.RequestBodiesFuzzTest#serdeRoundTrip"
)

# Bound the fuzzing JVM's heap: the machine is shared and libFuzzer keeps its corpus in memory.
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:--Xmx1g}"

failed=()
for target in "${targets[@]}"; do
  module="${target%% *}"
  test="${target#* }"
  [[ -n "$filter" && "$test" != *"$filter"* ]] && continue
  echo "== fuzzing $test for ${seconds}s"
  # Only one fuzz test runs per JVM in fuzzing mode, hence one Maven run per target.
  if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" mvn -o -q -B -pl "$module" -am verify \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false; then
    failed+=("$test")
  fi
done

if ((${#failed[@]})); then
  echo "FINDINGS in: ${failed[*]} (inputs saved under src/test/resources/**/*Inputs/)" >&2
  exit 1
fi
echo "no findings"
