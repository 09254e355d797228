# Sourced by scripts/setup-test-env.sh and scripts/setup-peers/lib/go-tool.sh. The tests run the `go` on PATH
# (real Go profiles, `go tool pprof`, the peer servers' builds), and the peer servers' go.mod files ask for
# Go >= 1.25. The project's machines have such a Go in /usr/local/go/bin; Debian's golang-go (1.19) is too old.
REQUIRED_GO_MINOR=25

# require_go LOG_FUNCTION: returns 1, saying why through LOG_FUNCTION, unless `go` on PATH is Go >= 1.25.
require_go() {
  local log="${1:-echo}" version minor
  if ! command -v go >/dev/null; then
    "$log" "the tests need Go >= 1.$REQUIRED_GO_MINOR as 'go' on PATH, and there is no 'go' on PATH (the project's machines have it in /usr/local/go/bin)"
    return 1
  fi
  version="$(go env GOVERSION)"
  minor="$(printf '%s' "$version" | sed -nE 's/^go1\.([0-9]+).*/\1/p')"
  if [ -z "$minor" ] || [ "$minor" -lt "$REQUIRED_GO_MINOR" ]; then
    "$log" "the tests need Go >= 1.$REQUIRED_GO_MINOR as 'go' on PATH, and $(command -v go) is $version: put a newer Go first on PATH (the project's machines have it in /usr/local/go/bin)"
    return 1
  fi
}
