// A real Parca server (scripts/setup-peers/parca.sh) on 127.0.0.1, with filesystem object storage and in-memory
// profile storage in a temp folder, scraping the given targets. Ready when its query API answers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerBinary } from './binaries';
import { AddressInUseError, withFreePorts } from './ports';
import { describeExit, startProcess, type ServerProcess } from './process';
import { waitFor } from './wait';

export interface ScrapeJob {
  readonly job: string;
  readonly intervalSeconds: number;
  /** Scrape CPU profiles too (default). Go serves one CPU profile at a time: scrape a process's CPU in one job only. */
  readonly cpu?: boolean;
  /** host:port targets, each group with its own labels (e.g. a version). */
  readonly groups: readonly { readonly targets: readonly string[]; readonly labels: Readonly<Record<string, string>> }[];
}

export interface RunningParca {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

/** Parca's config. JSON is YAML, and JSON strings carry any label value exactly. */
function config(storageDir: string, jobs: readonly ScrapeJob[]): string {
  return JSON.stringify({
    object_storage: { bucket: { type: 'FILESYSTEM', config: { directory: storageDir } } },
    scrape_configs: jobs.map((j) => ({
      job_name: j.job,
      scrape_interval: `${j.intervalSeconds}s`,
      scrape_timeout: `${j.intervalSeconds + 3}s`,
      static_configs: j.groups.map((g) => ({ targets: g.targets, labels: g.labels })),
      // An entry replaces Parca's default for that profile (a CPU entry would lose `delta`, hence `?seconds=`).
      profiling_config: {
        pprof_config: { ...(j.cpu === false ? { process_cpu: { enabled: false } } : {}), goroutine: { enabled: false }, block: { enabled: false }, mutex: { enabled: false } },
      },
    })),
  }, null, 2);
}

export async function startParca(jobs: readonly ScrapeJob[]): Promise<RunningParca> {
  const binary = peerBinary('parca');
  const dir = mkdtempSync(join(tmpdir(), 'perflens-parca-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(dir, 'parca.yaml'), config(join(dir, 'objects'), jobs));
  try {
    return await withFreePorts(1, async ([port]) => {
      const server = startProcess('parca', binary, [
        `--config-path=${join(dir, 'parca.yaml')}`,
        `--http-address=127.0.0.1:${port}`,
        `--storage-path=${join(dir, 'data')}`,
        `--debuginfo-cache-dir=${join(dir, 'debuginfo')}`,
        // Never ask the internet for debug info: the scraped Go profiles are symbolized already.
        '--debuginfod-upstream-servers=127.0.0.1:1',
        '--log-level=warn',
      ], { cwd: dir });
      const url = `http://127.0.0.1:${port}`;
      try {
        // /metrics answers once the HTTP server is up; the query API is served by the same server.
        await waitFor('Parca answering on /metrics', async () => ((await fetch(`${url}/metrics`)).ok ? true : undefined), {
          deadlineMs: 60_000,
          abortIf: () => describeExit(server),
        });
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
