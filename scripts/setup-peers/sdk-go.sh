#!/usr/bin/env bash
# The Go service instrumented with the real Pyroscope Go SDK (test/peers/services/sdk-go: github.com/grafana/
# pyroscope-go, pinned by its go.mod and go.sum) for test/peers/sdk-go.test.ts, built with the `go` on PATH from
# the Go module proxy into ~/.cache/perflens-peers/sdk-go-<version>/service. The stamp holds a hash of the
# service's sources and the Go version: when either changes, the next run rebuilds.
set -euo pipefail
. "$(dirname "$0")/lib/cached-install.sh"
src="$(cd "$(dirname "$0")/../../test/peers/services/sdk-go" && pwd)"
version="$(sed -nE 's#^require github.com/grafana/pyroscope-go (v[^ ]+)$#\1#p' "$src/go.mod")"
dir="$PEERS_CACHE/sdk-go-$version"
stamp="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16) $(go env GOVERSION)"
peers_cached "pyroscope-go $version service" "$dir" "$stamp" && exit 0
# -mod=readonly: go.sum is complete and stays as committed; GOTOOLCHAIN=local: never fetch another Go.
(cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -trimpath -o "$dir/service" .)
peers_completed "pyroscope-go $version service" "$dir" "$stamp"
