#!/usr/bin/env bash
# The real Pyroscope Java agent for test/peers/sdk-java.test.ts: io.pyroscope:agent from Maven Central (pinned
# below; async-profiler is inside the jar), copied into ~/.cache/perflens-peers/sdk-java-<version>/agent.jar.
set -euo pipefail
AGENT_VERSION=2.9.2
cache="${PERFLENS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perflens-peers}"
dir="$cache/sdk-java-$AGENT_VERSION"
log() { printf '[setup-peers] %s\n' "$*"; }

stamp="io.pyroscope:agent:$AGENT_VERSION"
if [ -f "$dir/agent.jar" ] && [ "$(cat "$dir/.complete" 2>/dev/null)" = "$stamp" ]; then
  log "pyroscope java agent $AGENT_VERSION: cached in $dir"
  exit 0
fi
log "pyroscope java agent $AGENT_VERSION: fetching from Maven Central into $dir"
mkdir -p "$dir"
rm -f "$dir/.complete"
mvn -q -B dependency:copy -Dartifact="io.pyroscope:agent:$AGENT_VERSION" -DoutputDirectory="$dir" -Dmdep.stripVersion=true
test -f "$dir/agent.jar"
printf '%s' "$stamp" > "$dir/.complete"
log "pyroscope java agent $AGENT_VERSION: ready"
