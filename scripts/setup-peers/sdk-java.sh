#!/usr/bin/env bash
# The real Pyroscope Java agent for test/peers/sdk-java.test.ts: io.pyroscope:agent from Maven Central (pinned
# below; async-profiler is inside the jar), copied into ~/.cache/perflens-peers/sdk-java-<version>/agent.jar.
set -euo pipefail
. "$(dirname "$0")/lib/cached-install.sh"
AGENT_VERSION=2.9.2
dir="$PEERS_CACHE/sdk-java-$AGENT_VERSION"
stamp="io.pyroscope:agent:$AGENT_VERSION"
peers_cached "pyroscope java agent $AGENT_VERSION" "$dir" "$stamp" && exit 0
mvn -q -B dependency:copy -Dartifact="io.pyroscope:agent:$AGENT_VERSION" -DoutputDirectory="$dir" -Dmdep.stripVersion=true
test -f "$dir/agent.jar"
peers_completed "pyroscope java agent $AGENT_VERSION" "$dir" "$stamp"
