/**
 * `-top` of a profile with frame and label filters: `perflens top --json` with the filters as options (the model,
 * the query, the aggregator), or the query's filter functions on a profile's own columns (profileColumns.ts, which
 * keep what the model does not: pprof locations inside stacks, the binary of every frame), beside
 * `go tool pprof -top` with the same filters.
 */
import assert from 'node:assert/strict';
import { sortedRows, topTable } from '../../../../src/core/aggregate/topTable';
import { buildModel } from '../../../../src/core/model/buildModel';
import { parseProfile, readProfileFile } from '../../../../src/core/profile/parse';
import { pruneFrames } from '../../../../src/core/profile/pruneFrames';
import { compileFrameFilter, FRAME_OPTION_NAMES, FRAME_PATTERN_OPTIONS, type FrameFilter } from '../../../../src/core/query/filters';
import { filterStacks } from '../../../../src/core/query/filtersApply';
import { matchFrames } from '../../../../src/core/query/filtersMatch';
import { parseLabelFilter } from '../../../../src/core/query/labels';
import { matchLabelSets } from '../../../../src/core/query/labelsMatch';
import { matchTagFilter } from '../../../../src/core/query/labelsTagFilter';
import { select } from '../../../../src/core/query/select';
import { runCliCaptured } from '../../cli/helpers/runCliInProcess';
import { goClean, goPprofTopBatch } from '../../core/helpers/goPprof';
import { profileColumns, sampleValues, stacksAsPprof } from './profileColumns';

export interface FilterCase {
  readonly frames?: FrameFilter;
  /** Label filter text (perflens's language). */
  readonly labels?: string;
  readonly tagfocus?: string;
  readonly tagignore?: string;
}

export interface TopRows {
  /** The unfiltered total, as pprof prints it (with relative_percentages: the filtered total). */
  readonly total: number;
  /** flat and cum by pprof's row name ("function file"). */
  readonly rows: ReadonlyMap<string, { flat: number; cum: number }>;
}

/** pprof's options for a case, `name=value` (perflens's label language has no pprof spelling: not included). */
export function pprofOptions(c: FilterCase): string[] {
  const options: string[] = [];
  for (const o of FRAME_PATTERN_OPTIONS) if (c.frames?.[o]) options.push(`${FRAME_OPTION_NAMES[o]}=${c.frames[o]}`);
  if (c.tagfocus !== undefined) options.push(`tagfocus=${c.tagfocus}`);
  if (c.tagignore !== undefined) options.push(`tagignore=${c.tagignore}`);
  return options;
}

/** perflens's flags for a case. */
export function perflensFlags(c: FilterCase): string[] {
  const flags: string[] = [];
  for (const o of FRAME_PATTERN_OPTIONS) if (c.frames?.[o] !== undefined) flags.push(`--${FRAME_OPTION_NAMES[o].replace('_', '-')}=${c.frames[o]}`);
  for (const p of c.frames?.presets ?? []) flags.push(`--preset=${p}`);
  if (c.labels !== undefined) flags.push(`--labels=${c.labels}`);
  if (c.tagfocus !== undefined) flags.push(`--tagfocus=${c.tagfocus}`);
  if (c.tagignore !== undefined) flags.push(`--tagignore=${c.tagignore}`);
  return flags;
}

/**
 * `perflens top --json` by function and file (as pprof's -filefunctions, which pprofTops asks for: same-named
 * functions of different files are rows of their own); `relative`: the total is what the filters keep (pprof's
 * -relative_percentages).
 */
export async function ourTop(file: string, type: string, c: FilterCase, relative = false, extra: readonly string[] = []): Promise<TopRows> {
  const result = await runCliCaptured(['top', file, '--type', type, '--by', 'function-file', '--json', ...perflensFlags(c), ...extra]);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout) as { total: number; selected?: number; rows: { function: string; file: string; flat: number; cum: number }[] };
  const rows = new Map(json.rows.map((r) => [r.file ? `${r.function} ${goClean(r.file)}` : r.function, { flat: r.flat, cum: r.cum }]));
  assert.equal(rows.size, json.rows.length, 'rows are unique by function and file');
  return { total: relative ? json.selected ?? json.total : json.total, rows };
}

/** The same on the profile's own columns, with the query's filter functions (see the module comment). */
export function columnsTop(file: string, type: string, c: FilterCase, relative = false): TopRows {
  const original = readProfileFile(file);
  const total = select(buildModel([original]), { type }).total;

  const p = pruneFrames([original])[0];
  const cols = profileColumns(p);
  const compiled = compileFrameFilter(c.frames ?? {});
  const flags = matchFrames(cols.frames, cols.functions, cols.strings, compiled);
  const filtered = filterStacks(cols.stacks, flags.flags, compiled, cols.inlined);
  const pass = new Uint8Array(cols.labelSets.count).fill(1);
  if (c.labels !== undefined) matchLabelSets(cols.labelSets, cols.strings, parseLabelFilter(c.labels)).pass.forEach((v, s) => { pass[s] &= v; });
  if (c.tagfocus !== undefined) matchTagFilter('tagfocus', c.tagfocus, cols.labelSets, cols.strings).match.forEach((v, s) => { pass[s] &= v; });
  if (c.tagignore !== undefined) matchTagFilter('tagignore', c.tagignore, cols.labelSets, cols.strings).match.forEach((v, s) => { pass[s] &= 1 - v; });

  // Stack s of the input is sample s; the filtered table interns them (several samples may share a stack).
  const valuesOf = new Map<number, number[]>();
  filtered.stackOf.forEach((o, s) => {
    if (o < 0 || !pass[s]) return;
    const v = sampleValues(p, s);
    const sum = valuesOf.get(o);
    if (sum) v.forEach((x, t) => { sum[t] += x; });
    else valuesOf.set(o, v);
  });
  const bytes = stacksAsPprof(cols, filtered.stacks, (o) => valuesOf.get(o));
  const selection = select(buildModel([parseProfile(bytes, `${file} (filtered)`)]), { type });
  const table = topTable(selection, 'function');
  const rows = new Map<string, { flat: number; cum: number }>();
  for (const r of sortedRows(selection, table)) {
    rows.set(r.file ? `${r.function} ${goClean(r.file)}` : r.function, { flat: r.flat, cum: r.cum });
  }
  return { total: relative ? table.total : total, rows };
}

/** `go tool pprof -top -filefunctions` of `file` for each case (with `extra` pprof options each), in one process. */
export function pprofTops(file: string, type: string, unit: string, cases: readonly FilterCase[], extra: readonly string[] = []): TopRows[] {
  return goPprofTopBatch(file, type, unit, 'filefunctions', cases.map((c) => [...pprofOptions(c), ...extra]))
    .map((reference) => ({ total: reference.total, rows: new Map(reference.rows.map((r) => [r.name, { flat: r.flat, cum: r.cum }])) }));
}

/** Same total, same rows, same flat and cum. */
export function assertSameTop(ours: TopRows, reference: TopRows, what: string): void {
  assert.equal(ours.total, reference.total, `${what}: total`);
  assert.deepEqual([...ours.rows.keys()].sort(), [...reference.rows.keys()].sort(), `${what}: same functions`);
  for (const [name, ref] of reference.rows) {
    const row = ours.rows.get(name)!;
    assert.equal(row.flat, ref.flat, `${what}: flat of ${name}`);
    assert.equal(row.cum, ref.cum, `${what}: cum of ${name}`);
  }
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
