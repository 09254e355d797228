#!/usr/bin/env bash
# The real Pyroscope Python SDK for test/peers/sdk-python.test.ts: pyroscope-io from PyPI (pinned below; built on
# pyroscope-rs, it pushes with Pyroscope's Connect API), in a virtual environment in
# ~/.cache/perflens-peers/sdk-python-<version>/. The stamp beside it holds the version and the Python's.
set -euo pipefail
PYROSCOPE_IO_VERSION=1.4.0
cache="${PERFLENS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-peers}"
dir="$cache/sdk-python-$PYROSCOPE_IO_VERSION"
log() { printf '[setup-peers] %s\n' "$*"; }

stamp="pyroscope-io==$PYROSCOPE_IO_VERSION $(python3 --version 2>&1)"
if [ -x "$dir/venv/bin/python" ] && [ "$(cat "$dir/.complete" 2>/dev/null)" = "$stamp" ]; then
  log "pyroscope-io $PYROSCOPE_IO_VERSION: cached in $dir"
  exit 0
fi
log "pyroscope-io $PYROSCOPE_IO_VERSION: installing into $dir"
rm -rf "$dir"
mkdir -p "$dir"
python3 -m venv "$dir/venv"
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check --no-input "pyroscope-io==$PYROSCOPE_IO_VERSION"
printf '%s' "$stamp" > "$dir/.complete"
log "pyroscope-io $PYROSCOPE_IO_VERSION: installed"
