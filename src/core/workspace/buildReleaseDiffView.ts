// The editor's release diff: both sides' files decoded (with the configured limits), compared, and mapped onto
// the workspace folders; with it, the union call tree for the diff flame graph, pruned and encoded as one
// ArrayBuffer. Runs in the profile worker.
import { join } from 'node:path';
import { buildDiffTree } from '../diff/diffTree';
import type { FunctionDiff } from '../diff/functionDiff';
import { functionKey } from '../diff/functionKey';
import { twoProportionZ } from '../diff/significance';
import { releaseDiff } from '../diff/releaseDiff';
import type { WorkspaceFunctionRow } from '../diff/workspaceDiff';
import { readModel } from '../model/readModel';
import type { ProfileModel } from '../model/types';
import type { ProfileLimits } from '../profile/limits';
import { parsePathRule, type PathRule } from '../symbolicate/path-rules';
import type { WorkspaceRoot } from './analyzeRequest';
import { encodeDiffFlame, type DiffFlameLocation } from '../diff/diffFlamePayload';
import type { DiffCommitView, ReleaseDiffView } from '../diff/releaseDiffView';
import { attributeCommits } from '../diff/commitsOfDiff';

export interface ReleaseDiffRequest {
  readonly base: { readonly label: string; readonly sources: readonly string[] };
  readonly head: { readonly label: string; readonly sources: readonly string[] };
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
  const { diff, workspace, base: baseSide, head: headSide } = await releaseDiff(base, head, { type: request.typeName, roots, rules, gitEnabled: request.allowGit, warn });
  const absolute = (root: number, path: string) => join(request.roots[root].path, ...path.split('/'));
  const commits = workspace && roots.length > 0
    ? await attributeCommits({ roots: roots.map((r) => r.location), workspace, base, head, type: request.typeName, gitEnabled: request.allowGit })
    : undefined;
  const commitsOf = (r: WorkspaceFunctionRow): DiffCommitView[] | undefined => commits?.byFunction.get(r.key)?.map((c) => ({
    hash: c.hash, author: c.author, date: c.date, subject: c.subject, functions: c.functions, paths: c.paths.map((p) => absolute(r.workspaceRoot, p)),
  }));
  const rows: WorkspaceFunctionRow[] = workspace?.functions ?? diff.functions.map((f) => ({ ...f, workspaceFile: null, workspaceRoot: 0, workspaceLine: null }));
  const flame = diffFlameBuffer(diff, rows, baseSide, headSide, absolute);
  const side = (label: string, s: typeof diff.base, profiles: number) => ({ label, total: s.total, perSecond: s.perSecond, profiles });
  return {
    type: diff.type,
    unit: diff.unit,
    base: side(request.base.label, diff.base, base.profiles.count),
    head: side(request.head.label, diff.head, head.profiles.count),
    noise: diff.noise.estimated
      ? `Changes within sampling noise are faded: two-proportion test on sample counts, |z| > ${diff.noise.criticalZ.toFixed(2)} over ${diff.noise.tests} functions (${Math.round(diff.noise.alpha * 100)}% false-alarm rate overall)`
      : 'These profiles carry no sample counts: every change is shown as significant',
    functions: rows.slice(0, MAX_FUNCTIONS).map((r) => ({
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
      commits: commitsOf(r),
    })),
    lines: (workspace?.lines ?? []).slice(0, MAX_LINES).map((l) => ({
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
    })),
    ...(commits ? { commits: { base: commits.base, head: commits.head, notes: commits.notes } } : {}),
    flame,
  };
}

/** The union call tree, pruned, with each node's noise verdict and the workspace locations of application functions. */
function diffFlameBuffer(
  diff: FunctionDiff, rows: readonly WorkspaceFunctionRow[],
  base: Parameters<typeof buildDiffTree>[0], head: Parameters<typeof buildDiffTree>[1],
  absolute: (root: number, path: string) => string,
): ArrayBuffer {
  const tree = buildDiffTree(base, head);
  const byKey = new Map<string, DiffFlameLocation>();
  for (const r of rows) {
    if (r.workspaceFile) byKey.set(r.key, { path: absolute(r.workspaceRoot, r.workspaceFile), line: r.workspaceLine ?? r.firstLine ?? 1 });
  }
  // A node's sample counts are estimated from its share of each side's count total; its change counts when the
  // functions' two-proportion test (with the same critical z) says it is beyond noise.
  const { estimated, criticalZ } = diff.noise;
  const n1 = diff.base.countTotal;
  const n2 = diff.head.countTotal;
  return encodeDiffFlame(tree, {
    significant: estimated
      ? (b, h) => b !== h && Math.abs(twoProportionZ(b * n1, n1, h * n2, n2)) > criticalZ
      : (b, h) => b !== h,
    location: (f) => byKey.get(functionKey(tree.functions[f].name, tree.functions[f].file)),
  });
}
