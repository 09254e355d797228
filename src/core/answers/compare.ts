/**
 * `compare`: two selections (base, head) → functions ranked by the change of their share of each side's total,
 * with the noise test's verdict: regressions first, then improvements, each limited; the rest counted.
 */
import { formatValue } from '../format/units';
import { releaseDiff } from '../diff/releaseDiff';
import type { FunctionDiffRow } from '../diff/functionDiff';
import type { Profile } from '../profile/model';
import type { WorkspaceRootInfo } from '../symbolicate/path-rules';
import { clip, type AgentAnswer, type SelectionFacts } from './answer';

export interface CompareRequest {
  readonly base: readonly Profile[];
  readonly head: readonly Profile[];
  readonly sampleType?: string;
  readonly limit: number;
  /** With a workspace, rows name workspace files and today's hot line. */
  readonly root?: WorkspaceRootInfo & { location: string };
  readonly gitEnabled: boolean;
}

export interface CompareRow {
  readonly function: string;
  readonly file: string;
  readonly line: number | null;
  /** Share (0..1) of each side's total, total (cum) and self. */
  readonly baseShare: number;
  readonly headShare: number;
  readonly baseSelfShare: number;
  readonly headSelfShare: number;
  /** headShare − baseShare. */
  readonly delta: number;
  /** The noise test's z and verdict. */
  readonly z: number;
  readonly significant: boolean;
  readonly presence: 'both' | 'added' | 'removed';
}

export interface Comparison {
  readonly type: string;
  readonly unit: string;
  readonly base: { readonly selection: string; readonly total: number; readonly perSecond: number | null };
  readonly head: { readonly selection: string; readonly total: number; readonly perSecond: number | null };
  readonly noise: { readonly estimated: boolean; readonly criticalZ: number; readonly functionsTested: number };
  readonly regressions: CompareRow[];
  readonly improvements: CompareRow[];
  /** Functions whose share changed by no more than noise explains. */
  readonly withinNoise: number;
}

const pp = (d: number) => `${d >= 0 ? '+' : '-'}${Math.abs(d * 100).toFixed(2)} pp`;
const pct = (s: number) => `${(s * 100).toFixed(2)}%`;

export async function compareSelections(request: CompareRequest, base: SelectionFacts, head: SelectionFacts, warn?: (m: string) => void): Promise<AgentAnswer<Comparison>> {
  const result = await releaseDiff(request.base, request.head, { type: request.sampleType, roots: request.root ? [request.root] : undefined, gitEnabled: request.gitEnabled, warn });
  const { diff } = result;
  const mapped = new Map((result.workspace?.functions ?? []).map((r) => [r.key, r]));
  const row = (r: FunctionDiffRow): CompareRow => {
    const w = mapped.get(r.key);
    const inWorkspace = typeof w?.workspaceFile === 'string';
    return {
      function: clip(r.function),
      file: clip(inWorkspace ? w!.workspaceFile! : r.file),
      line: inWorkspace ? (w!.workspaceLine ?? null) : r.line,
      baseShare: r.baseShare,
      headShare: r.headShare,
      baseSelfShare: r.baseSelfShare,
      headSelfShare: r.headSelfShare,
      delta: r.delta,
      z: r.z,
      significant: r.significant,
      presence: r.presence,
    };
  };
  const regressions = diff.functions.filter((r) => r.significant && r.delta > 0).slice(0, request.limit).map(row);
  const improvements = diff.functions.filter((r) => r.significant && r.delta < 0).reverse().slice(0, request.limit).map(row);
  const withinNoise = diff.functions.filter((r) => !r.significant && r.delta !== 0).length;
  const side = (s: typeof diff.base) => `${formatValue(s.total, diff.unit)}${s.perSecond !== null ? ` (${formatValue(s.perSecond, diff.unit)}/s)` : ''}`;
  const line = (r: CompareRow) => `${r.function}: ${pp(r.delta)} (total share ${pct(r.baseShare)} → ${pct(r.headShare)}, self ${pct(r.baseSelfShare)} → ${pct(r.headSelfShare)}${r.presence === 'added' ? ', new' : r.presence === 'removed' ? ', gone' : ''})${r.file ? ` at ${r.file}${r.line ? `:${r.line}` : ''}` : ''}`;
  const text = [
    `Comparison of ${diff.type} (${diff.unit}); a change counts when it is more than sampling noise${diff.noise.estimated ? ` (|z| > ${diff.noise.criticalZ.toFixed(2)} over ${diff.noise.tests} functions)` : ' (noise could not be estimated: every change counts)'}.`,
    `Base: ${side(diff.base)}`,
    `Base selection: ${base.description}`,
    ...base.notes.map((n) => `Note (base): ${n}`),
    `Head: ${side(diff.head)}`,
    `Head selection: ${head.description}`,
    ...head.notes.map((n) => `Note (head): ${n}`),
    '',
    `Regressions (share rose), largest first: ${regressions.length === 0 ? 'none' : ''}`,
    ...regressions.map((r, i) => `${i + 1}. ${line(r)}`),
    `Improvements (share fell), largest first: ${improvements.length === 0 ? 'none' : ''}`,
    ...improvements.map((r, i) => `${i + 1}. ${line(r)}`),
    `Within noise: ${withinNoise} functions.`,
  ];
  return {
    text: text.join('\n'),
    structured: {
      type: diff.type,
      unit: diff.unit,
      base: { selection: base.description, total: diff.base.total, perSecond: diff.base.perSecond },
      head: { selection: head.description, total: diff.head.total, perSecond: diff.head.perSecond },
      noise: { estimated: diff.noise.estimated, criticalZ: diff.noise.criticalZ, functionsTested: diff.noise.tests },
      regressions,
      improvements,
      withinNoise,
    },
  };
}
