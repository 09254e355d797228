// The flame graph's wire: what the profile worker is asked for and sends (the serialized call tree and its
// annotations, core/aggregate/serialize.ts and flameAnnotations.ts), and the typed messages between the extension
// host and the flame graph webview. Types only: big arrays travel as ArrayBuffers (transferred, never JSON),
// everything else by structured clone.
import type { ProfileLimits } from '../core/profile/limits';
import type { FrameFilter } from '../core/query/filters';
import type { LabelMatcher } from '../core/query/labels';
import type { FrameClass } from '../core/symbolicate/types';
import type { AnalyzeRequest } from '../core/workspace/analyzeRequest';
import type { ProfileKey } from './profileSelection';

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

/** Asks the profile worker for the call tree of these files and type, annotated with what their analysis knows. */
export interface FlameGraphRequest {
  readonly sources: readonly string[];
  readonly typeName: string;
  readonly limits: ProfileLimits;
  /**
   * The analysis of the same files and type the host shows (roots, path rules, trust): the worker maps the files
   * onto the workspace as it did (or reuses that mapping) for today's lines and the rows to open.
   */
  readonly analysis?: AnalyzeRequest;
  /** The host's facts about each function (older hosts); read only without `analysis`. */
  readonly facts?: readonly FunctionFact[];
  /** Files that do not decode are left out (and reported once) rather than failing the graph: a store's files. */
  readonly skipUnreadable?: boolean;
  /** Only the samples whose labels pass these matchers (ProfileSelection.labels). */
  readonly labels?: readonly LabelMatcher[];
  /** Frame filters and presets (ProfileSelection.frames). */
  readonly frames?: FrameFilter;
  /** Split the graph by this label's values: one root per value (the costliest 20, then "other"). */
  readonly groupBy?: string;
}

/** The same, written to a new file in `folder` that the page reads itself (a webview resource): the bytes never pass through the extension host. */
export interface FlameGraphFileRequest extends FlameGraphRequest {
  readonly folder: string;
}

/** The exact sandwich of one function of a flame graph's profile (its function index in the graph's tree). */
export interface SandwichRequest extends FlameGraphRequest {
  readonly fn: number;
}

/** Its callers' and callees' trees, each a serialized CallTree (core/aggregate/serialize.ts) rooted at the function. */
export interface SandwichBuffers {
  readonly callers: ArrayBuffer;
  readonly callees: ArrayBuffer;
}

/** The worker's answer: the core's serialized CallTree and the annotations of its functions and nodes. */
export interface FlameGraphBuffers {
  readonly tree: ArrayBuffer;
  readonly annotations: ArrayBuffer;
}

/** The same bytes written to one file (the tree's, then the annotations'). */
export interface FlameGraphFile {
  /** Absolute path, in the request's folder. */
  readonly file: string;
  readonly treeBytes: number;
  readonly annotationsBytes: number;
  /** The tree's node count and root total (what a panel reports it sent). */
  readonly nodes: number;
  readonly total: number;
}

export type { FlameAnnotations } from '../core/aggregate/flameAnnotations';

// ---- Messages between the extension host and the webview ----

export interface ProfileHeader {
  readonly key: ProfileKey;
  /** The key's selectionKey: the same files and type are the same id (the page keeps its zoom for the same id). */
  readonly id: string;
  /** e.g. "shop v1 · cpu". */
  readonly title: string;
  readonly unit: string;
  readonly total: number;
  /** The active filter's parts in words (viewFilterChips), empty when none. */
  readonly filters: readonly string[];
  /** The label the graph is split by, when it is. */
  readonly groupBy?: string;
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
  readonly limits: ProfileLimits;
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

/**
 * Where the page reads its tree and annotations: a webview resource it fetches (one file: the tree's bytes, then the
 * annotations'; it says `treeRead` once it has them, and the file is deleted), or the bytes themselves.
 */
export type FlameGraphTreeSource =
  | { readonly url: string; readonly treeBytes: number; readonly annotationsBytes: number }
  | { readonly tree: ArrayBuffer; readonly annotations: ArrayBuffer };

/** What the page gets for its panel's profile. */
export interface FlameGraphPageData {
  readonly profile: ProfileHeader;
  readonly source: FlameGraphTreeSource;
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
    /**
     * The exact sandwich of a function, from all the profile's stacks: asked when the graph's tree was cut to fit
     * the page (the page's own tree would count merged calls as one box).
     */
    readonly sandwich: { readonly params: { readonly fn: number }; readonly result: SandwichBuffers };
    /**
     * The functions table split by `groupBy`, the label the page's graph is grouped by; undefined when the panel is not
     * grouped; cancelled when the panel's label is another one now (its new graph is on the way).
     */
    readonly groupColumns: { readonly params: { readonly groupBy: string }; readonly result: TableGroups | undefined };
  };
  readonly events: {
    /** Open the source of a frame; `fact` indexes the host's WorkspaceProfile.functions. */
    readonly open: { readonly fact: number; readonly line: number; readonly beside: boolean };
    /** The page has read the tree file at this url (FlameGraphTreeSource): it may go. */
    readonly treeRead: { readonly url: string };
    /** Drawn: how many frames are on screen (for the host's log and the in-host tests). */
    readonly rendered: { readonly frames: number; readonly view: string; readonly zoom: string };
    /** A range dragged on the timeline (profiles starting in [fromMs, toMs)); none: the whole timeline. */
    readonly selectRange: { readonly range?: { readonly fromMs: number; readonly toMs: number } };
    /** The timeline's "Range…" button: the same quick pick as "PerfLens: Select Time Range...". */
    readonly pickRange: Record<string, never>;
    /** The "Group by" button: the host asks which label (none: no grouping). */
    readonly pickGroupBy: Record<string, never>;
    /** The header's filter: "Clear" (every view of the session), or "Change" (the filter menu). */
    readonly filters: { readonly action: 'clear' | 'change' };
  };
};

/**
 * The functions table's columns per group of a grouped graph (the costliest values, then "other", then the samples
 * without the label), from every stack of the panel's selection. Function ids are the graph's.
 */
export interface TableGroups {
  readonly key: string;
  readonly columns: readonly { readonly title: string; readonly kind: 'value' | 'other' | 'missing'; readonly total: number }[];
  /** Functions at or past this id are the groups' made-up roots, not rows of the table. */
  readonly groupRootsFrom: number;
  /** Float64Array bytes: function f's flat and cum in column c at `f * columns.length + c`. */
  readonly flat: ArrayBuffer;
  readonly cum: ArrayBuffer;
}

/**
 * A column of the functions table: name, self, total, or the total in a group column, named by its value
 * (`group:endpoint=GET /search`; `group:endpoint:other`, `group:endpoint:missing`): webview/flamegraph/model/groupSort.ts.
 */
export type TableSortColumn = 'name' | 'self' | 'total' | `group:${string}`;

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
  readonly tableSort: { readonly column: TableSortColumn; readonly descending: boolean };
  /** The label the panel splits the graph by, brought back with the panel. */
  readonly groupBy?: string;
}
