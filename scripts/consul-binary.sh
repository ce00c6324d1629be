#!/usr/bin/env bash
# Builds (or reuses) the Consul 1.16.1 agent the Consul tests run against, and prints its path.
#
# Consul is not packaged in Debian and release downloads are unreachable here, so it is built from
# the Go module proxy. 1.16.1 is the last MPL-2.0 line (1.17+ is under the Business Source License);
# the build refuses to finish if any linked module's LICENSE is the BSL.
#
#   scripts/consul-binary.sh          # build if missing, print the path
#   FACTOTUM_CONSUL_BIN=/x/consul     # use this binary instead (checked, not built)
set -euo pipefail

VERSION=1.16.1
CACHE_DIR="${FACTOTUM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/factotum}"
BIN="$CACHE_DIR/consul-$VERSION"

if [[ -n "${FACTOTUM_CONSUL_BIN:-}" ]]; then
  "$FACTOTUM_CONSUL_BIN" version >/dev/null || { echo "FACTOTUM_CONSUL_BIN=$FACTOTUM_CONSUL_BIN does not run" >&2; exit 1; }
  echo "$FACTOTUM_CONSUL_BIN"; exit 0
fi

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/consul-$VERSION.lock"
flock 9   # two builds never race; the second reuses the first's binary

if [[ -x "$BIN" ]] && "$BIN" version 2>/dev/null | grep -q "Consul v$VERSION"; then
  echo "$BIN"; exit 0
fi

command -v go >/dev/null || { echo "go is not installed: it is needed to build Consul $VERSION" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

echo "building Consul $VERSION from the Go module proxy (about 9 minutes cold on 2 cores)..." >&2
src_json=$(go mod download -json "github.com/hashicorp/consul@v$VERSION")
src_dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$src_json")
[[ -d "$src_dir" ]] || { echo "go mod download gave no source directory" >&2; exit 1; }

work=$(mktemp -d "$CACHE_DIR/consul-build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$src_dir/." "$work/"
chmod -R u+w "$work"
cd "$work"

# The five in-repo sub-modules are separate modules, not in the zip: use the versions go.mod requires.
for m in api envoyextensions proto-public sdk troubleshoot; do
  go mod edit -dropreplace="github.com/hashicorp/consul/$m"
done

# The checksum database answers 404 for envoyextensions v0.4.1; troubleshoot v0.3.1's go.sum (which go
# does verify) carries its two h1: lines.
ts_dir=$(go mod download -json github.com/hashicorp/consul/troubleshoot@v0.3.1 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
grep -E '^github.com/hashicorp/consul/envoyextensions v0.4.1( |/go.mod )' "$ts_dir/go.sum" >> go.sum
[[ $(grep -c '^github.com/hashicorp/consul/envoyextensions v0.4.1' go.sum) -eq 2 ]] \
  || { echo "could not find envoyextensions v0.4.1 checksums in troubleshoot v0.3.1's go.sum" >&2; exit 1; }

go build -trimpath -o "$work/consul" .

# Licence check: every module linked into the binary must not be under the Business Source License.
bad=0
while read -r kind path version _; do
  [[ "$kind" == dep || "$kind" == mod ]] || continue
  [[ "$path" == github.com/hashicorp/* ]] || continue
  # The main module reports "(devel)", which go mod download refuses: its LICENSE is in $work.
  # (Without `|| true`, pipefail + set -e ended the script silently here, leaving no binary.)
  dir=$(go mod download -json "$path@$version" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' || true)
  [[ -z "$dir" ]] && dir="$work"
  if grep -qsi 'Business Source License' "$dir"/LICENSE*; then
    echo "licence check failed: $path $version is under the Business Source License" >&2; bad=1
  fi
done < <(go version -m "$work/consul" | awk '{print $1, $2, $3}')
[[ $bad -eq 0 ]] || exit 1

"$work/consul" version | grep -q "Consul v$VERSION" || { echo "built binary does not report v$VERSION" >&2; exit 1; }
mv "$work/consul" "$BIN.tmp" && mv "$BIN.tmp" "$BIN"
echo "$BIN"
