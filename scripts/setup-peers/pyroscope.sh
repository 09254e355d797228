#!/usr/bin/env bash
# The real Grafana Pyroscope server for the peers tier (test/peers/pyroscope.test.ts), built from the Go module
# proxy.
#
# Why v1.12.0, and why this route:
# - Pyroscope's main module replaces github.com/grafana/pyroscope/api with its local ./api folder, which is a
#   module of its own and so is not in the main module's zip: `go install github.com/grafana/pyroscope/cmd/
#   pyroscope@vX` fails on any version ("replace directives" are not allowed there, and ./api is missing).
# - The wrapper module pyroscope/ builds the same program from published modules: it requires
#   github.com/grafana/pyroscope v1.12.0 and github.com/grafana/pyroscope/api v1.1.0, whose tree is the very
#   tree of ./api at the v1.12.0 tag (git tree 278e6f47d760 in both), and copies the main module's two other
#   replace lines (memberlist and yaml.v3 forks, both served by the proxy). api v1.0.0 and v1.5.0 do not fit
#   v1.12.0 (they lack api/otlp, which its OTLP ingester imports).
# - v1.12.0 is the newest Pyroscope the module proxy serves to these machines: v1.12.1, v1.12.2, v1.13.x and every
#   v2 (module github.com/grafana/pyroscope/v2) are answered with 403 "This module version is not available", as
#   is the version list. So the tests run against 1.12.0, not the 2.x that Grafana ships today; what 2.x changed
#   for clients (label names with dots kept) is checked against Parca, whose parser is the newer one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/go-tool.sh"

PYROSCOPE_VERSION=v1.12.0
peers_build_go_tool pyroscope "$PYROSCOPE_VERSION" "$here/pyroscope" github.com/grafana/pyroscope/cmd/pyroscope \
  "-X github.com/grafana/pyroscope/pkg/util/build.Version=${PYROSCOPE_VERSION#v}"
