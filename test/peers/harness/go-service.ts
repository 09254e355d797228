// The peers tests' Go service (test/peers/fixtures/go-service): net/http/pprof, optionally pushing with the
// real pyroscope-go SDK, its CPU in main.plantedHotspot and its allocations in main.allocateBatch; with spans, it
// serves requests as spans (pprof labels span_id and span_name, otel-profiling-go style) listed at /spans.
import { join } from 'node:path';
import { startListening, type RunningService } from '../../unit/sources/helpers/services';
import { buildGoProgram, type BuiltProgram } from './go-program';

export const HOT_FUNCTION = 'main.plantedHotspot';
export const ALLOC_FUNCTION = 'main.allocateBatch';

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

export function buildGoService(): Promise<BuiltProgram> {
  return buildGoProgram(join(__dirname, '../fixtures/go-service'));
}

export interface PushOptions {
  readonly server: string;
  readonly service: string;
  readonly tenant?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** One running copy; with `push`, it sends its profiles to that Pyroscope server every 2 s; with `spans`, it serves spans. */
export function startGoService(binary: string, push?: PushOptions, options: { spans?: boolean } = {}): Promise<RunningService> {
  const args: string[] = options.spans ? ['-spans'] : [];
  if (push) {
    args.push('-pyroscope', push.server, '-service', push.service);
    if (push.tenant) args.push('-tenant', push.tenant);
    for (const [k, v] of Object.entries(push.tags ?? {})) args.push('-tag', `${k}=${v}`);
  }
  return startListening(binary, args);
}
