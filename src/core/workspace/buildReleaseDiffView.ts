// The editor's release diff: both sides' files decoded (with the configured limits), compared, and mapped onto
// the workspace folders; with it, the union call tree for the diff flame graph, pruned and encoded as one
// ArrayBuffer. Runs in the profile worker.
import { join } from 'node:path';
import { buildDiffTree } from '../diff/diffTree';
import type { FunctionDiff } from '../diff/functionDiff';
import { functionKey } from '../diff/functionKey';
import { twoProportionZ } from '../diff/significance';
import { releaseDiff, type SideQuery } from '../diff/releaseDiff';
import { absoluteChange, diffExposures, type Exposure } from '../diff/absoluteChange';
import { checkSideSelected, type SideAsked } from '../diff/sideSelection';
import { DiffSampleTypeError } from '../diff/sampleType';
import type { WorkspaceFunctionRow } from '../diff/workspaceDiff';
import { readModel } from '../model/readModel';
import type { ProfileModel } from '../model/types';
import type { ProfileLimits } from '../profile/limits';
import { parsePathRule, type PathRule } from '../symbolicate/path-rules';
import type { WorkspaceRoot } from './analyzeRequest';
import { encodeDiffFlame, type DiffFlameLocation } from '../diff/diffFlamePayload';
import type { AbsoluteDeltas, DiffMode, ReleaseDiffView } from '../diff/releaseDiffView';

/** One side of a comparison: its files, and what selects its samples among them (time range, labels, frames). */
export interface DiffSideRequest {
  readonly label: string;
  readonly sources: readonly string[];
  /** The side's selection besides the sample type; none: every sample of the files. */
  readonly query?: SideQuery;
  /**
   * What the user asked of the side, for the message when it keeps nothing (a source may have applied part of it
   * already, so it is not always the query); default: the query.
   */
  readonly asked?: SideAsked;
}

export interface ReleaseDiffRequest {
  readonly base: DiffSideRequest;
  readonly head: DiffSideRequest;
  readonly typeName?: string;
  readonly roots: readonly WorkspaceRoot[];
  readonly pathMappings: readonly { from: string; to: string }[];
  readonly allowGit: boolean;
  readonly limits: ProfileLimits;
}

/** How many rows cross to the editor: the ranked tables are read from the top. */
const MAX_FUNCTIONS = 2000;
const MAX_LINES = 5000;

/** @param models both sides' models, when the caller has them (the worker's cache); else the files are read here */
export async function buildReleaseDiffView(request: ReleaseDiffRequest, warn: (m: string) => void = () => {}, models?: { base: ProfileModel; head: ProfileModel }): Promise<ReleaseDiffView> {
  if (request.base.sources.length === 0 || request.head.sources.length === 0) throw new Error('both sides of a diff need at least one profile');
  const base = models?.base ?? readModel(request.base.sources, request.limits, request.typeName);
  const head = models?.head ?? readModel(request.head.sources, request.limits, request.typeName);
  const roots = request.roots.map((r) => ({ name: r.name, location: r.path }));
  const rules: PathRule[] = [];
  for (const m of request.pathMappings) {
    const parsed = parsePathRule(m, roots);
    if ('error' in parsed) warn(`setting perflens.pathMappings: ${parsed.error}`);
    else rules.push(parsed.rule);
  }
  const compared = await releaseDiff(base, head, {
    type: request.typeName, roots, rules, gitEnabled: request.allowGit, warn, base: request.base.query, head: request.head.query,
    checkSide: (name, selected) => checkSideSelected(sideName(name, request[name]), request[name].asked ?? askedOf(request[name].query), selected),
  }).catch((e: unknown) => {
    // Two sides of different kinds (a CPU profile against a heap profile): say which side lacks the type.
    if (e instanceof DiffSampleTypeError) throw new DiffSampleTypeError(e.side, `${sideName(e.side, request[e.side])}: ${e.message}`);
    throw e;
  });
  const { diff, workspace, base: baseSide, head: headSide } = compared;
  const absolute = (root: number, path: string) => join(request.roots[root].path, ...path.split('/'));
  const allRows: WorkspaceFunctionRow[] = workspace?.functions ?? diff.functions.map((f) => ({ ...f, workspaceFile: null, workspaceRoot: 0, workspaceLine: null }));
  const exposures = diffExposures(diff, baseSide.matchedProfiles, headSide.matchedProfiles);
  const flame = diffFlameBuffer(diff, allRows, baseSide, headSide, absolute, exposures);
  const absoluteOf = (b: number, h: number, bCount: number, hCount: number): AbsoluteDeltas => {
    const out: { -readonly [K in keyof AbsoluteDeltas]: AbsoluteDeltas[K] } = {};
    for (const e of exposures) {
      const { base: eb, head: eh, change, significant } = absoluteChange(b, h, bCount, hCount, e, diff.noise);
      out[e.per] = { base: eb, head: eh, change, significant };
    }
    return out;
  };
  const functionAbsolute = allRows.map((r) => absoluteOf(r.base, r.head, r.baseCount, r.headCount));
  const allLines = workspace?.lines ?? [];
  const lineAbsolute = allLines.map((l) => absoluteOf(l.base, l.head, l.baseCount, l.headCount));
  const keptRows = topInAnyMode(allRows.map((r) => r.delta), functionAbsolute, exposures, MAX_FUNCTIONS);
  const keptLines = topInAnyMode(allLines.map((l) => l.delta), lineAbsolute, exposures, MAX_LINES);
  const side = (label: string, s: typeof diff.base, profiles: number) => ({ label, total: s.total, perSecond: s.perSecond, profiles, seconds: s.durationNanos / 1e9 });
  return {
    type: diff.type,
    unit: diff.unit,
    base: side(request.base.label, diff.base, baseSide.matchedProfiles),
    head: side(request.head.label, diff.head, headSide.matchedProfiles),
    noise: diff.noise.estimated
      ? `Changes within sampling noise are faded: two-proportion test on sample counts (for shares; a test of two rates for the absolute change), |z| > ${diff.noise.criticalZ.toFixed(2)} over ${diff.noise.tests} functions (${Math.round(diff.noise.alpha * 100)}% false-alarm rate overall)`
      : 'These profiles carry no sample counts: every change is shown as significant',
    modes: ['share', ...exposures.map((e): DiffMode => e.per)],
    functions: keptRows.map((i) => {
      const r = allRows[i];
      return {
        function: r.function,
        path: r.workspaceFile ? absolute(r.workspaceRoot, r.workspaceFile) : undefined,
        line: r.workspaceFile ? r.workspaceLine : r.line,
        profileFile: r.file,
        base: r.base,
        head: r.head,
        baseShare: r.baseShare,
        headShare: r.headShare,
        baseSelfShare: r.baseSelfShare,
        headSelfShare: r.headSelfShare,
        delta: r.delta,
        significant: r.significant,
        presence: r.presence,
        absolute: functionAbsolute[i],
      };
    }),
    lines: keptLines.map((i) => {
      const l = allLines[i];
      return {
        path: absolute(l.root, l.path),
        relativePath: l.path,
        line: l.line,
        base: l.base,
        head: l.head,
        baseShare: l.baseShare,
        headShare: l.headShare,
        delta: l.delta,
        significant: l.significant,
        changed: l.changed,
        absolute: lineAbsolute[i],
      };
    }),
    // The commits behind the regressions are a follow-up request (core/diff/commitsOfView.ts): git log -L takes time.
    ...(workspace && roots.length > 0 ? { commitsPending: true } : {}),
    ...(compared.appOnlyLeftOut ? { appOnlyLeftOut: true } : {}),
    flame,
  };
}

const sideName = (name: 'base' | 'head', side: DiffSideRequest) => `the ${name === 'base' ? 'before' : 'after'} side (${side.label})`;

const askedOf = (query: SideQuery | undefined): SideAsked => ({
  range: query?.timeRange && { fromMs: query.timeRange.startMs, toMs: query.timeRange.endMs },
  labels: query?.labels,
  frames: query?.frames,
});

/**
 * The indices (in their order) of the items that rank within the first `limit` by the size of their change in any
 * mode — the share delta or an absolute change — so that whichever mode the user reads, its biggest rises and falls
 * are there. All of them when there are no more than `limit`.
 */
export function topInAnyMode(deltas: readonly number[], absolute: readonly AbsoluteDeltas[], exposures: readonly Exposure[], limit: number): number[] {
  const n = deltas.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= limit) return all;
  const keep = new Uint8Array(n);
  const mark = (size: (i: number) => number) => {
    for (const i of [...all].sort((a, b) => size(b) - size(a) || a - b).slice(0, limit)) keep[i] = 1;
  };
  mark((i) => Math.abs(deltas[i]));
  for (const e of exposures) mark((i) => Math.abs(absolute[i][e.per]?.change ?? 0));
  return all.filter((i) => keep[i]);
}

/** The union call tree, pruned, with each node's noise verdict and the workspace locations of application functions. */
function diffFlameBuffer(
  diff: FunctionDiff, rows: readonly WorkspaceFunctionRow[],
  base: Parameters<typeof buildDiffTree>[0], head: Parameters<typeof buildDiffTree>[1],
  absolute: (root: number, path: string) => string, exposures: readonly Exposure[],
): ArrayBuffer {
  const tree = buildDiffTree(base, head);
  const byKey = new Map<string, DiffFlameLocation>();
  for (const r of rows) {
    if (r.workspaceFile) byKey.set(r.key, { path: absolute(r.workspaceRoot, r.workspaceFile), line: r.workspaceLine ?? r.firstLine ?? 1 });
  }
  // A node's sample counts are estimated from its share of each side's count total; its change counts when the
  // functions' tests (two proportions for shares, two rates for the absolute modes, the same critical z) say it is
  // beyond noise.
  const { estimated, criticalZ } = diff.noise;
  const n1 = diff.base.countTotal;
  const n2 = diff.head.countTotal;
  const baseRoot = tree.count > 0 ? tree.baseTotal[0] : 0;
  const headRoot = tree.count > 0 ? tree.headTotal[0] : 0;
  const counts = (b: number, h: number) => [baseRoot > 0 ? (b / baseRoot) * n1 : 0, headRoot > 0 ? (h / headRoot) * n2 : 0] as const;
  return encodeDiffFlame(tree, {
    significant: estimated
      ? (b, h) => b !== h && Math.abs(twoProportionZ(b * n1, n1, h * n2, n2)) > criticalZ
      : (b, h) => b !== h,
    significantPer: Object.fromEntries(exposures.map((e) => [e.per, (b: number, h: number) => absoluteChange(b, h, ...counts(b, h), e, diff.noise).significant])),
    location: (f) => byKey.get(functionKey(tree.functions[f].name, tree.functions[f].file)),
  });
}
