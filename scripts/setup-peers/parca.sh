#!/usr/bin/env bash
# The real Parca server for the peers tier (test/peers/parca.test.ts), built from the Go module proxy.
# Pinned: v0.28.0, the release the protocol audit read (../shared/research/real-servers-audit.md). Its go.mod has
# no replace lines, so the wrapper module parca/ is just `tool github.com/parca-dev/parca/cmd/parca` with the
# requirements and go.sum that `go get -tool github.com/parca-dev/parca/cmd/parca@v0.28.0` wrote. Built without
# the UI (the embedded UI folder holds only a placeholder in the module; the API is what PerfLens uses).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/go-tool.sh"

PARCA_VERSION=v0.28.0
peers_build_go_tool parca "$PARCA_VERSION" "$here/parca" github.com/parca-dev/parca/cmd/parca "-X main.version=$PARCA_VERSION"
