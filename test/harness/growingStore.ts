// A store whose service regresses step by step across versions: the real Go CPU profile of the shop fixture
// (test/fixtures/go/cpu-trimpath.pb.gz), once per version an hour apart, with the samples of one function's
// stacks multiplied by the version's number (v1 ×1, v2 ×2, …) — its share rises at each release while the rest of
// the profile stays as measured. For the Trends view and the trends request of the profile worker, and (pushed to
// a server, or served by a fake one) for trends of remote sources.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodePprof } from '../../src/core/profile/encode';
import { parseProfile } from '../../src/core/profile/parse';

// From test/harness, or from the in-host suite's bundle in out/test/integration.
const fixture = [join(__dirname, '../fixtures/go/cpu-trimpath.pb.gz'), join(__dirname, '../../../test/fixtures/go/cpu-trimpath.pb.gz')].find((f) => existsSync(f))!;

/**
 * The fixture taken at `takenMs`, every value multiplied by `scale`, and those of the stacks that hold `grows`
 * by `times` more.
 */
export function growingProfile(grows: string, times: number, takenMs: number, scale = 1): Uint8Array {
  const profile = parseProfile(new Uint8Array(readFileSync(fixture)), fixture);
  const { samples, locations, lines, functions, strings } = profile;
  const growing = new Uint8Array(samples.count);
  for (let s = 0; s < samples.count; s++) {
    for (let i = samples.locationStart[s]; i < samples.locationStart[s + 1] && !growing[s]; i++) {
      const loc = samples.locations[i];
      for (let l = locations.lineStart[loc]; l < locations.lineStart[loc + 1]; l++) {
        if (strings.get(functions.name[lines.function[l]]) === grows) growing[s] = 1;
      }
    }
  }
  if (!growing.includes(1)) throw new Error(`${grows} is not in ${fixture}`);
  const width = profile.sampleTypes.length;
  const values = Float64Array.from(samples.values, (x, i) => x * scale * (growing[Math.floor(i / width)] ? times : 1));
  return encodePprof({ ...profile, timeNanos: takenMs * 1e6, samples: { ...samples, values } });
}

/**
 * Writes `<store>/<service>/v<i>/cpu/<millis>.pb.gz` for i = 1..versions, `stepMs` apart (default an hour), the last
 * one `endMs`; returns the files.
 */
export function writeGrowingStore(store: string, options: { service: string; grows: string; versions: number; endMs: number; stepMs?: number }): string[] {
  const files: string[] = [];
  for (let v = 1; v <= options.versions; v++) {
    const timeMs = options.endMs - (options.versions - v) * (options.stepMs ?? 3_600_000);
    const dir = join(store, options.service, `v${v}`, 'cpu');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${timeMs}.pb.gz`);
    writeFileSync(file, gzipSync(growingProfile(options.grows, v, timeMs)));
    files.push(file);
  }
  return files;
}
