// The vocabulary of the channel between the extension host and the profile worker (src/rpc): what the worker
// answers (src/worker/handlers/, one file per request) and what it tells the host unasked.
import type { ProfileLimits } from '../core/profile/limits';
import type { LabelMatcher } from '../core/query/labels';
import type { LabelSummary } from '../core/query/labelsSummary';
import type { GroupColumns } from '../core/query/groupColumns';
import type { ReleaseDiffRequest } from '../core/workspace/buildReleaseDiffView';
import type { FileDescription, ProfileMetadata } from '../core/readers/metadata';
import type { AnalyzeRequest } from './analyzeProtocol';
import type { FlameGraphBuffers, FlameGraphFile, FlameGraphFileRequest, FlameGraphRequest, ProfileTotal, ProfileTotalsRequest, SandwichBuffers, SandwichRequest } from './flamegraphProtocol';
import type { ReleaseDiffView } from './releaseDiffView';
import type { RegressedFunction } from '../core/diff/commitsOfDiff';
import type { ViewCommits } from '../core/diff/commitsInView';
import type { WorkspaceRoot } from '../core/workspace/analyzeRequest';
import type { TrendsRequest, TrendsView } from './trendsProtocol';
import type { GrowthRequest, GrowthView } from './growthProtocol';
import type { WorkspaceProfile } from './workspaceProfile';

/** Call edges of every function as columns: function i's are `fn[start[i] .. start[i + 1])` with their `value`s. */
export interface CallEdgeColumns {
  readonly start: Int32Array;
  readonly fn: Int32Array;
  readonly value: Float64Array;
}

/**
 * Function rows as columns (row i of each): strings by id into `text` (string id k is `text[stringStart[k] ..
 * stringStart[k + 1])`), -1 for a function with no workspace path; the class as an index into FRAME_CLASSES.
 */
export interface FunctionColumns {
  readonly count: number;
  readonly text: string;
  readonly stringStart: Int32Array;
  readonly name: Int32Array;
  readonly profileFile: Int32Array;
  readonly path: Int32Array;
  readonly classCode: Uint8Array;
  readonly firstLine: Float64Array;
  readonly flat: Float64Array;
  readonly cum: Float64Array;
}

/**
 * The span names (or values of the most telling label) that spend the most in each function row, as columns: row i's
 * are `name[start[i] .. start[i + 1])` (indices into `names`), costliest first, with their `value`s.
 */
export interface SpanNameColumns {
  /** The label the names are values of, when it is not the span name (endpoint, http.route…). */
  readonly key?: string;
  /** The names measured (a few: the costliest of the selection). */
  readonly names: readonly string[];
  readonly start: Int32Array;
  readonly name: Int32Array;
  readonly value: Float64Array;
}

/** What a hover tells of a function beyond its costs, asked for after the analysis (the heat waits for none of it). */
export interface FunctionDetails {
  readonly callers: CallEdgeColumns;
  readonly callees: CallEdgeColumns;
  /** Absent when no sample carries a telling label. */
  readonly spanNames?: SpanNameColumns;
}

/**
 * The analysis as it crosses from the worker: the functions and their call edges as typed columns (an 80 MB
 * profile has ~20,000 functions with cost and ~300,000 edges; received as objects they stalled the extension host's
 * event loop for a tenth of a second of CPU, most of a second on a busy machine).
 */
export interface PackedWorkspaceProfile extends Omit<WorkspaceProfile, 'functions'> {
  readonly functions: FunctionColumns;
  readonly callers: CallEdgeColumns;
  readonly callees: CallEdgeColumns;
}

/** The session's selection (FlameGraphRequest: files, type, filters, the analysis it was shown with) grouped by `groupBy`. */
export interface HotspotGroupsRequest extends FlameGraphRequest {
  readonly groupBy: string;
  /** Functions listed per group. */
  readonly top: number;
}

export interface HotspotGroups {
  readonly key: string;
  /** The selection's total (what shares are of). */
  readonly total: number;
  readonly groups: readonly {
    readonly title: string;
    readonly kind: 'value' | 'other' | 'missing';
    readonly total: number;
    /** Rows of the analysis's functions (WorkspaceProfile.functions), costliest first; -1: a function it has no row for. */
    readonly rows: Int32Array;
    readonly flat: Float64Array;
    readonly cum: Float64Array;
  }[];
  readonly notes: readonly string[];
}

/** The flame graph's functions table split by the label its graph is grouped by: a column per value, then "other". */
export interface FunctionGroupsRequest extends FlameGraphRequest {
  readonly groupBy: string;
  /** How many values get a column of their own. */
  readonly values: number;
}

/** The selection's function ids are the flame graph's; `groupFunctions` are the groups' made-up root functions. */
export type FunctionGroups = GroupColumns;

/** A process's own memory (the profile worker's: a process of its own, a child of the extension host). */
export interface MemoryFigures {
  /** V8 heap of the process (JS objects), MB. */
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  /** ArrayBuffers and typed arrays allocated by the process, MB (decoded profiles and trees live here). */
  readonly arrayBuffersMB: number;
  /** The process's resident set, MB. */
  readonly rssMB: number;
}

/** Which selection's labels to summarize: its files, type and label filter; one key, or every key. */
export interface LabelSummaryRequest {
  readonly sources: readonly string[];
  readonly typeName?: string;
  readonly limits: ProfileLimits;
  readonly skipUnreadable?: boolean;
  readonly labels?: readonly LabelMatcher[];
  readonly key?: string;
  readonly topValues?: number;
}

export type ProfileWorkerVocabulary = {
  readonly requests: {
    /** The profile as the editor shows it: costs per workspace file, line and function (call edges as columns, transferred). */
    readonly analyze: { readonly params: AnalyzeRequest; readonly result: PackedWorkspaceProfile };
    /** The top callers and callees and the span names of each function row `analyze` answered for the same request (transferred). */
    readonly functionDetails: { readonly params: AnalyzeRequest; readonly result: FunctionDetails };
    /**
     * Hotspots grouped by a label: per group (a value, "other", none) its total and its costliest functions as rows
     * of the host's analysis of the same selection, with their flat and cum in the group's samples.
     */
    readonly hotspotGroups: { readonly params: HotspotGroupsRequest; readonly result: HotspotGroups };
    /** Per function of a flame graph's selection, its flat and cum in each group of a label's values (transferred). */
    readonly functionGroups: { readonly params: FunctionGroupsRequest; readonly result: FunctionGroups };
    /** The flame graph's call tree; its two ArrayBuffers are transferred. */
    readonly flameGraph: { readonly params: FlameGraphRequest; readonly result: FlameGraphBuffers };
    /** The same tree written to a new file in the request's folder, for its page to read. */
    readonly flameGraphFile: { readonly params: FlameGraphFileRequest; readonly result: FlameGraphFile };
    /** The exact sandwich of one function of a flame graph's files and type; its two ArrayBuffers are transferred. */
    readonly sandwich: { readonly params: SandwichRequest; readonly result: SandwichBuffers };
    /**
     * Both releases compared and mapped onto the workspace; the view's `flame` ArrayBuffer is transferred.
     * `skipUnreadable`: files that do not decode are left out (and reported once) rather than failing the diff.
     */
    readonly releaseDiff: { readonly params: ReleaseDiffRequest & { readonly skipUnreadable?: boolean }; readonly result: ReleaseDiffView };
    /**
     * The commits behind a shown release diff's significant regressions (git log -L between the refs the sides'
     * profiles name), asked after releaseDiff with the same sides: their models are in the worker's cache.
     */
    readonly diffCommits: { readonly params: DiffCommitsRequest; readonly result: ViewCommits };
    /** Each file's total of one sample type (the flame graph's timeline). */
    readonly profileTotals: { readonly params: ProfileTotalsRequest; readonly result: readonly ProfileTotal[] };
    /** What profile files hold (sample types, time, service and version labels), for the store's listing. */
    readonly describeFiles: { readonly params: { readonly files: readonly string[]; readonly limits: ProfileLimits }; readonly result: readonly FileDescription[] };
    /**
     * What fetched bytes hold (a remote source checks its reply with it): the bytes go to the worker (copied over its IPC
     * channel) and back with the answer; `error` says why they are not a profile.
     */
    readonly describeBytes: {
      readonly params: { readonly bytes: ArrayBuffer; readonly origin: string; readonly limits: ProfileLimits };
      readonly result: { readonly bytes: ArrayBuffer } & ({ readonly metadata: ProfileMetadata } | { readonly error: string });
    };
    /**
     * A fetched profile (its bytes transferred) kept in `dir`, named by its content; stamped first with the time window
     * it was fetched for, when it was fetched for one. Answers the file's path.
     */
    readonly keepFetched: {
      readonly params: {
        readonly bytes: ArrayBuffer;
        readonly window?: { readonly fromMs: number; readonly toMs: number };
        readonly dir: string;
        readonly maxDecompressedBytes: number;
      };
      readonly result: { readonly path: string };
    };
    /**
     * The labels of a selection's samples: per key its cost and count of values, its costliest values (topValues,
     * default 20) — for a label filter's picker and the flame graph's group-by.
     */
    readonly labelSummary: {
      readonly params: LabelSummaryRequest;
      readonly result: LabelSummary & { readonly type: string; readonly unit: string };
    };
    /** A service's functions' shares over a span of the local store, and those that rose beyond noise. */
    readonly trends: { readonly params: TrendsRequest; readonly result: TrendsView };
    /** A service's allocation sites by steady growth of retained memory over the store's last heap snapshots, churn apart. */
    readonly growth: { readonly params: GrowthRequest; readonly result: GrowthView };
    /** The worker's heap and buffers, answered between two steps of other work. */
    readonly memory: { readonly params: Record<string, never>; readonly result: MemoryFigures };
  };
  readonly events: Record<string, never>;
};

export type WorkerHostVocabulary = {
  readonly requests: Record<string, never>;
  readonly events: {
    /** A profile file that does not decode: reported once per file version, with why. */
    readonly badFile: { readonly file: string; readonly reason: string };
  };
};

/** diffCommits' request: the diff's sides (their files), its regressions, and where and whether git may run. */
export interface DiffCommitsRequest {
  readonly base: readonly string[];
  readonly head: readonly string[];
  readonly typeName?: string;
  readonly limits: ProfileLimits;
  readonly skipUnreadable?: boolean;
  readonly roots: readonly WorkspaceRoot[];
  readonly regressed: readonly RegressedFunction[];
  readonly allowGit: boolean;
}
