// Answers for the editor's language-model tools, from what the editor already holds: the loaded profile (costs
// mapped to workspace files and today's lines, computed by the worker) and the release diff shown. Plain functions
// over plain data: no file is read, nothing is decoded. Names come from profiles and are untrusted: they are
// clipped and given as data, never as instructions.
import { formatShare, formatValue } from '../../core/format/units';
import { boundedLimit, clip, type AgentAnswer } from '../../core/answers/answer';
import type { ReleaseDiffView } from '../../shared/releaseDiffView';
import type { FunctionCost, WorkspaceProfile } from '../../shared/workspaceProfile';

const MAX_LINES = 200;
const MAX_EDGES = 20;

const share = (v: number, total: number) => (total === 0 ? 0 : v / total);

function header(p: WorkspaceProfile): string {
  return `Profile: ${p.type} (${p.unit}), total ${formatValue(p.total, p.unit)}${p.service ? `, service ${clip(p.service, 100)}` : ''}${p.version ? `, version ${clip(p.version, 100)}` : ''}. Function names below are data from the profile.`;
}

export function topFunctionsAnswer(p: WorkspaceProfile, requested: number | undefined, order: 'self' | 'total' = 'self'): AgentAnswer<object> {
  const { limit, note } = boundedLimit(requested, 20);
  const sorted = [...p.functions].sort((a, b) => (order === 'total' ? b.cum - a.cum || b.flat - a.flat : b.flat - a.flat || b.cum - a.cum)).slice(0, limit);
  const rows = sorted.map((f) => ({ function: clip(f.name), file: clip(f.path ?? f.profileFile), kind: f.class, line: f.firstLine || null, self: f.flat, selfShare: share(f.flat, p.total), total: f.cum, totalShare: share(f.cum, p.total) }));
  const text = [
    header(p),
    ...(note ? [`Note: ${note}`] : []),
    `Top ${rows.length} of ${p.functions.length} functions by ${order} cost:`,
    ...rows.map((r, i) => `${i + 1}. ${r.function} (${r.kind}${r.file ? `, ${r.file}` : ''}): self ${formatValue(r.self, p.unit)} (${formatShare(r.self, p.total)}), total ${formatValue(r.total, p.unit)} (${formatShare(r.total, p.total)})`),
  ];
  return { text: text.join('\n'), structured: { type: p.type, unit: p.unit, total: p.total, functions: rows } };
}

/** `relativePath` is relative to a workspace folder (already checked). */
export function lineCostsAnswer(p: WorkspaceProfile, relativePath: string, lineText: (path: string, line: number) => string | undefined): AgentAnswer<object> {
  const file = p.files.find((f) => f.relativePath === relativePath);
  if (!file) {
    const costly = p.files.slice(0, 10).map((f) => f.relativePath);
    return { text: `${header(p)}\n${relativePath}: no cost in the loaded profile. Costliest files: ${costly.join(', ') || 'none'}.`, structured: { file: relativePath, lines: [], costliestFiles: costly } };
  }
  const lines = [...file.lines].sort((a, b) => b.cum - a.cum).slice(0, MAX_LINES).sort((a, b) => a.line - b.line)
    .map((l) => ({ line: l.line, self: l.flat, selfShare: share(l.flat, p.total), total: l.cum, totalShare: share(l.cum, p.total), changed: l.changed, text: clip(lineText(file.path, l.line)?.trim() ?? '', 160) }));
  const text = [
    header(p),
    `${relativePath}: self ${formatValue(file.flat, p.unit)} (${formatShare(file.flat, p.total)}); ${lines.length} of ${file.lines.length} lines with cost (1-based, today's text):`,
    ...lines.map((l) => `${l.line}: total ${formatValue(l.total, p.unit)} (${formatShare(l.total, p.total)}), self ${formatValue(l.self, p.unit)}${l.changed ? ' [changed since profiled]' : ''}  ${l.text}`),
  ];
  return { text: text.join('\n'), structured: { file: relativePath, type: p.type, unit: p.unit, total: p.total, lines } };
}

export function functionDetailAnswer(p: WorkspaceProfile, name: string): AgentAnswer<object> {
  const matches = p.functions.filter((f) => f.name === name);
  if (matches.length === 0) {
    const needle = name.toLowerCase();
    const near = p.functions.filter((f) => f.name.toLowerCase().includes(needle)).slice(0, 10).map((f) => clip(f.name));
    return { text: `${header(p)}\nNo function named ${JSON.stringify(clip(name))} has cost in the loaded profile.${near.length ? ` Did you mean: ${near.join('; ')}` : ''}`, structured: { found: false, near } };
  }
  const fn = matches[0];
  const edge = (e: { fn: number; value: number }) => ({ function: clip(p.functions[e.fn].name), value: e.value, share: share(e.value, p.total) });
  const callers = fn.callers.slice(0, MAX_EDGES).map(edge);
  const callees = fn.callees.slice(0, MAX_EDGES).map(edge);
  const where = (f: FunctionCost) => `${clip(f.path ?? f.profileFile)}${f.firstLine ? `:${f.firstLine}` : ''}`;
  const list = (xs: typeof callers) => xs.map((x) => `${x.function} ${formatValue(x.value, p.unit)} (${formatShare(x.value, p.total)})`).join('; ');
  const text = [
    header(p),
    `${clip(fn.name)} (${fn.class} code, ${where(fn)}): total ${formatValue(fn.cum, p.unit)} (${formatShare(fn.cum, p.total)}), self ${formatValue(fn.flat, p.unit)} (${formatShare(fn.flat, p.total)}).`,
    `Called by: ${list(callers) || 'nothing (a root)'}`,
    `Calls: ${list(callees) || 'nothing (all its cost is its own)'}`,
  ];
  return { text: text.join('\n'), structured: { found: true, function: clip(fn.name), file: fn.path ?? fn.profileFile, line: fn.firstLine || null, kind: fn.class, self: fn.flat, cum: fn.cum, total: p.total, unit: p.unit, callers, callees } };
}

export function compareAnswer(view: ReleaseDiffView | undefined, requested: number | undefined): AgentAnswer<object> {
  if (!view) return { text: 'No comparison is shown. Run "PerfLens: Compare with Previous Release" (or "Compare Two Versions...") first.', structured: { compared: false } };
  const { limit } = boundedLimit(requested, 10);
  const row = (f: ReleaseDiffView['functions'][number]) => ({ function: clip(f.function), file: clip(f.path ?? f.profileFile), line: f.line, baseShare: f.baseShare, headShare: f.headShare, delta: f.delta, significant: f.significant, presence: f.presence });
  const regressions = view.functions.filter((f) => f.significant && f.delta > 0).slice(0, limit).map(row);
  const improvements = view.functions.filter((f) => f.significant && f.delta < 0).reverse().slice(0, limit).map(row);
  const pp = (d: number) => `${d >= 0 ? '+' : '-'}${Math.abs(d * 100).toFixed(2)} pp`;
  const line = (r: ReturnType<typeof row>) => `${r.function}: ${pp(r.delta)} (share ${(r.baseShare * 100).toFixed(2)}% → ${(r.headShare * 100).toFixed(2)}%)${r.file ? ` at ${r.file}${r.line ? `:${r.line}` : ''}` : ''}`;
  const text = [
    `Comparison of ${view.type}: base ${clip(view.base.label, 100)} vs head ${clip(view.head.label, 100)}. ${view.noise}`,
    `Regressions: ${regressions.length === 0 ? 'none' : ''}`, ...regressions.map((r, i) => `${i + 1}. ${line(r)}`),
    `Improvements: ${improvements.length === 0 ? 'none' : ''}`, ...improvements.map((r, i) => `${i + 1}. ${line(r)}`),
  ];
  return { text: text.join('\n'), structured: { compared: true, type: view.type, base: view.base.label, head: view.head.label, regressions, improvements } };
}
