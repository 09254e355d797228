// The release diff as the editor and the diff panel see it: plain data (structured-clone safe), built in the
// profile worker (workspace/buildReleaseDiffView.ts). Shares are of each side's own total; deltas are in share points
// (0..1). Beside the share (normalised) view, the absolute one: cost per second of profiled time and per profile.

export interface DiffSideView {
  /** What the side is: a version label, or "N profiles". */
  readonly label: string;
  readonly total: number;
  /** Total per second of profiled time, when the profiles say how long they ran. */
  readonly perSecond: number | null;
  /** Profiles the side's selection kept (its time range). */
  readonly profiles: number;
  /** Seconds of profiled time of those profiles; 0 when they do not say. */
  readonly seconds: number;
}

/**
 * How a comparison is read: `share` — each side normalised to its own total, a change is a change of share;
 * `second` / `profile` — absolute, a change of cost per second of profiled time / per profile.
 */
export type DiffMode = 'share' | 'second' | 'profile';

/** The mode a diff can be read in: the one asked when the diff has its figures, else per profile, else shares. */
export function availableMode(asked: DiffMode, modes: readonly DiffMode[]): DiffMode {
  if (modes.includes(asked)) return asked;
  return asked !== 'share' && modes.includes('profile') ? 'profile' : 'share';
}

/** A function's or line's cost per unit of exposure on each side (absolute mode), and whether the change is beyond noise. */
export interface AbsoluteDeltaView {
  readonly base: number;
  readonly head: number;
  readonly change: number;
  readonly significant: boolean;
}

/** The absolute figures of a row, per absolute mode the diff offers (ReleaseDiffView.modes). */
export type AbsoluteDeltas = Partial<Record<Exclude<DiffMode, 'share'>, AbsoluteDeltaView>>;

export interface FunctionDeltaView {
  readonly function: string;
  /** Absolute workspace path when the function is application code in the workspace. */
  readonly path?: string;
  /** 1-based line of its head hot line in today's text (or as profiled when not in the workspace). */
  readonly line: number | null;
  /** The file as profiled (for functions outside the workspace). */
  readonly profileFile: string;
  readonly base: number;
  readonly head: number;
  readonly baseShare: number;
  readonly headShare: number;
  readonly baseSelfShare: number;
  readonly headSelfShare: number;
  readonly delta: number;
  readonly significant: boolean;
  readonly presence: 'both' | 'added' | 'removed';
  readonly absolute: AbsoluteDeltas;
  /** For a significant regression with a workspace in git: the commits between the two refs that changed its lines. */
  readonly commits?: readonly DiffCommitView[];
}

/** A commit behind a regression (core/diff/commits.ts), with its files as absolute workspace paths. */
export interface DiffCommitView {
  readonly hash: string;
  readonly author: string;
  readonly date: string;
  readonly subject: string;
  /** The regressed functions whose lines it changed. */
  readonly functions: readonly string[];
  readonly paths: readonly string[];
}

/** Which git refs the commits were looked up between, and why none are named when they are not. */
export interface DiffCommitsView {
  readonly base?: string;
  readonly head?: string;
  readonly notes: readonly string[];
}

export interface LineDeltaView {
  readonly path: string;
  readonly relativePath: string;
  /** 1-based line in today's text. */
  readonly line: number;
  readonly base: number;
  readonly head: number;
  readonly baseShare: number;
  readonly headShare: number;
  readonly delta: number;
  readonly significant: boolean;
  readonly changed: boolean;
  readonly absolute: AbsoluteDeltas;
}

/** Where a diff flame graph function's frames open: a workspace file and the line to show. */
export interface DiffFrameSource {
  readonly path: string;
  readonly line: number;
}

export interface ReleaseDiffView {
  readonly type: string;
  readonly unit: string;
  readonly base: DiffSideView;
  readonly head: DiffSideView;
  /** How significance was decided, in words. */
  readonly noise: string;
  /** The modes this diff can be read in: `share` always; `second` when both sides' profiles say how long they ran. */
  readonly modes: readonly DiffMode[];
  /** Ranked by delta, regressions first (as `perflens diff`); the rows that rank high in any mode. */
  readonly functions: readonly FunctionDeltaView[];
  /** Workspace lines with cost on either side, ranked by delta. */
  readonly lines: readonly LineDeltaView[];
  /** With a workspace: the refs compared for the commits behind regressions (each function's `commits`). */
  readonly commits?: DiffCommitsView;
  /** The commits are being looked up (a follow-up request): `commits` and each regression's come later. */
  readonly commitsPending?: boolean;
  /** "My code only" was on but no workspace folder is open to tell the user's code from the rest: every frame is compared. */
  readonly appOnlyLeftOut?: boolean;
  /** The diff flame graph: the pruned union call tree, encoded by diff/diffFlamePayload.ts (transferred, not copied). */
  readonly flame: ArrayBuffer;
  /** Per flame graph function (the page's index), where its frames open: the extension host never decodes `flame`. */
  readonly frameSources?: readonly (DiffFrameSource | null)[];
}
