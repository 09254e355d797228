# Sourced by the SDK scripts of scripts/setup-peers: an install into its own folder of ~/.cache/perflens-peers,
# made once per stamp (what it was made from: versions, a hash of sources). A `.complete` file holding the stamp
# marks it done; test/peers/sdk/cached-build.ts checks the same stamp before a test uses the folder.

PEERS_CACHE="${PERFLENS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-peers}"

peers_log() { printf '[setup-peers] %s\n' "$*"; }

# peers_cached WHAT DIR STAMP: true when DIR was completed with STAMP; otherwise empties DIR and returns false.
peers_cached() {
  local what="$1" dir="$2" stamp="$3"
  if [ "$(cat "$dir/.complete" 2>/dev/null)" = "$stamp" ]; then
    peers_log "$what: cached in $dir"
    return 0
  fi
  peers_log "$what: installing into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  return 1
}

# peers_completed WHAT DIR STAMP: marks DIR done.
peers_completed() {
  printf '%s' "$3" > "$2/.complete"
  peers_log "$1: ready"
}
