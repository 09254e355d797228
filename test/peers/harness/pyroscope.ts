// A real Grafana Pyroscope server (scripts/setup-peers/pyroscope.sh), single binary (-target=all), on 127.0.0.1
// only: every listener and every address it advertises to itself (rings, scheduler, memberlist) is loopback, or
// it dials the machine's interface address. Storage under a temp folder (its working directory), no usage
// reporting, no self-profiling. Ready when /ready says so (about 20 s on two cores).
import { startPeerServer, type RunningPeerServer } from './peer-server';

export interface PyroscopeOptions {
  /** Require X-Scope-OrgID (answers 401 without it). */
  readonly multitenancy?: boolean;
  /** -querier.max-query-length, e.g. '1h' (the server's default is 1d). */
  readonly maxQueryLength?: string;
  /** Take profiles stamped any time in the past (by default the distributor refuses those older than 1h). */
  readonly acceptOldProfiles?: boolean;
}

export type RunningPyroscope = RunningPeerServer;

const LOOPBACK = '127.0.0.1';

function flags(http: number, grpc: number, memberlist: number, options: PyroscopeOptions): string[] {
  const advertised = ['compactor.ring.instance-addr', 'distributor.ring.instance-addr', 'ingester.lifecycler.addr', 'overrides-exporter.ring.instance-addr',
    'query-frontend.instance-addr', 'query-scheduler.ring.instance-addr', 'store-gateway.sharding-ring.instance-addr', 'memberlist.advertise-addr'];
  return [
    '-target=all',
    `-server.http-listen-address=${LOOPBACK}`, `-server.http-listen-port=${http}`,
    `-server.grpc-listen-address=${LOOPBACK}`, `-server.grpc-listen-port=${grpc}`,
    `-memberlist.bind-addr=${LOOPBACK}`, `-memberlist.bind-port=${memberlist}`, `-memberlist.advertise-port=${memberlist}`,
    ...advertised.map((flag) => `-${flag}=${LOOPBACK}`),
    '-storage.backend=filesystem', '-storage.filesystem.dir=./objects', '-pyroscopedb.data-path=./db',
    '-usage-stats.enabled=false', '-self-profiling.disable-push=true',
    // The 15 s pause after readiness is for rolling updates in a cluster; a test has no cluster.
    '-ingester.min-ready-duration=0s',
    `-auth.multitenancy-enabled=${options.multitenancy ?? false}`,
    ...(options.maxQueryLength ? [`-querier.max-query-length=${options.maxQueryLength}`] : []),
    ...(options.acceptOldProfiles ? ['-validation.reject-older-than=0'] : []),
    '-log.level=warn',
  ];
}

export function startPyroscope(options: PyroscopeOptions = {}): Promise<RunningPyroscope> {
  return startPeerServer({
    name: 'pyroscope',
    ports: 3,
    args: ([http, grpc, memberlist]) => flags(http, grpc, memberlist, options),
    readiness: '/ready',
    ready: async (url) => {
      const res = await fetch(`${url}/ready`);
      if (res.ok) return true;
      throw new Error(`HTTP ${res.status}: ${(await res.text()).trim()}`);
    },
    deadlineMs: 180_000,
  });
}
