// The profile worker's growth request: a service's allocation sites ranked by how steadily the memory they hold
// grew over the local store's last in-use heap snapshots (core/trends/growth.ts), leaks first, and apart from them
// the sites that allocate much and keep little (churn); each placed on its workspace file and today's line.
import type { WorkspaceRoot } from '../core/workspace/analyzeRequest';
import type { ProfileLimits } from '../core/profile/limits';

/** The growth of a local store's snapshots, or of a remote source's (its buckets' merged snapshots). */
export type GrowthRequest = StoreGrowthRequest | RemoteGrowthRequest;

/** Where the sites are placed in the workspace. */
interface Placement {
  readonly roots: readonly WorkspaceRoot[];
  readonly pathMappings: readonly { from: string; to: string }[];
  readonly allowGit: boolean;
  readonly limits: ProfileLimits;
}

/**
 * A remote source's history (Pyroscope, Parca), fetched by the extension host in round time buckets: per bucket one
 * merged profile — the server adds the in-use snapshots of the bucket up — and the snapshots per series it merged,
 * by which its values are divided (sources/remoteGrowth.ts). The ArrayBuffers are transferred.
 */
export interface RemoteGrowthRequest extends Placement {
  readonly remote: {
    readonly service: string;
    readonly buckets: readonly { readonly startMs: number; readonly bytes: ArrayBuffer; readonly origin: string; readonly snapshotsPerSeries: number }[];
    readonly widthMs: number;
    /** What was asked of the source and how the snapshots were counted, in words. */
    readonly notes: readonly string[];
  };
  /** The in-use sample type to read (inuse_space…). */
  readonly type: string;
}

export interface StoreGrowthRequest extends Placement {
  readonly remote?: undefined;
  /** The store's folder and the service. */
  readonly root: string;
  readonly service: string;
  /** The store's memory type to read (a type folder or canonical type: inuse_space, heap, memory…). */
  readonly type: string;
  /** The time range looked at (ms since the epoch); none: the whole store. */
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  /** The newest this many snapshots of the range are read. */
  readonly snapshots: number;
}

export interface GrowthSiteView {
  readonly function: string;
  /** The site's file as profiles name it (its last two segments) and its line as profiled (0: unknown). */
  readonly fileTail: string;
  readonly line: number;
  /** The workspace file and today's line (1-based), when the site maps into the workspace. */
  readonly path?: string;
  readonly currentLine?: number;
  /** In use at each snapshot (the view's `times`). */
  readonly series: readonly number[];
  readonly slopePerHour: number;
  readonly recentSlopePerHour: number;
  readonly growth: number;
  /** Kendall's tau-b: how steady the rise is (1: every snapshot holds more than every earlier one). */
  readonly tau: number;
  /** Allocated over the window, and the part still in use (Go heap profiles); undefined without them. */
  readonly allocated?: number;
  readonly retained?: number;
  readonly leak: boolean;
}

export interface GrowthView {
  readonly service: string;
  /** The in-use sample type read and its unit. */
  readonly type: string;
  readonly unit: string;
  /**
   * From a remote source: where the figures come from ("averaged per bucket from 212 snapshots of Pyroscope …"),
   * or why there is no ranking (the server cannot say how many snapshots a bucket's merge adds up).
   */
  readonly remote?: { readonly provenance: string; readonly unavailable?: boolean };
  /** Snapshot times (ms since the epoch; a remote bucket's middle) and the in-use total at each. */
  readonly times: readonly number[];
  readonly totals: readonly number[];
  /** Sites whose in-use value grew: leaks first (by growth per hour), then the others that grew. */
  readonly sites: readonly GrowthSiteView[];
  /** Sites that allocated the most over the window while keeping little of it (not leaks), most allocated first. */
  readonly churn: readonly GrowthSiteView[];
  readonly notes: readonly string[];
}
