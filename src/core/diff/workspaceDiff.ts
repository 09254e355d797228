/**
 * The diff in today's workspace text (`--root`): each side mapped onto the workspace by analyzeWorkspace, then
 * - functions get their workspace file and their head hot line in today's text (the hot line's frame, through the
 *   head's mapping: exact, also inside functions edited since the profile);
 * - a per-line table compares the two sides' cost on each workspace line (for a gutter diff).
 *
 * Lines have values only, no sample counts: a line's count is estimated as value × (side's count total / side's
 * total), exact for CPU profiles (value = samples × period) and an estimate otherwise.
 */
import type { WorkspaceAnalysis } from '../workspace/analyzeWorkspace';
import { functionKey } from './functionKey';
import type { FunctionDiff, FunctionDiffRow } from './functionDiff';
import { criticalZ, twoProportionZ } from './significance';

export interface WorkspaceFunctionRow extends FunctionDiffRow {
  /** The workspace file (relative to its root, '/'-separated) when the function maps into the workspace. */
  readonly workspaceFile: string | null;
  /** Index of the workspace root holding workspaceFile (0 when none). */
  readonly workspaceRoot: number;
  /** The head hot line in today's text of workspaceFile; null when unknown. */
  readonly workspaceLine: number | null;
}

export interface LineDiffRow {
  readonly root: number;
  readonly path: string;
  readonly line: number;
  /** cum and flat per side, in the profile's unit. */
  readonly base: number;
  readonly head: number;
  readonly baseSelf: number;
  readonly headSelf: number;
  readonly baseShare: number;
  readonly headShare: number;
  /** Estimated sample counts of the line's cum on each side (0 when the profiles have none): the noise tests' k. */
  readonly baseCount: number;
  readonly headCount: number;
  readonly delta: number;
  readonly significant: boolean;
  /** The head's text changed here since the head's profiled commit (when known). */
  readonly changed: boolean;
}

export interface WorkspaceDiff {
  readonly functions: WorkspaceFunctionRow[];
  /** Every workspace line with cost on either side, sorted by delta descending. */
  readonly lines: LineDiffRow[];
}

export function mapDiffToWorkspace(diff: FunctionDiff, base: WorkspaceAnalysis, head: WorkspaceAnalysis, alpha = diff.noise.alpha): WorkspaceDiff {
  const byKey = (a: WorkspaceAnalysis) => new Map(a.functions.map((f) => [functionKey(f.name, f.profileFile), f]));
  const headFunctions = byKey(head);
  const baseFunctions = byKey(base);
  const headLines = lineTable(head);
  const baseLines = lineTable(base);

  const functions = diff.functions.map((row): WorkspaceFunctionRow => {
    const ws = headFunctions.get(row.key) ?? baseFunctions.get(row.key);
    if (!ws?.file || ws.class !== 'app') return { ...row, workspaceFile: null, workspaceRoot: 0, workspaceLine: null };
    let workspaceLine: number | null = null;
    const mapped = head.mapping.frames;
    if (row.hotFrame >= 0 && headFunctions.get(row.key) === ws && mapped.fileId[row.hotFrame] >= 0) {
      const today = mapped.currentLine[row.hotFrame];
      const file = head.mapping.files[mapped.fileId[row.hotFrame]];
      if (today > 0 && file.root === ws.file.root && file.path === ws.file.path) workspaceLine = today;
    }
    return { ...row, workspaceFile: ws.file.path, workspaceRoot: ws.file.root, workspaceLine };
  });

  // Count per unit of value on each side, for the lines' noise test.
  const perValue = (total: number, countTotal: number) => (total > 0 && countTotal > 0 ? countTotal / total : 0);
  const baseRate = perValue(diff.base.total, diff.base.countTotal);
  const headRate = perValue(diff.head.total, diff.head.countTotal);
  const estimated = baseRate > 0 && headRate > 0;
  const keys = new Set([...baseLines.keys(), ...headLines.keys()]);
  const zCritical = criticalZ(keys.size, alpha);
  const share = (v: number, total: number) => (total === 0 ? 0 : v / total);
  const lines: LineDiffRow[] = [];
  for (const key of keys) {
    const b = baseLines.get(key);
    const h = headLines.get(key);
    const any = (h ?? b)!;
    const baseValue = b?.cum ?? 0;
    const headValue = h?.cum ?? 0;
    const baseShare = share(baseValue, diff.base.total);
    const headShare = share(headValue, diff.head.total);
    const delta = headShare - baseShare;
    const baseCount = estimated ? Math.abs(baseValue) * baseRate : 0;
    const headCount = estimated ? Math.abs(headValue) * headRate : 0;
    const z = estimated ? twoProportionZ(baseCount, diff.base.countTotal, headCount, diff.head.countTotal) : 0;
    lines.push({
      root: any.root,
      path: any.path,
      line: any.line,
      base: baseValue,
      head: headValue,
      baseSelf: b?.flat ?? 0,
      headSelf: h?.flat ?? 0,
      baseShare,
      headShare,
      baseCount,
      headCount,
      delta,
      significant: estimated ? Math.abs(z) > zCritical && delta !== 0 : delta !== 0,
      changed: h?.changed ?? false,
    });
  }
  lines.sort((a, b) => b.delta - a.delta || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return { functions, lines };
}

const lineKey = (root: number, path: string, line: number) => `${root}\u0000${path}\u0000${line}`;

function lineTable(a: WorkspaceAnalysis) {
  const table = new Map<string, { root: number; path: string; line: number; flat: number; cum: number; changed: boolean }>();
  for (const f of a.files) {
    for (const l of f.lines) table.set(lineKey(f.file.root, f.file.path, l.line), { root: f.file.root, path: f.file.path, ...l });
  }
  return table;
}
