#!/usr/bin/env bash
# The peers tests' Go service (test/peers/services/go-service: net/http/pprof, and the real Pyroscope Go SDK
# github.com/grafana/pyroscope-go, pinned by its go.mod and go.sum), built with the `go` on PATH from the Go module
# proxy into ~/.cache/perflens-peers/go-service-<pyroscope-go version>/service. The stamp holds a hash of the
# service's sources and the Go version: when either changes, the next run rebuilds.
set -euo pipefail
. "$(dirname "$0")/lib/cached-install.sh"
src="$(cd "$(dirname "$0")/../../test/peers/services/go-service" && pwd)"
version="$(sed -nE 's#^require github.com/grafana/pyroscope-go (v[^ ]+)$#\1#p' "$src/go.mod")"
dir="$PEERS_CACHE/go-service-$version"
stamp="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16) $(go env GOVERSION)"
peers_cached "go-service (pyroscope-go $version)" "$dir" "$stamp" && exit 0
# -mod=readonly: go.sum is complete and stays as committed; GOTOOLCHAIN=local: never fetch another Go.
(cd "$src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -trimpath -o "$dir/service" .)
peers_completed "go-service (pyroscope-go $version)" "$dir" "$stamp"
