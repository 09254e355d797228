// Starting a peer server binary the way every peers test does: in its own temp folder (removed on stop), on free
// loopback ports (new ones when the address was taken meanwhile), ready when `ready` says so, never left running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerBinary } from './binaries';
import { AddressInUseError, withFreePorts } from './ports';
import { describeExit, startProcess, type ServerProcess } from './process';
import { until } from '../../harness/wait';

export interface RunningPeerServer {
  /** http://127.0.0.1:<first port> */
  readonly url: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

export interface PeerServerSpec {
  /** The binary's name in ~/.cache/perflens-peers/bin. */
  readonly name: string;
  readonly ports: number;
  /** Writes what the server needs into its folder before the first start. */
  readonly prepare?: (dir: string) => void;
  readonly args: (ports: number[], dir: string) => string[];
  /** What readiness means, for messages, and the check (throw or return undefined: not yet). */
  readonly readiness: string;
  readonly ready: (url: string) => Promise<true | undefined>;
  readonly deadlineMs: number;
}

export async function startPeerServer(spec: PeerServerSpec): Promise<RunningPeerServer> {
  const binary = peerBinary(spec.name);
  const dir = mkdtempSync(join(tmpdir(), `perflens-${spec.name}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    spec.prepare?.(dir);
    return await withFreePorts(spec.ports, async (ports) => {
      const server = startProcess(spec.name, binary, spec.args(ports, dir), { cwd: dir });
      const url = `http://127.0.0.1:${ports[0]}`;
      try {
        await until(() => spec.ready(url), `${spec.name} ${spec.readiness}`, { deadlineMs: spec.deadlineMs, everyMs: 500, abortIf: () => describeExit(server) });
      } catch (e) {
        await server.stop();
        if (/address already in use/.test(server.output())) throw new AddressInUseError(server.output());
        throw e;
      }
      return {
        url,
        process: server,
        async stop() {
          await server.stop();
          removeDir();
        },
      };
    });
  } catch (e) {
    removeDir();
    throw e;
  }
}
