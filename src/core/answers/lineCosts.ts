/** `line_costs`: a workspace file's cost per line (today's lines, after path mapping, source maps and drift). */
import { selectSampleType } from '../aggregate/sampleType';
import type { Profile } from '../profile/model';
import type { WorkspaceRootInfo } from '../symbolicate/path-rules';
import { analyzeWorkspace, fileKey } from '../workspace/analyzeWorkspace';
import { clip, header, share, valueAndShare, type AgentAnswer, type SelectionFacts } from './answer';

/** Most lines listed for one file (the costliest, then shown in line order). */
export const MAX_LINES = 200;

export interface LineCostsRequest {
  readonly profiles: readonly Profile[];
  readonly sampleType?: string;
  /** The workspace folder (one root). */
  readonly root: WorkspaceRootInfo & { location: string };
  /** Relative to the root, already checked with workspaceRelativePath. */
  readonly file: string;
  readonly gitEnabled: boolean;
}

export interface LineCostRow {
  readonly line: number;
  readonly self: number;
  readonly selfShare: number;
  readonly total: number;
  readonly totalShare: number;
  /** Edited since the profiled commit. */
  readonly changed: boolean;
  readonly text: string;
}

export interface LineCosts {
  readonly file: string;
  readonly type: string;
  readonly unit: string;
  readonly total: number;
  readonly selection: string;
  /** Self cost of the whole file and its share. */
  readonly fileSelf: number;
  readonly fileSelfShare: number;
  readonly lines: LineCostRow[];
  readonly lineCount: number;
  /** When the file has no cost: workspace files with cost whose name is like it. */
  readonly similarFiles?: string[];
}

export async function lineCosts(request: LineCostsRequest, facts: SelectionFacts, warn?: (m: string) => void): Promise<AgentAnswer<LineCosts>> {
  const first = request.profiles[0];
  const typeIndex = selectSampleType(first.sampleTypes, first.defaultSampleType, request.sampleType);
  const { type, unit } = first.sampleTypes[typeIndex];
  const analysis = await analyzeWorkspace({ profiles: request.profiles, query: { type: typeIndex }, roots: [request.root], gitEnabled: request.gitEnabled, warn });
  const row = analysis.files.find((f) => f.file.path === request.file);
  const total = analysis.total;
  if (!row) {
    const base = request.file.slice(request.file.lastIndexOf('/') + 1).toLowerCase();
    const similar = analysis.files.map((f) => f.file.path).filter((p) => p.toLowerCase().endsWith(base) || p.toLowerCase().includes(base.replace(/\.[^.]*$/, ''))).slice(0, 10);
    const costly = analysis.files.slice(0, 10).map((f) => f.file.path);
    const text = [
      ...header(facts, `${request.file}: no cost in this selection (${type}).`),
      similar.length > 0 ? `Files with cost and a similar name: ${similar.join(', ')}` : `Costliest workspace files: ${costly.join(', ') || 'none (nothing maps to the workspace)'}`,
    ];
    return {
      text: text.join('\n'),
      structured: { file: request.file, type, unit, total, selection: facts.description, fileSelf: 0, fileSelfShare: 0, lines: [], lineCount: 0, similarFiles: similar.length > 0 ? similar : costly },
    };
  }
  const sourceLines = analysis.texts.get(fileKey(row.file))?.split('\n');
  const costliest = [...row.lines].sort((a, b) => b.cum - a.cum || b.flat - a.flat).slice(0, MAX_LINES).sort((a, b) => a.line - b.line);
  const lines: LineCostRow[] = costliest.map((l) => ({
    line: l.line,
    self: l.flat,
    selfShare: share(l.flat, total),
    total: l.cum,
    totalShare: share(l.cum, total),
    changed: l.changed,
    text: clip(sourceLines?.[l.line - 1]?.trim() ?? '', 160),
  }));
  const text = [
    ...header(facts, `${request.file}: self ${valueAndShare(row.flat, total, unit)} of ${type}; ${lines.length} of ${row.lines.length} lines with cost (1-based, today's text)${analysis.commit ? `, moved from commit ${analysis.commit.slice(0, 12)}` : ''}.`),
    ...lines.map((l) => `${l.line}: total ${valueAndShare(l.total, total, unit)}, self ${valueAndShare(l.self, total, unit)}${l.changed ? ' [changed since profiled]' : ''}  ${l.text}`),
  ];
  return {
    text: text.join('\n'),
    structured: { file: request.file, type, unit, total, selection: facts.description, fileSelf: row.flat, fileSelfShare: share(row.flat, total), lines, lineCount: row.lines.length },
  };
}
