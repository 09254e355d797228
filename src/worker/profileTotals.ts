// Each profile file's total of one sample type, for the flame graph's timeline. A file a model already holds (the
// profile on screen) is read from the model, never decoded again; any other is decoded once and the totals of all
// its sample types kept (keyed by path, size and mtime): store files never change after they are written, the
// timeline asks for the same hundreds of files every time a panel opens, and panels of the other sample types of
// the same files (a heap profile's four) then need no decode at all.
import { selectSampleType } from '../core/aggregate/sampleType';
import type { ValueType } from '../core/profile/model';
import { readProfiles } from '../core/readers';
import { allSampleTypes } from '../core/readers/groups';
import type { ProfileTotal, ProfileTotalsRequest } from '../shared/flamegraphProtocol';
import { fileVersionKey } from './fileVersion';
import type { ModelEntry } from './modelCache';

const MAX_REMEMBERED = 20_000;

interface FileFigures {
  readonly sampleTypes: readonly ValueType[];
  readonly defaultSampleType: string;
  /** Per sample type, in the file's order. */
  readonly totals: readonly number[];
  readonly timeMs: number;
  readonly durationMs: number;
  /** The file did not decode. */
  readonly error?: string;
}

const remembered = new Map<string, FileFigures>();

export function profileTotals(request: ProfileTotalsRequest): ProfileTotal[] {
  return request.files.map((file) => profileTotal(file, request.typeName, request.limits));
}

/** One file's total of `typeName` (its figures decoded once per file version, then remembered). */
export function profileTotal(file: string, typeName: string, limits: ProfileTotalsRequest['limits']): ProfileTotal {
  const key = fileVersionKey(file, limits);
  if (typeof key !== 'string') return { total: 0, timeMs: 0, durationMs: 0, error: `${file}: ${key.error}` };
  let figures = remembered.get(key);
  if (!figures) {
    figures = figuresOf(file, limits);
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, figures);
  }
  if (figures.error) return { total: 0, timeMs: 0, durationMs: 0, error: figures.error };
  try {
    const t = selectSampleType(figures.sampleTypes, figures.defaultSampleType, typeName);
    return { total: figures.totals[t], timeMs: figures.timeMs, durationMs: figures.durationMs };
  } catch (e) {
    return { total: 0, timeMs: figures.timeMs, durationMs: figures.durationMs, error: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The totals of `typeName` of the files that models hold (at the same version), read from their rows: one pass
 * over each model that holds any of them.
 */
export function totalsFromModels(models: readonly ModelEntry[], files: readonly string[], typeName: string, limits: ProfileTotalsRequest['limits']): Map<string, ProfileTotal> {
  const out = new Map<string, ProfileTotal>();
  const wanted = new Set<string>();
  for (const f of files) {
    const key = fileVersionKey(f, limits);
    if (typeof key === 'string') wanted.add(key);
  }
  for (const entry of models) {
    const t = entry.model.sampleTypes.findIndex((s) => s.type === typeName);
    const held = new Set(entry.sources.filter((s, i) => wanted.has(entry.versions[i]) && !out.has(s)));
    if (t < 0 || held.size === 0) continue;
    const { rows, profiles, sampleTypes } = entry.model;
    const perProfile = new Float64Array(profiles.count);
    for (let r = 0; r < rows.count; r++) perProfile[rows.profile[r]] += rows.values[r * sampleTypes.length + t];
    for (let p = 0; p < profiles.count; p++) {
      const file = profiles.source[p];
      if (!held.has(file)) continue;
      const sum = out.get(file);
      if (sum) {
        out.set(file, { ...sum, total: sum.total + perProfile[p] });
        continue;
      }
      const timeNanos = profiles.timeNanos[p];
      const durationNanos = profiles.durationNanos[p];
      out.set(file, {
        total: perProfile[p], timeMs: timeNanos > 0 ? Math.floor(timeNanos / 1e6) : 0, durationMs: durationNanos > 0 ? Math.round(durationNanos / 1e6) : 0,
      });
    }
  }
  return out;
}

/** Whether the file's figures are remembered (no decode needed). */
export function hasProfileTotal(file: string, limits: ProfileTotalsRequest['limits']): boolean {
  const key = fileVersionKey(file, limits);
  return typeof key !== 'string' || remembered.has(key);
}

function figuresOf(file: string, limits: ProfileTotalsRequest['limits']): FileFigures {
  try {
    const profiles = readProfiles(file, file, limits);
    // A file of several kinds (JFR) lists every kind's types; a type in several profiles sums them.
    const sampleTypes = allSampleTypes([profiles]);
    const totals = sampleTypes.map(() => 0);
    for (const p of profiles) {
      const stride = p.sampleTypes.length;
      const values = p.samples.values;
      p.sampleTypes.forEach((type, t) => {
        const at = sampleTypes.findIndex((k) => k.type === type.type && k.unit === type.unit);
        for (let i = t; i < values.length; i += stride) totals[at] += values[i];
      });
    }
    const p = profiles[0];
    return {
      sampleTypes, defaultSampleType: p.defaultSampleType, totals,
      timeMs: p.timeNanos > 0 ? Math.floor(p.timeNanos / 1e6) : 0, durationMs: p.durationNanos > 0 ? Math.round(p.durationNanos / 1e6) : 0,
    };
  } catch (e) {
    return { sampleTypes: [], defaultSampleType: '', totals: [], timeMs: 0, durationMs: 0, error: e instanceof Error ? e.message : String(e) };
  }
}
