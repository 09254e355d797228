/**
 * The summaries of a history's profile files: from the cache when a file is unchanged (same path, size and
 * modification time), else read, decoded, modelled and summarized once (the engine: buildModel, select,
 * flatCum) and cached. Files that do not decode are skipped and reported, never fatal.
 */
import { statSync } from 'node:fs';
import { buildModel } from '../model/buildModel';
import { ProfileError } from '../profile/errors';
import type { ProfileLimits } from '../profile/limits';
import { readProfileFile } from '../profile/parse';
import { select } from '../query/select';
import { summarize } from './summary';
import type { FileSummary, SummaryCache } from './summaryCache';

export interface HistoryFile {
  readonly path: string;
  /** From the store's layout (the file name); used when the profile does not say when it was taken. */
  readonly timeMs: number;
  readonly version?: string;
}

export interface SummaryRead {
  /** Per file, in order: its summary, or undefined when it could not be read. */
  readonly summaries: (FileSummary | undefined)[];
  readonly fromCache: number;
  readonly decoded: number;
  readonly failed: readonly { readonly path: string; readonly error: string }[];
}

export interface SummaryOptions {
  /** A sample type name (cpu, inuse_space…) or index; a profile without it is summarized in its default type. */
  readonly sampleType?: string;
  readonly limits?: Partial<ProfileLimits>;
  readonly onProgress?: (done: number, total: number) => void;
  /** Also summarize per line (for line trends); default false: a profile has several times more lines. */
  readonly lines?: boolean;
  /** Awaited before each file read: the profile worker's step (lets more urgent work in, throws when cancelled). */
  readonly step?: () => Promise<void>;
}

export async function readSummaries(files: readonly HistoryFile[], cache: SummaryCache, options: SummaryOptions = {}): Promise<SummaryRead> {
  const type = options.sampleType ?? '';
  const summaries: (FileSummary | undefined)[] = [];
  const failed: { path: string; error: string }[] = [];
  let fromCache = 0;
  let decoded = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    options.onProgress?.(i, files.length);
    let stamp;
    try {
      const st = statSync(file.path);
      stamp = { path: file.path, size: st.size, mtimeMs: st.mtimeMs };
    } catch (e) {
      failed.push({ path: file.path, error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${file.path}: no such file (removed by retention?)` : `${file.path}: ${(e as Error).message}` });
      summaries.push(undefined);
      continue;
    }
    const hit = cache.get(stamp, type);
    if (hit && (hit.lines || !options.lines)) {
      fromCache++;
      summaries.push(hit);
      continue;
    }
    await options.step?.();
    try {
      const model = buildModel([readProfileFile(file.path, options.limits)]);
      const hasType = type === '' || model.sampleTypes.some((t, i) => t.type === type || String(i) === type);
      const selection = select(model, { type: hasType && type !== '' ? type : undefined });
      const own = model.profiles.timeNanos[0];
      const summary: FileSummary = {
        timeMs: own > 0 ? own / 1e6 : file.timeMs,
        functions: summarize(selection, 'function', cache.functionKeys),
        lines: options.lines ? summarize(selection, 'line', cache.lineKeys) : undefined,
      };
      cache.set(stamp, type, summary);
      decoded++;
      summaries.push(summary);
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      failed.push({ path: file.path, error: e.message });
      summaries.push(undefined);
    }
  }
  return { summaries, fromCache, decoded, failed };
}
