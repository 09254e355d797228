/**
 * Summaries (summary.ts) of profile files, kept so that a trend reads each file of a history once: in memory
 * (the profile worker keeps one cache per store) and on disk, one JSON file per store under the user's cache
 * folder. A file is known by its path, size and modification time — a rewritten file is summarized again — and
 * by the sample type summarized. The cache is bounded: past `maxEntries` the least recently used are dropped.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyIndex, type CostSummary } from './summary';

export interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FileSummary {
  /** The profile's own time (time_nanos) in ms, else the file's layout time; 0 when unknown. */
  readonly timeMs: number;
  readonly functions: CostSummary;
  /** Per line: computed only when a line trend is asked for (a profile has several times more lines). */
  readonly lines?: CostSummary;
}

const FORMAT = 1;
export const DEFAULT_MAX_ENTRIES = 50_000;

interface StoredSummary {
  readonly t: number;
  readonly c: number;
  readonly k: number[];
  readonly v: number[];
  readonly n: number[];
}

interface StoredEntry {
  readonly key: string;
  readonly timeMs: number;
  readonly f: StoredSummary;
  readonly l?: StoredSummary;
}

export class SummaryCache {
  readonly functionKeys = new KeyIndex();
  readonly lineKeys = new KeyIndex();
  private readonly entries = new Map<string, FileSummary>();
  private dirty = false;

  constructor(private readonly file: string | undefined, private readonly maxEntries = DEFAULT_MAX_ENTRIES) {
    if (file) this.load(file);
  }

  get size(): number {
    return this.entries.size;
  }

  get(stamp: FileStamp, type: string): FileSummary | undefined {
    const key = entryKey(stamp, type);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(stamp: FileStamp, type: string, summary: FileSummary): void {
    const key = entryKey(stamp, type);
    this.entries.delete(key);
    this.entries.set(key, summary);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.dirty = true;
  }

  /** Writes the cache file if anything changed (atomically: a temp file renamed over it). */
  save(): void {
    if (!this.file || !this.dirty) return;
    const pack = (s: CostSummary): StoredSummary => ({ t: s.total, c: s.countTotal, k: [...s.keys], v: [...s.cum], n: [...s.count] });
    const entries: StoredEntry[] = [...this.entries].map(([key, e]) => ({ key, timeMs: e.timeMs, f: pack(e.functions), ...(e.lines ? { l: pack(e.lines) } : {}) }));
    const body = JSON.stringify({ format: FORMAT, functionKeys: this.functionKeys.keys, lineKeys: this.lineKeys.keys, entries });
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, body);
    renameSync(temp, this.file);
    this.dirty = false;
  }

  private load(file: string): void {
    let parsed: { format?: number; functionKeys?: string[]; lineKeys?: string[]; entries?: StoredEntry[] };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return; // missing or damaged: start empty, it is only a cache
    }
    if (parsed.format !== FORMAT || !Array.isArray(parsed.functionKeys) || !Array.isArray(parsed.lineKeys) || !Array.isArray(parsed.entries)) return;
    for (const k of parsed.functionKeys) this.functionKeys.id(String(k));
    for (const k of parsed.lineKeys) this.lineKeys.id(String(k));
    const unpack = (s: StoredSummary, keys: KeyIndex): CostSummary | undefined => {
      if (!s || !Array.isArray(s.k) || !Array.isArray(s.v) || !Array.isArray(s.n) || s.k.length !== s.v.length) return undefined;
      if (s.k.some((id) => !Number.isInteger(id) || id < 0 || id >= keys.size)) return undefined;
      return { total: Number(s.t) || 0, countTotal: Number(s.c) || 0, keys: Int32Array.from(s.k), cum: Float64Array.from(s.v), count: Float64Array.from(s.n) };
    };
    for (const e of parsed.entries.slice(-this.maxEntries)) {
      const functions = unpack(e.f, this.functionKeys);
      const lines = e.l === undefined ? undefined : unpack(e.l, this.lineKeys);
      if (typeof e.key === 'string' && functions && (e.l === undefined || lines)) this.entries.set(e.key, { timeMs: Number(e.timeMs) || 0, functions, lines });
    }
  }
}

function entryKey(stamp: FileStamp, type: string): string {
  return `${stamp.path}\u0000${stamp.size}\u0000${stamp.mtimeMs}\u0000${type}`;
}
