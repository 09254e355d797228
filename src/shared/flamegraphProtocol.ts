// The flame graph's wire: what the profile worker sends next to the call tree (per-function annotations in one
// ArrayBuffer), and the typed messages between the extension host and the flame graph webview. Plain data only:
// big arrays travel as ArrayBuffers (transferred, never JSON), everything else by structured clone.
import type { FrameClass } from '../core/symbolicate/types';
import type { ProfileKey } from './profileSelection';

/** Frame classes in the order of their codes in `FlameAnnotations.functionClass`. */
export const FRAME_CLASSES: readonly FrameClass[] = ['app', 'dependency', 'runtime', 'unknown'];

/** What the host knows about one profile function after symbolication (an entry of WorkspaceProfile.functions). */
export interface FunctionFact {
  readonly name: string;
  readonly profileFile: string;
  readonly class: FrameClass;
  /** Workspace-relative path of an app function's file, for display; absent when it has no workspace file. */
  readonly location?: string;
  /** Lowest current line (1-based) with cost, 0 when unknown. */
  readonly firstLine: number;
}

/** Asks the profile worker for the call tree of these files and type, annotated with the host's facts. */
export interface FlameGraphRequest {
  readonly sources: readonly string[];
  readonly typeName: string;
  readonly limits: { maxDecompressedBytes: number; maxSamples: number; maxStrings: number };
  readonly facts: readonly FunctionFact[];
  /** Files that do not decode are left out (and reported once) rather than failing the graph: a store's files. */
  readonly skipUnreadable?: boolean;
}

/** The worker's answer: the core's serialized CallTree and the annotations of its functions and nodes. */
export interface FlameGraphBuffers {
  readonly tree: ArrayBuffer;
  readonly annotations: ArrayBuffer;
}

/** Per function of the call tree (indexed like CallTree.functions) and per node. */
export interface FlameAnnotations {
  /** Index into FRAME_CLASSES. */
  readonly functionClass: Uint8Array;
  /** Index into `strings` of the function's package (for colour by package). */
  readonly functionPackage: Int32Array;
  /** Index into `strings` of the workspace-relative file of an app function, -1 when there is none. */
  readonly functionLocation: Int32Array;
  /** Index into the request's facts (= WorkspaceProfile.functions), -1 when unknown: what the host opens. */
  readonly functionFact: Int32Array;
  /** Added to a profiled line to get today's line (line drift since the profiled commit), per function. */
  readonly functionLineShift: Int32Array;
  /** Per node, the value of the profile's count type (samples), when the shown type is not itself a count. */
  readonly nodeCount: Float64Array | undefined;
  readonly countType: { readonly type: string; readonly unit: string } | undefined;
  readonly strings: readonly string[];
}

const MAGIC = 0x4746_4c50; // "PLFG" read as little-endian uint32
const VERSION = 1;
const align8 = (n: number) => (n + 7) & ~7;
type Column = Uint8Array | Int32Array | Float64Array;
const COLUMN_TYPES = { u8: Uint8Array, i32: Int32Array, f64: Float64Array } as const;
type ColumnType = keyof typeof COLUMN_TYPES;

interface Header {
  version: number;
  countType: { type: string; unit: string } | null;
  columns: Record<string, { type: ColumnType; offset: number; length: number }>;
}

/** One ArrayBuffer: magic, header length, JSON header, then 8-byte aligned columns (strings as UTF-8 + offsets). */
export function encodeAnnotations(a: FlameAnnotations): ArrayBuffer {
  const encoder = new TextEncoder();
  const encoded = a.strings.map((s) => encoder.encode(s));
  const stringOffsets = new Int32Array(encoded.length + 1);
  encoded.forEach((b, i) => { stringOffsets[i + 1] = stringOffsets[i] + b.length; });
  const stringBytes = new Uint8Array(stringOffsets[encoded.length]);
  encoded.forEach((b, i) => stringBytes.set(b, stringOffsets[i]));
  const columns: Record<string, Column> = {
    functionClass: a.functionClass, functionPackage: a.functionPackage, functionLocation: a.functionLocation,
    functionFact: a.functionFact, functionLineShift: a.functionLineShift, nodeCount: a.nodeCount ?? new Float64Array(0),
    stringOffsets, stringBytes,
  };
  const layout: Header['columns'] = {};
  let offset = 0;
  for (const [name, c] of Object.entries(columns)) {
    layout[name] = { type: c instanceof Uint8Array ? 'u8' : c instanceof Int32Array ? 'i32' : 'f64', offset, length: c.length };
    offset = align8(offset + c.byteLength);
  }
  const header = encoder.encode(JSON.stringify({ version: VERSION, countType: a.countType ?? null, columns: layout } satisfies Header));
  const dataStart = align8(8 + header.length);
  const buffer = new ArrayBuffer(dataStart + offset);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  new Uint8Array(buffer, 8, header.length).set(header);
  for (const [name, c] of Object.entries(columns)) {
    new Uint8Array(buffer, dataStart + layout[name].offset, c.byteLength).set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  }
  return buffer;
}

export function decodeAnnotations(buffer: ArrayBuffer): FlameAnnotations {
  const view = new DataView(buffer);
  if (buffer.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not PerfLens flame graph annotations');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Header;
  if (header.version !== VERSION) throw new Error(`unsupported flame graph annotations version ${header.version}`);
  const dataStart = align8(8 + headerLength);
  const column = <T extends ColumnType>(name: string, type: T): InstanceType<(typeof COLUMN_TYPES)[T]> => {
    const c = header.columns[name];
    if (!c || c.type !== type) throw new Error(`flame graph annotations lack column ${name}`);
    return new COLUMN_TYPES[type](buffer, dataStart + c.offset, c.length) as InstanceType<(typeof COLUMN_TYPES)[T]>;
  };
  const offsets = column('stringOffsets', 'i32');
  const bytes = column('stringBytes', 'u8');
  const decoder = new TextDecoder();
  const nodeCount = column('nodeCount', 'f64');
  return {
    functionClass: column('functionClass', 'u8'),
    functionPackage: column('functionPackage', 'i32'),
    functionLocation: column('functionLocation', 'i32'),
    functionFact: column('functionFact', 'i32'),
    functionLineShift: column('functionLineShift', 'i32'),
    nodeCount: header.countType ? nodeCount : undefined,
    countType: header.countType ?? undefined,
    strings: Array.from({ length: offsets.length - 1 }, (_, i) => decoder.decode(bytes.subarray(offsets[i], offsets[i + 1]))),
  };
}

// ---- Messages between the extension host and the webview ----

export interface ProfileHeader {
  readonly key: ProfileKey;
  /** The key's selectionKey: the same files and type are the same id (the page keeps its zoom for the same id). */
  readonly id: string;
  /** e.g. "shop v1 · cpu". */
  readonly title: string;
  readonly unit: string;
  readonly total: number;
}

/** A function to focus, as the editor names it (name and file as the profile states them). */
export interface FunctionRef {
  readonly name: string;
  readonly profileFile: string;
}

// ---- The timeline strip (profiles over time, per version) ----

/** Asks the profile worker for each file's total of one sample type (decoded once, remembered per file). */
export interface ProfileTotalsRequest {
  readonly files: readonly string[];
  readonly typeName: string;
  readonly limits: { maxDecompressedBytes: number; maxSamples: number; maxStrings: number };
}

/** One file's figures; `error` (and total 0) when it does not decode or lacks the type. */
export interface ProfileTotal {
  readonly total: number;
  /** The profile's own time and duration (ms), 0 when it does not say. */
  readonly timeMs: number;
  readonly durationMs: number;
  readonly error?: string;
}

/** One bar of the timeline: one profile file, or the files of one time bucket when there are many. */
export interface TimelineBar {
  readonly fromMs: number;
  readonly toMs: number;
  readonly total: number;
  readonly profiles: number;
  /** Index into TimelineView.versions (the version with the most of the bar's total). */
  readonly version: number;
}

export interface TimelineView {
  readonly type: string;
  readonly unit: string;
  readonly startMs: number;
  readonly endMs: number;
  /** In order of first appearance in time (their colours follow this order). */
  readonly versions: readonly string[];
  readonly bars: readonly TimelineBar[];
  /** Deploys: where the version changes, at the first profile of the new version. */
  readonly boundaries: readonly { readonly timeMs: number; readonly version: number }[];
  /** The span of the files the panel shows (highlighted), undefined when it shows none of these. */
  readonly selected?: { readonly fromMs: number; readonly toMs: number };
  /** What the range is, in words: "last hour", "all of v2", "10:00–10:20 UTC". */
  readonly label: string;
}

/** What the page gets for its panel's profile. */
export interface FlameGraphPageData {
  readonly profile: ProfileHeader;
  readonly tree: ArrayBuffer;
  readonly annotations: ArrayBuffer;
  /** A function to show the sandwich of once drawn ("Show in Flame Graph" while the page was not there). */
  readonly focus?: FunctionRef;
}

/** What the flame graph page listens to (from the extension host, over src/rpc). */
export type FlameGraphPageVocabulary = {
  readonly requests: Record<string, never>;
  readonly events: {
    /** The panel shows other data now (a time range narrowed its files, they were analysed again): ask again. */
    readonly stale: { readonly data: boolean; readonly timeline: boolean };
    /** Show the sandwich of this function. */
    readonly focusFunction: FunctionRef;
  };
};

/** What the extension host answers for a flame graph page. */
export type FlameGraphHostVocabulary = {
  readonly requests: {
    /** The panel's profile (progress: what is being built); asked when the page (re)loads or its data went stale. */
    readonly data: { readonly params: Record<string, never>; readonly result: FlameGraphPageData };
    /** The strip above the graph; undefined hides it (profiles that do not come from a store). */
    readonly timeline: { readonly params: Record<string, never>; readonly result: TimelineView | undefined };
  };
  readonly events: {
    /** Open the source of a frame; `fact` indexes the host's WorkspaceProfile.functions. */
    readonly open: { readonly fact: number; readonly line: number; readonly beside: boolean };
    /** Drawn: how many frames are on screen (for the host's log and the in-host tests). */
    readonly rendered: { readonly frames: number; readonly view: string; readonly zoom: string };
    /** A range dragged on the timeline (profiles starting in [fromMs, toMs)); none: the whole timeline. */
    readonly selectRange: { readonly range?: { readonly fromMs: number; readonly toMs: number } };
    /** The timeline's "Range…" button: the same quick pick as "PerfLens: Select Time Range...". */
    readonly pickRange: Record<string, never>;
  };
};

/** What the webview keeps with getState/setState, and what the panel serializer gets back after a reload. */
export interface FlameGraphViewState {
  /** What the panel shows, for bringing it back after VS Code reloads; `keyId` its ProfileHeader id. */
  readonly key?: ProfileKey;
  readonly keyId?: string;
  readonly view: 'graph' | 'sandwich';
  readonly orientation: 'icicle' | 'flame';
  readonly colorBy: 'class' | 'package';
  readonly appOnly: boolean;
  readonly search: string;
  /** Function indices from the root to the zoomed frame (stable for the same profile data). */
  readonly zoomPath: readonly number[];
  /** Function index of the sandwich view, -1 when none. */
  readonly sandwichFunction: number;
  readonly tableOpen: boolean;
  readonly tableSort: { readonly column: 'name' | 'self' | 'total'; readonly descending: boolean };
}
