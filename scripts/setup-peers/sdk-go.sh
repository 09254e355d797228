#!/usr/bin/env bash
# The Go service instrumented with the real Pyroscope Go SDK (test/peers/services/sdk-go: github.com/grafana/
# pyroscope-go, pinned by its go.mod and go.sum) for test/peers/sdk-go.test.ts, built with the `go` on PATH from
# the Go module proxy into ~/.cache/perflens-peers/sdk-go-<version>/service. The stamp beside it holds a hash of
# the service's sources and the Go version (test/peers/sdk/cached-build.ts computes the same): when either
# changes, the next run rebuilds.
set -euo pipefail
src="$(cd "$(dirname "$0")/../../test/peers/services/sdk-go" && pwd)"
cache="${PERFLENS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-peers}"
log() { printf '[setup-peers] %s\n' "$*"; }

version="$(sed -nE 's#^require github.com/grafana/pyroscope-go (v[^ ]+)$#\1#p' "$src/go.mod")"
dir="$cache/sdk-go-$version"
stamp="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16) $(go env GOVERSION)"
if [ -x "$dir/service" ] && [ "$(cat "$dir/.complete" 2>/dev/null)" = "$stamp" ]; then
  log "pyroscope-go $version service: cached in $dir"
  exit 0
fi
log "pyroscope-go $version service: building with $(go env GOVERSION) into $dir"
mkdir -p "$dir"
rm -f "$dir/.complete"
# -mod=readonly: go.sum is complete and stays as committed; GOTOOLCHAIN=local: never fetch another Go.
(cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -trimpath -o "$dir/service.tmp" .)
mv -f "$dir/service.tmp" "$dir/service"
printf '%s' "$stamp" > "$dir/.complete"
log "pyroscope-go $version service: built"
