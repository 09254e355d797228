# Sourced by the scripts of scripts/setup-peers: builds a Go program of a peer server from one of our wrapper
# modules (a folder with go.mod and go.sum that require the server at a pinned version and name its main package
# in a `tool` line), with the `go` on PATH, from the Go module proxy only.
#
# Why wrapper modules rather than `go install module/cmd/x@version`: `go install …@version` first reads the
# module's version list (to check for a deprecation notice), and the module proxy these machines reach answers
# that list with 403 for both Parca and Pyroscope, so the install fails before building anything. A module of
# our own with a committed go.sum needs no list, pins every dependency, and is checked against the checksum
# database like any build.
#
# The binary lands in $PEERS_CACHE/<name>-<version>/<name>, with a stamp holding a hash of the wrapper's go.mod
# and go.sum, of the link flags and of the Go version: when one changes, the next run rebuilds.
# $PEERS_CACHE/bin/<name> links to it; the tests run that (test/peers/harness/binaries.ts).

. "$(dirname "${BASH_SOURCE[0]}")/../../require-go.sh"

PEERS_CACHE="${PERFLENS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-peers}"

peers_log() { printf '[setup-peers] %s\n' "$*"; }

# peers_build_go_tool NAME VERSION MODULE_DIR PACKAGE [LDFLAGS]
peers_build_go_tool() {
  local name="$1" version="$2" module_dir="$3" package="$4" ldflags="${5:-}"
  require_go peers_log || return 1
  local dir="$PEERS_CACHE/$name-$version"
  local stamp
  stamp="$( (cat "$module_dir/go.mod" "$module_dir/go.sum"; echo "$ldflags") | sha256sum | cut -c1-16) $(go env GOVERSION)"
  if [ -x "$dir/$name" ] && [ "$(cat "$dir/.complete" 2>/dev/null)" = "$stamp" ]; then
    peers_log "$name $version: cached in $dir"
  else
    peers_log "$name $version: building $package with $(go env GOVERSION) into $dir (the first time takes minutes)"
    mkdir -p "$dir"
    rm -f "$dir/.complete"
    local started=$SECONDS
    # -mod=readonly: go.sum is complete and must stay as committed; GOTOOLCHAIN=local: never fetch another Go.
    (cd "$module_dir" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" \
      go build -trimpath -ldflags="-s -w $ldflags" -o "$dir/$name.tmp" "$package") || return 1
    mv -f "$dir/$name.tmp" "$dir/$name"
    printf '%s' "$stamp" > "$dir/.complete"
    peers_log "$name $version: built in $((SECONDS - started)) s"
  fi
  mkdir -p "$PEERS_CACHE/bin"
  ln -sfn "$dir/$name" "$PEERS_CACHE/bin/$name"
}
