// Each profile file's total of one sample type, for the flame graph's timeline. A file is decoded once and its
// figures kept (keyed by path, size, mtime and type): store files never change after they are written, and the
// timeline asks for the same hundreds of files every time a panel opens.
import { statSync } from 'node:fs';
import { selectSampleType } from '../core/aggregate/sampleType';
import { readProfileFile } from '../core/profile/parse';
import type { ProfileTotal, ProfileTotalsRequest } from '../shared/flamegraphProtocol';

const MAX_REMEMBERED = 20_000;
const remembered = new Map<string, ProfileTotal>();

export function profileTotals(request: ProfileTotalsRequest): ProfileTotal[] {
  return request.files.map((file) => {
    let key: string;
    try {
      const s = statSync(file);
      key = JSON.stringify([file, s.size, s.mtimeMs, request.typeName]);
    } catch (e) {
      return { total: 0, timeMs: 0, durationMs: 0, error: `${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
    }
    const hit = remembered.get(key);
    if (hit) return hit;
    const figures = totalOf(file, request);
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, figures);
    return figures;
  });
}

function totalOf(file: string, request: ProfileTotalsRequest): ProfileTotal {
  try {
    const p = readProfileFile(file, request.limits);
    const t = selectSampleType(p.sampleTypes, p.defaultSampleType, request.typeName);
    const stride = p.sampleTypes.length;
    const values = p.samples.values;
    let total = 0;
    for (let i = t; i < values.length; i += stride) total += values[i];
    return { total, timeMs: p.timeNanos > 0 ? Math.floor(p.timeNanos / 1e6) : 0, durationMs: p.durationNanos > 0 ? Math.round(p.durationNanos / 1e6) : 0 };
  } catch (e) {
    return { total: 0, timeMs: 0, durationMs: 0, error: e instanceof Error ? e.message : String(e) };
  }
}
