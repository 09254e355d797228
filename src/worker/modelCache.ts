// The profile worker's models: one per set of files (each file's path, size, time and the limits it was read with)
// and kind of profile (a JFR recording holds several: readers/groups.ts), the most recently used kept up to a memory
// budget (and always the last one). A model answers every view of its files, so the decoded profiles are let go once
// it is built: an 80 MB profile decodes to ~250 MB of columns, its model is about half of that. Beside each model:
// its workspace mappings (per workspace options) and, per sample type and filter, the latest analyses' mapping and
// function order, so the flame graph of the same files reads today's lines and the host's function rows without
// joining names; the latest heats and the latest analysis's selection, so a filter toggled back and the graph after
// the heat are answered without selecting; and the function details (call edges, span names) of the latest
// selections, so a reload of the same selection does not count them again. All of it counts in the model's bytes.
import type { ProfileLimits } from '../core/profile/limits';
import { modelOfFiles, namesType } from '../core/model/readModel';
import { modelBytes, type ProfileModel } from '../core/model/types';
import { FlatCumMemo } from '../core/aggregate/flatCumMemo';
import type { RowEdgeColumns } from '../core/aggregate/workspaceFunctions';
import type { SpanNameColumns } from '../shared/workerProtocol';
import type { Selection } from '../core/query/types';
import type { ValueType } from '../core/profile/model';
import { mapToWorkspace, type WorkspaceMapping, type WorkspaceOptions } from '../core/symbolicate/workspaceMapping';
import { keptOrderBytes } from '../core/aggregate/stackOrders';
import { keptLineKeysBytes } from '../core/aggregate/lineKeys';
import { todaysLinesBytes } from './flameGraphData';
import { keptFilterTables } from '../core/query/frameFilter';
import { ByteBudgetCache } from './byteBudget';
import { decodeFiles, type DecodedFiles } from './decodeFiles';
import { fileVersionKey } from './fileVersion';

export interface Analysed {
  readonly mapping: WorkspaceMapping | undefined;
  /** Per model function: its row in the analysis's WorkspaceProfile.functions, -1 when it has none. */
  readonly rowOf: Int32Array;
  /** Per model function: its flat and cum in the analysed selection (the flame graph's functions table reads them). */
  readonly totals?: FunctionTotals;
}

export interface FunctionTotals {
  readonly flat: Float64Array;
  readonly cum: Float64Array;
}

/** Per model function, the flat and cum of its row (0 for functions without one). */
export function functionTotals(rows: readonly { readonly flat: number; readonly cum: number }[], rowOf: Int32Array): FunctionTotals {
  const flat = new Float64Array(rowOf.length);
  const cum = new Float64Array(rowOf.length);
  for (let f = 0; f < rowOf.length; f++) {
    const r = rowOf[f];
    if (r < 0) continue;
    flat[f] = rows[r].flat;
    cum[f] = rows[r].cum;
  }
  return { flat, cum };
}

/** A selection's top callers and callees and span names per function row, as counted for the rows `rowOf` numbered. */
export interface CountedDetails {
  readonly rowOf: Int32Array;
  readonly callers: RowEdgeColumns;
  readonly callees: RowEdgeColumns;
  readonly spanNames: SpanNameColumns | undefined;
}

/** What answered an analyze request (the heat), kept to answer the same request again (a filter toggled back). */
export interface KeptHeat {
  /** The mapping it was made with: good while the model's mapping for the request is this one. */
  readonly mapping: WorkspaceMapping | undefined;
  /** Its analysis's key and what the flame graph reads of it (the same object again, so its kept tree is good too). */
  readonly analysisKey: string;
  readonly analysed: Analysed;
  /**
   * The answer, serialized (node:v8): one buffer, no objects for the garbage collector to walk while it is kept
   * (a heat's files and functions are ~10^5 of them).
   */
  readonly packed: Uint8Array;
}

/**
 * Heats a model keeps: a few filters toggled back and forth; each is small beside the model (columns per function and
 * line). As many analyses are kept (a kept heat restores its own).
 */
const HEATS_KEPT = 8;

/** Selections whose details a model keeps (a reload, another type or filter and back): they are small beside the model. */
const DETAILS_KEPT = 8;

export interface ModelEntry {
  /** The files asked for, by version. */
  readonly filesKey: string;
  /** The files the model holds: those asked for, less the ones left out as unreadable. */
  readonly sources: readonly string[];
  /** Per file of `sources`: its version (fileVersionKey) when the model was built. */
  readonly versions: readonly string[];
  /** The sample types of every kind the files hold (what the editor offers), the model's own first among them or not. */
  readonly fileTypes: readonly ValueType[];
  /** The model is of each file's first kind (what is shown when no type is asked for). */
  readonly firstKind: boolean;
  readonly model: ProfileModel;
  readonly bytes: number;
  /** Workspace mappings by their options (roots, rules, ref, git allowed). */
  readonly mappings: Map<string, Promise<WorkspaceMapping>>;
  /** The latest analyses (at most HEATS_KEPT) by analysis key (sample type and filters), the most recent last. */
  readonly analysed: Map<string, Analysed>;
  /** The function details counted per selection, the most recent last. */
  readonly details: Map<string, CountedDetails>;
  /** Flat and cum of the latest selections: a filter change aggregates only the stacks it changes. */
  readonly flatCums: FlatCumMemo;
  /** The latest analysis's selection, by its analysis key: the flame graph asked for next reads it rather than selecting again. */
  latestSelection?: { readonly key: string; readonly mapping: WorkspaceMapping | undefined; readonly selection: Selection };
  /** The heats answered last, by request (JSON), the most recent last. */
  readonly heats: Map<string, KeptHeat>;
  /** The workspace mappings made (those of `mappings` that resolved): the trees' today's lines are kept per mapping. */
  readonly mapped: Set<WorkspaceMapping>;
  /** Selections made of the model by the worker's requests (the analysis's and the flame graph's). */
  selections: number;
}

export interface LoadOptions {
  /** The sample type to be shown: the model is of the kind that has it (default: each file's first kind). */
  readonly typeName?: string;
  /** A file that does not decode is told here and left out rather than failing the load (a store's files). */
  readonly unreadable?: (file: string, reason: string) => void;
}

/** What the cached models may hold together; the newest is kept whatever its size. */
export const MODEL_CACHE_BYTES = 512 * 1024 * 1024;

export class ModelCache {
  /** Each entry is its own key. */
  private readonly entries: ByteBudgetCache<ModelEntry, ModelEntry>;

  constructor(budgetBytes = MODEL_CACHE_BYTES) {
    this.entries = new ByteBudgetCache(budgetBytes, (e) => e.bytes + ordersBytes(e.model) + keptAnswersBytes(e));
  }

  /**
   * The model of these files of the kind with `typeName` (the same entry while they are unchanged and cached).
   * `step` runs before each file is decoded and before the model is built, so a request gives way to more urgent
   * ones there.
   */
  async load(sources: readonly string[], limits: Partial<ProfileLimits>, step: () => Promise<void>, options: LoadOptions = {}): Promise<ModelEntry> {
    const keys = sources.map((s) => {
      const k = fileVersionKey(s, limits);
      return typeof k === 'string' ? k : JSON.stringify([s, k.error]); // reading it names the problem
    });
    const filesKey = JSON.stringify(keys);
    // A model made without an unreadable file serves only requests that allow leaving it out (a store's).
    const held = this.entries.values();
    const cached = (typeName: string | undefined) => held.find((e) => e.filesKey === filesKey
      && (options.unreadable !== undefined || e.sources.length === sources.length)
      && (namesType(typeName) ? e.model.sampleTypes.some((t) => t.type === typeName) : e.firstKind));
    let hit = cached(options.typeName);
    if (!hit && namesType(options.typeName)) {
      // A type the files do not have at all is shown as their first kind (as the editor's default).
      const known = held.find((e) => e.filesKey === filesKey);
      if (known && !known.fileTypes.some((t) => t.type === options.typeName)) hit = cached(undefined);
    }
    if (hit) return this.entries.get(hit)!;
    let decoded: DecodedFiles | undefined = await decodeFiles(sources, limits, step, options.unreadable);
    await step();
    // The decoded files are this model's alone: it is built over their columns.
    const { model, fileTypes, typeName } = modelOfFiles(decoded.files, options.typeName, { consumeProfiles: true });
    // A type of each file's first kind picks that kind (readers/groups.ts): the model then serves "no type" too.
    const firstKind = typeName === undefined || decoded.files.every((f) => f.length === 0 || f[0].sampleTypes.some((t) => t.type === typeName));
    const versions = decoded.sources.map((s) => keys[sources.indexOf(s)]);
    const entry: ModelEntry = { filesKey, sources: decoded.sources, versions, fileTypes, firstKind, model, bytes: modelBytes(model), mappings: new Map(), analysed: new Map(), details: new Map(), flatCums: new FlatCumMemo(), heats: new Map(), mapped: new Set(), selections: 0 };
    decoded = undefined;
    this.entries.set(entry, entry);
    return entry;
  }

  /** Bytes the models hold now (with their stacks' orders, frame filters' stacks and what they keep of their answers). */
  get bytes(): number {
    return this.entries.bytes;
  }

  /** Counts the entry's memory again: its stacks' order (or a frame filter's stacks and theirs) made since. */
  recount(entry: ModelEntry): void {
    this.entries.recount(entry);
  }

  /** Whether the entry is still held (not let go for a newer one, nor with the others when idle). */
  holds(entry: ModelEntry): boolean {
    return this.entries.has(entry);
  }

  /** The models held now, the most recently used first. */
  held(): readonly ModelEntry[] {
    return this.entries.values();
  }

  /** The model's mapping onto a workspace, made once per workspace options. */
  mapping(entry: ModelEntry, options: WorkspaceOptions): Promise<WorkspaceMapping> {
    const key = mappingKey(options);
    let mapping = entry.mappings.get(key);
    if (!mapping) {
      mapping = mapToWorkspace(entry.model, options);
      entry.mappings.set(key, mapping);
      mapping.then((made) => entry.mapped.add(made), () => entry.mappings.delete(key));
    }
    return mapping;
  }

  /** The details counted for this selection key with these rows, if kept. */
  countedDetails(entry: ModelEntry, key: string, rowOf: Int32Array): CountedDetails | undefined {
    return takeKept(entry.details, key, (kept) => sameRows(kept.rowOf, rowOf));
  }

  keepDetails(entry: ModelEntry, key: string, details: CountedDetails): void {
    keepLatest(entry.details, key, details, DETAILS_KEPT);
    this.entries.recount(entry);
  }

  /**
   * Keeps `analysed` as the latest analysis of `key` (the oldest let go past HEATS_KEPT), and `selection` as the
   * latest selection, made for it; undefined (a kept heat answered again) keeps the latest one only when it is this
   * analysis's: no request reads a selection of another. Counts the entry again.
   */
  keepAnalysis(entry: ModelEntry, key: string, analysed: Analysed, selection: Selection | undefined): void {
    keepLatest(entry.analysed, key, analysed, HEATS_KEPT);
    const latest = entry.latestSelection;
    const own = latest?.key === key && latest.mapping === analysed.mapping ? latest.selection : undefined;
    const kept = selection ?? own;
    entry.latestSelection = kept && { key, mapping: analysed.mapping, selection: kept };
    this.entries.recount(entry);
  }

  /** The heat kept for this request when made with `mapping` (now the most recent). */
  keptHeat(entry: ModelEntry, key: string, mapping: WorkspaceMapping | undefined): KeptHeat | undefined {
    return takeKept(entry.heats, key, (kept) => kept.mapping === mapping);
  }

  keepHeat(entry: ModelEntry, key: string, heat: KeptHeat): void {
    keepLatest(entry.heats, key, heat, HEATS_KEPT);
    this.entries.recount(entry);
  }

  /** Lets every model go (the worker has been idle a while). */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * Bytes held beside a model for its flame graphs: its stacks' order, and the stacks (with their orders) of the frame
 * filters kept for it (hide, show_from, my code only rewrite them).
 */
function ordersBytes(model: ProfileModel): number {
  let bytes = keptOrderBytes(model.stacks);
  for (const t of keptFilterTables(model)) bytes += t.start.byteLength + t.frames.byteLength + keptOrderBytes(t);
  return bytes;
}

/**
 * Bytes of what a model keeps of its answers, each column once (a kept heat's analysis is often one of the analyses,
 * a function details' rows an analysis's): its kept heats, analyses and function details, the latest selection, and
 * the line keys its flame graphs made.
 */
function keptAnswersBytes(entry: ModelEntry): number {
  const columns = new Set<ArrayBufferView>();
  const analyses = [...entry.analysed.values(), ...[...entry.heats.values()].map((h) => h.analysed)];
  for (const a of analyses) {
    columns.add(a.rowOf);
    if (a.totals) columns.add(a.totals.flat).add(a.totals.cum);
  }
  for (const d of entry.details.values()) {
    columns.add(d.rowOf);
    for (const e of [d.callers, d.callees]) columns.add(e.start).add(e.fn).add(e.value);
    if (d.spanNames) columns.add(d.spanNames.start).add(d.spanNames.name).add(d.spanNames.value);
  }
  let bytes = 0;
  for (const c of columns) bytes += c.byteLength;
  for (const heat of entry.heats.values()) bytes += heat.packed.byteLength;
  const selection = entry.latestSelection?.selection;
  if (selection) bytes += selectionBytes(entry.model, selection);
  return bytes + lineKeysBytes(entry);
}

/** What a selection holds beyond its model and the frame filters kept for it. */
function selectionBytes(model: ProfileModel, selection: Selection): number {
  const { stacks, frames, functions } = selection;
  let bytes = selection.value.byteLength + (selection.count?.byteLength ?? 0) + (selection.companion?.value.byteLength ?? 0)
    + selection.labelSetValue.byteLength + (selection.labelSetCount?.byteLength ?? 0);
  // A frame filter's stacks count with the filter while it is kept (ordersBytes); after that, the selection holds them.
  if (stacks !== model.stacks && !keptFilterTables(model).includes(stacks)) bytes += stacks.start.byteLength + stacks.frames.byteLength + keptOrderBytes(stacks);
  // Made-up frames (a group's root, my code only's runs of dependency code) extend copies of the model's tables.
  if (frames !== model.frames) bytes += frames.function.byteLength + frames.line.byteLength + frames.column.byteLength + frames.binary.byteLength;
  if (functions !== model.functions) bytes += functions.name.byteLength + functions.systemName.byteLength + functions.file.byteLength + functions.startLine.byteLength;
  return bytes;
}

/**
 * The flame graphs' line keys, kept per frames table (the model's, the latest selection's made-up one) and workspace
 * mapping while both live (flameGraphData.ts, aggregate/lineKeys.ts): 12 bytes per frame per mapping.
 */
function lineKeysBytes(entry: ModelEntry): number {
  const lines = new Set([entry.model.frames.line]);
  if (entry.latestSelection) lines.add(entry.latestSelection.selection.frames.line);
  let bytes = 0;
  for (const line of lines) {
    bytes += keptLineKeysBytes(line);
    for (const mapping of entry.mapped) bytes += todaysLinesBytes(line, mapping);
  }
  return bytes;
}

/** The key of a workspace mapping: the options it depends on. */
export function mappingKey(options: WorkspaceOptions): string {
  return JSON.stringify([options.roots, options.rules, options.ref ?? null, options.gitEnabled]);
}

/** The value kept for `key` while `good` says it holds, made the most recent; undefined otherwise. */
function takeKept<V>(kept: Map<string, V>, key: string, good: (value: V) => boolean): V | undefined {
  const value = kept.get(key);
  if (value === undefined || !good(value)) return undefined;
  kept.delete(key);
  kept.set(key, value);
  return value;
}

/** Keeps `value` for `key` as the most recent, letting the oldest go past `most`. */
function keepLatest<V>(kept: Map<string, V>, key: string, value: V, most: number): void {
  kept.delete(key);
  kept.set(key, value);
  if (kept.size > most) kept.delete(kept.keys().next().value!);
}

function sameRows(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
