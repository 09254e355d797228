#!/usr/bin/env bash
# The real Pyroscope Python SDK for test/peers/sdk-python.test.ts: pyroscope-io from PyPI (pinned below; built on
# pyroscope-rs, it pushes with Pyroscope's Connect API), in a virtual environment in
# ~/.cache/perflens-peers/sdk-python-<version>/venv. The stamp holds the version and the Python's.
set -euo pipefail
. "$(dirname "$0")/lib/cached-install.sh"
PYROSCOPE_IO_VERSION=1.4.0
dir="$PEERS_CACHE/sdk-python-$PYROSCOPE_IO_VERSION"
stamp="pyroscope-io==$PYROSCOPE_IO_VERSION $(python3 --version 2>&1)"
peers_cached "pyroscope-io $PYROSCOPE_IO_VERSION" "$dir" "$stamp" && exit 0
python3 -m venv "$dir/venv"
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check --no-input "pyroscope-io==$PYROSCOPE_IO_VERSION"
peers_completed "pyroscope-io $PYROSCOPE_IO_VERSION" "$dir" "$stamp"
