// The profile worker's growth request: a service's allocation sites ranked by how steadily the memory they hold
// grew over the local store's last in-use heap snapshots (core/trends/growth.ts), leaks first, and apart from them
// the sites that allocate much and keep little (churn); each placed on its workspace file and today's line.
import type { WorkspaceRoot } from '../core/workspace/analyzeRequest';
import type { ProfileLimits } from '../core/profile/limits';

export interface GrowthRequest {
  /** The store's folder and the service. */
  readonly root: string;
  readonly service: string;
  /** The store's memory type to read (a type folder or canonical type: inuse_space, heap, memory…). */
  readonly type: string;
  /** The time range looked at (ms since the epoch); none: the whole store. */
  readonly range?: { readonly fromMs: number; readonly toMs: number };
  /** The newest this many snapshots of the range are read. */
  readonly snapshots: number;
  readonly roots: readonly WorkspaceRoot[];
  readonly pathMappings: readonly { from: string; to: string }[];
  readonly allowGit: boolean;
  readonly limits: ProfileLimits;
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
  /** Snapshot times (ms since the epoch) and the process's in-use total at each. */
  readonly times: readonly number[];
  readonly totals: readonly number[];
  /** Sites whose in-use value grew: leaks first (by growth per hour), then the others that grew. */
  readonly sites: readonly GrowthSiteView[];
  /** Sites that allocated the most over the window while keeping little of it (not leaks), most allocated first. */
  readonly churn: readonly GrowthSiteView[];
  readonly notes: readonly string[];
}
