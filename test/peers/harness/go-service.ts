// The peers tests' Go service (test/peers/services/go-service, built by scripts/setup-peers/go-service.sh):
// net/http/pprof, optionally pushing with the real pyroscope-go SDK; CPU in main.plantedHotspot, allocations in
// main.allocateBatch, mutex contention in main.contendLock, channel waits in main.waitOnChannel; with spans, it
// serves requests as spans (pprof labels span_id and span_name, otel-profiling-go style) listed at /spans.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startListening, type RunningService } from '../../unit/sources/helpers/services';
import { cachedInstall, goVersion, sourceStamp } from '../sdk/cached-build';

export const HOT_FUNCTION = 'main.plantedHotspot';
export const ALLOC_FUNCTION = 'main.allocateBatch';
export const MUTEX_FUNCTION = 'main.contendLock';
export const BLOCK_FUNCTION = 'main.waitOnChannel';

/** The functions where each span name spends its CPU. */
export const SPAN_FUNCTIONS = { 'GET /search': 'main.searchProducts', 'POST /checkout': 'main.chargeCard' } as const;

export interface FinishedSpan {
  readonly span_id: string;
  readonly span_name: keyof typeof SPAN_FUNCTIONS;
  readonly start_ms: number;
  readonly end_ms: number;
}

/** The spans the service has finished so far (the last 1,000). */
export async function finishedSpans(service: RunningService): Promise<FinishedSpan[]> {
  const res = await fetch(`http://${service.address}/spans`);
  if (!res.ok) throw new Error(`GET /spans: ${res.status}`);
  return (await res.json()) as FinishedSpan[];
}

const serviceDir = resolve(__dirname, '../services/go-service');
/** The pyroscope-go version the service is built with (its go.mod). */
export const PYROSCOPE_GO_VERSION = /github\.com\/grafana\/pyroscope-go (v\S+)/.exec(readFileSync(join(serviceDir, 'go.mod'), 'utf8'))![1];

/** The binary the set-up built from the committed sources (an error naming the script when it is missing or stale). */
export function goServiceBinary(): string {
  const stamp = sourceStamp(['go.mod', 'go.sum', 'main.go'].map((f) => join(serviceDir, f)), goVersion());
  return join(cachedInstall(`go-service-${PYROSCOPE_GO_VERSION}`, stamp, 'go-service.sh'), 'service');
}

export interface PushOptions {
  /** Pyroscope's URL, or `perflens collect --ingest`'s. */
  readonly server: string;
  readonly service: string;
  readonly tenant?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Every profile type pyroscope-go has (default: CPU, alloc and in-use space). */
  readonly allTypes?: boolean;
  /** Default 2 s. */
  readonly uploadRate?: string;
  /** A folder for a copy of every upload as the SDK sent it. */
  readonly sent?: string;
}

/**
 * One running copy; with `push`, it sends its profiles with pyroscope-go (stopping it flushes the SDK's last
 * uploads); with `spans`, it serves spans.
 */
export function startGoService(push?: PushOptions, options: { spans?: boolean } = {}): Promise<RunningService> {
  const args: string[] = options.spans ? ['-spans'] : [];
  if (push) {
    args.push('-pyroscope', push.server, '-service', push.service);
    if (push.tenant) args.push('-tenant', push.tenant);
    for (const [k, v] of Object.entries(push.tags ?? {})) args.push('-tag', `${k}=${v}`);
    if (push.allTypes) args.push('-all-types');
    if (push.uploadRate) args.push('-upload-rate', push.uploadRate);
    if (push.sent) args.push('-sent', push.sent);
  }
  return startListening(goServiceBinary(), args);
}
