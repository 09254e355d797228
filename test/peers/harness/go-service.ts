// The peers tests' Go service (test/peers/fixtures/go-service): net/http/pprof, optionally pushing with the
// real pyroscope-go SDK, its CPU in main.plantedHotspot and its allocations in main.allocateBatch.
import { join } from 'node:path';
import { startListening, type RunningService } from '../../unit/sources/helpers/services';
import { buildGoProgram, type BuiltProgram } from './go-program';

export const HOT_FUNCTION = 'main.plantedHotspot';
export const ALLOC_FUNCTION = 'main.allocateBatch';

export function buildGoService(): Promise<BuiltProgram> {
  return buildGoProgram(join(__dirname, '../fixtures/go-service'));
}

export interface PushOptions {
  readonly server: string;
  readonly service: string;
  readonly tenant?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** One running copy; with `push`, it sends its profiles to that Pyroscope server every 2 s. */
export function startGoService(binary: string, push?: PushOptions): Promise<RunningService> {
  const args: string[] = [];
  if (push) {
    args.push('-pyroscope', push.server, '-service', push.service);
    if (push.tenant) args.push('-tenant', push.tenant);
    for (const [k, v] of Object.entries(push.tags ?? {})) args.push('-tag', `${k}=${v}`);
  }
  return startListening(binary, args);
}
