#!/usr/bin/env bash
# Before/after of the live-events work (docs/benchmarks.md, "100 slow subscribers and job execution"):
# bench/slow-subscribers.sh in four scenarios against two builds of the server, the given revision's
# ("before") and the working tree's ("after"), alternating scenario by scenario, SESSIONS times.
#
#   bench/slow-subscribers-compare.sh <git revision>      SESSIONS=2
#
# Both builds run the working tree's harness (SlowSubscribersHarness, SlowSubscriberClients), copied
# into the "before" build's test sources, so that only the server differs. Prints one row per scenario
# and build: medians over all rounds of the run times, of the per-round ratios, and of the server's CPU.
# The "before" build is made in a temporary git worktree, removed on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REV="${1:?usage: bench/slow-subscribers-compare.sh <git revision>}"
WORK=$(mktemp -d /tmp/factotum-slow-compare.XXXXXX)
cleanup() {
    git -C "$ROOT" worktree remove --force "$WORK/before" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "building $REV in a temporary worktree" >&2
git -C "$ROOT" worktree add --detach "$WORK/before" "$REV" >/dev/null 2>&1
harness=factotum-server/src/test/java/io/factotum/server/bench
mkdir -p "$WORK/before/$harness"
cp "$ROOT/$harness"/*.java "$WORK/before/$harness/"
cp "$ROOT/bench/slow-subscribers.sh" "$WORK/before/bench/"

scenarios=("fh25-during:100 7 4 25000 during firehose" "fh100-before:100 7 4 100000 before firehose"
    "paced-during:100 5 4 100000 during paced" "paced-before:100 5 4 100000 before paced")
for session in $(seq "${SESSIONS:-2}"); do
    for s in "${scenarios[@]}"; do
        name=${s%%:*}
        read -r -a args <<< "${s#*:}"
        for build in before after; do
            tree=$ROOT
            [[ $build == before ]] && tree=$WORK/before
            echo "session $session: $name, $build" >&2
            (cd "$tree" && bench/slow-subscribers.sh "${args[@]}" >/dev/null 2> "$WORK/$build-$name-$session.err")
        done
    done
done

python3 - "$WORK" "$REV" <<'PY'
import collections, glob, re, statistics, sys
work, rev = sys.argv[1], sys.argv[2]
runs = collections.defaultdict(list)
cpu = collections.defaultdict(list)
for path in sorted(glob.glob(work + '/*.err')):
    build, scenario = re.match(r'.*/(before|after)-(.*)-\d+\.err$', path).groups()
    for line in open(path):
        r = re.match(r'round \d+: 0 subscribers (\d+) ms, \d+ slow subscribers (\d+) ms, ratio ([\d.]+)', line)
        if r:
            runs[scenario, build].append(tuple(float(x) for x in r.groups()))
        c = re.match(r'\s+([qc])\d+: CPU ms .*server (\d+),', line)
        if c:
            cpu[scenario, build, c.group(1)].append(int(c.group(2)))
print('| scenario | build | 0 subscribers | 100 slow subscribers | median of per-round ratios (range) | server CPU per run, quiet / crowded |')
print('|---|---|---|---|---|---|')
for (scenario, build), v in sorted(runs.items(), key=lambda kv: (kv[0][0], kv[0][1] != 'before')):
    med = lambda i: statistics.median(x[i] for x in v)
    ratios = [x[2] for x in v]
    label = rev if build == 'before' else 'working tree'
    print(f'| {scenario} | {label} | {med(0):,.0f} ms | {med(1):,.0f} ms | {statistics.median(ratios):.2f} '
          f'({min(ratios):.2f} to {max(ratios):.2f}) | {statistics.median(cpu[scenario, build, "q"]):,.0f} / '
          f'{statistics.median(cpu[scenario, build, "c"]):,.0f} ms |')
PY
