// A real Parca server (scripts/setup-peers/parca.sh) on 127.0.0.1, with filesystem object storage and in-memory
// profile storage in a temp folder, scraping the given targets. Ready when its query API answers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPeerServer, type RunningPeerServer } from './peer-server';

export interface ScrapeJob {
  readonly job: string;
  readonly intervalSeconds: number;
  /** Scrape CPU profiles too (default). Go serves one CPU profile at a time: scrape a process's CPU in one job only. */
  readonly cpu?: boolean;
  /** host:port targets, each group with its own labels (e.g. a version). */
  readonly groups: readonly { readonly targets: readonly string[]; readonly labels: Readonly<Record<string, string>> }[];
}

export type RunningParca = RunningPeerServer;

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

export function startParca(jobs: readonly ScrapeJob[]): Promise<RunningParca> {
  return startPeerServer({
    name: 'parca',
    ports: 1,
    prepare: (dir) => writeFileSync(join(dir, 'parca.yaml'), config(join(dir, 'objects'), jobs)),
    args: ([port], dir) => [
      `--config-path=${join(dir, 'parca.yaml')}`,
      `--http-address=127.0.0.1:${port}`,
      `--storage-path=${join(dir, 'data')}`,
      `--debuginfo-cache-dir=${join(dir, 'debuginfo')}`,
      // Never ask the internet for debug info: the scraped Go profiles are symbolized already.
      '--debuginfod-upstream-servers=127.0.0.1:1',
      '--log-level=warn',
    ],
    // /metrics answers once the HTTP server is up; the query API is served by the same server.
    readiness: 'answering on /metrics',
    ready: async (url) => ((await fetch(`${url}/metrics`)).ok ? true : undefined),
    deadlineMs: 60_000,
  });
}
