#!/usr/bin/env bash
# Installs what the integration and e2e tiers need: Debian packages (Chromium, Go for real profiles, the
# native build deps of code-server) and the VS Code server from the code-server npm package, kept in a cache
# folder outside the repo so `vsce package` never sees it. Safe to re-run: each step is skipped when done.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_DIR="${PERFLENS_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-test}"
CS_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium golang-go git libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep)

log() { printf '[setup] %s\n' "$*"; }

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

if [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION (VS Code 1.100) into $CS_DIR"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this cached archive: give it Debian's rg.
  tmp="$(node -p 'require("os").tmpdir()')"
  rg_cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  (
    cd "$CS_DIR"
    echo '{"name":"perflens-code-server","private":true}' > package.json
    # yes: node-pty's postinstall runs `npx node-gyp`; unsafe_perm: code-server refuses root otherwise.
    npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error \
      --dangerously-allow-all-scripts "code-server@$CODE_SERVER_VERSION" >/dev/null
  )
  test -f "$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js"
  touch "$CS_DIR/.complete"
fi
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

log "ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), go $(go version | awk '{print $3}'), code-server $CODE_SERVER_VERSION"
