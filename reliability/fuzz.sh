#!/usr/bin/env bash
# Fuzzing run (issue 7, item 11): every Jazzer @FuzzTest class in fuzzing mode for SECONDS each
# (default 300), one JVM per class, in one Maven run (the `fuzz` profile of the root pom).
# Every `mvn verify` runs the same classes in regression mode (replaying their corpus) and then
# fuzzes each for 5 s (the `fuzz-short` execution of the root pom).
#
#   reliability/fuzz.sh [seconds] [class-pattern]    e.g. reliability/fuzz.sh 60 'Templater*'
#
# A finding fails its class, and Jazzer writes the input to the class's
# src/test/resources/.../<Class>Inputs/<method>/ directory, where every later build replays it:
# turn each into a plain JUnit regression test and fix the code. The working corpus grows in
# <module>/.cifuzz-corpus/ (git-ignored), so a later run starts where an earlier one stopped.
set -euo pipefail
seconds="${1:-300}"
pattern="${2:-*FuzzTest}"
cd "$(dirname "$0")/.."
offline="${FUZZ_MAVEN_OFFLINE--o}"

exec mvn $offline -q -B -Pfuzz -Dfuzz.duration="${seconds}s" -pl factotum-core,factotum-server -am verify \
  -Dtest="$pattern" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false
