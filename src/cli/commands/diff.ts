/**
 * `perflens diff`: what changed between two releases — base profiles vs head profiles, each side normalised to
 * its own total, ranked by the change of each function's total share, with changes within sampling noise faded.
 * The loading here is shared with `perflens check` (check.ts), and so is the option parsing (../diffArgs.ts).
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type DiffSideSummary, type FunctionDiff, type FunctionDiffRow } from '../../core/diff/functionDiff';
import { releaseDiff } from '../../core/diff/releaseDiff';
import type { CommitAttribution } from '../../core/diff/commits';
import { DiffSampleTypeError } from '../../core/diff/sampleType';
import type { WorkspaceDiff, WorkspaceFunctionRow } from '../../core/diff/workspaceDiff';
import { formatValue } from '../../core/format/units';
import { ProfileError } from '../../core/profile/errors';
import { SampleTypeError } from '../../core/aggregate/sampleType';
import { readModel } from '../../core/model/readModel';
import { parseDiffArgs, type DiffArgs } from '../diffArgs';
import { attributeCommits, COMMIT_OPTIONS_HELP, formatCommit } from '../diffCommits';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo, writeUsageError } from '../io';

const DEFAULT_TEXT_LIMIT = 10;

export const NOISE_HELP = `Noise: a change counts ("significant") only when it is more than sampling explains: a two-proportion z-test on
sample counts (k of n samples on each side), Bonferroni-corrected for the number of functions compared
(family-wise error 5%). n comes from the profile: the chosen type if it is a count, else its 'samples' type
(CPU, wall), else value / period when the period has the same unit (Go heap), else the paired count type
(alloc_space → alloc_objects, delay → contentions); with none, every change counts. Functions are matched
across builds by name and the last two segments of their file, so builds made in different folders compare.`;

const help = `Usage: perflens diff --base <profile...> --head <profile...> [--root DIR] [--type NAME] [--limit N]
                     [--base-ref REF] [--head-ref REF] [--json]

Compares two releases: the base profiles (before) and the head profiles (after). Several profiles on one side are
merged. Each side is normalised to its own total, so a function's change is the change of its share of the
program (in percentage points), whatever the load or the profile's length; absolute figures (and per second of
profiled time, when the profiles say how long they ran) are shown alongside. Functions are ranked by the change of
their total share (their own cost and everything they call), so a function whose own code did not change but
whose callees got slower ranks high: that is where to start reading. Functions found on one side only are shown
as new or gone.

${NOISE_HELP}

Options:
  --base FILE...  The profiles before the change (pprof, gzipped or not). Repeatable.
  --head FILE...  The profiles after the change. Repeatable.
  --root DIR      The workspace: functions get their workspace file, and their hot line in today's text.
  --type NAME     Sample type (name or 0-based index; chosen on the base, found by name on the head). Default as
                  'perflens top': default_sample_type, else the last type.
  --limit N       Text: show at most N regressions and N improvements (default ${DEFAULT_TEXT_LIMIT}; 0 means all).
${COMMIT_OPTIONS_HELP}
  --json          Print one JSON object:
                    {"type", "unit", "baseTotal", "headTotal",
                     "functions": [{"function", "file", "line", "base", "head", "baseShare", "headShare",
                                    "baseSelfShare", "headSelfShare", "delta", "significant",
                                    "commits": [{"hash", "author", "date", "subject", "functions"}]}],
                     "commits": {"base", "head", "baseCommit", "headCommit", "notes"}}
                  base/head: the function's total (cum) value on each side, in the unit; *Share: that as a share
                  (0..1) of the side's total; *SelfShare: its self (flat) value's share; delta = headShare -
                  baseShare. Sorted by delta descending (ties: the larger rise in self share first). "line" is the
                  function's hottest line in the head (today's text with --root, else as profiled), or null.
                  "file" is the workspace path with --root when the function maps there, else the profile's.
                  "commits" (with a workspace in git): for a significant regression, the commits between the
                  refs that changed its lines or those of regressed functions it calls (full hashes, newest
                  first; "functions" names whose lines each changed); [] for other rows.
  -h, --help      Show this help.

Exit status: 0 on success, 2 on a usage error or a file that is not a usable profile (one line names the file).
`;

export const command: CliCommand = { help, run: (args, io) => runDiff(args, io) };

export interface LoadedDiff {
  diff: FunctionDiff;
  workspace?: WorkspaceDiff;
  /** Current text of workspace files by path (with --root), for showing hot lines. */
  texts?: Map<string, string | undefined>;
  /** The commits behind each regression (with a workspace). */
  commits?: CommitAttribution;
}

export interface DiffLoadOptions {
  type?: string;
  root?: string;
  baseRef?: string;
  headRef?: string;
}

/** Reads both sides and computes the diff; on bad input writes one line to stderr and returns the exit code. */
export async function loadDiff(name: string, sides: DiffArgs, options: DiffLoadOptions, io: CliIo): Promise<LoadedDiff | number> {
  const usage = (message: string) => {
    return writeUsageError(io.stderr, name, message);
  };
  if (sides.base.length === 0) return usage('--base <profile...> is required');
  if (sides.head.length === 0) return usage('--head <profile...> is required');
  let root: string | undefined;
  // Naming a ref asks for commits, which need the workspace: the current folder unless --root says otherwise.
  const rootOption = options.root ?? (options.baseRef !== undefined || options.headRef !== undefined ? '.' : undefined);
  if (rootOption !== undefined) {
    root = resolve(rootOption);
    try {
      if (!(await stat(root)).isDirectory()) return usage(`--root ${rootOption} is not a folder`);
    } catch {
      return usage(`--root ${rootOption} does not exist`);
    }
  }
  const roots = root === undefined ? undefined : [{ name: basename(root), location: root }];
  const warn = (w: string) => io.stderr.write(`perflens ${name}: warning: ${w}\n`);
  try {
    const base = readModel(sides.base, {}, options.type);
    const head = readModel(sides.head, {}, options.type);
    const result = await releaseDiff(base, head, { type: options.type, roots, gitEnabled: true, warn });
    const texts = result.texts && new Map([...result.texts].map(([key, text]) => [key.slice(key.indexOf('\u0000') + 1), text]));
    const commits = root === undefined || !result.workspace
      ? undefined
      : await attributeCommits({ root, diff: result.diff, workspace: result.workspace, base, head, type: options.type, baseRef: options.baseRef, headRef: options.headRef });
    return { diff: result.diff, workspace: result.workspace, texts, commits };
  } catch (e) {
    if (e instanceof ProfileError) {
      io.stderr.write(`perflens ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DiffSampleTypeError) {
      io.stderr.write(`perflens ${name}: ${sides[e.side].join(', ')}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof SampleTypeError) {
      io.stderr.write(`perflens ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** The JSON rows of `perflens diff --json` (and the rows `perflens check` reports). */
export interface DiffJsonRow {
  function: string;
  file: string;
  line: number | null;
  base: number;
  head: number;
  baseShare: number;
  headShare: number;
  baseSelfShare: number;
  headSelfShare: number;
  delta: number;
  significant: boolean;
  /** With a workspace in git: the commits behind a significant regression ([] for other rows). */
  commits?: { hash: string; author: string; date: string; subject: string; functions: readonly string[] }[];
}

export function jsonRows(loaded: LoadedDiff): DiffJsonRow[] {
  const rows: readonly (FunctionDiffRow & Partial<Pick<WorkspaceFunctionRow, 'workspaceFile' | 'workspaceLine'>>)[] =
    loaded.workspace?.functions ?? loaded.diff.functions;
  return rows.map((r) => {
    const mapped = typeof r.workspaceFile === 'string';
    const commits = loaded.commits && (loaded.commits.byFunction.get(r.key) ?? []).map(({ hash, author, date, subject, functions }) => ({ hash, author, date, subject, functions }));
    return {
      function: r.function,
      file: mapped ? r.workspaceFile! : r.file,
      line: mapped ? (r.workspaceLine ?? null) : r.line,
      base: r.base,
      head: r.head,
      baseShare: r.baseShare,
      headShare: r.headShare,
      baseSelfShare: r.baseSelfShare,
      headSelfShare: r.headSelfShare,
      delta: r.delta,
      significant: r.significant,
      ...(commits ? { commits } : {}),
    };
  });
}

/** The top-level "commits" of --json: which refs were compared, and why commits are missing when they are. */
export function commitsJson(loaded: LoadedDiff) {
  const c = loaded.commits;
  return c && { base: c.base ?? null, head: c.head ?? null, baseCommit: c.baseCommit ?? null, headCommit: c.headCommit ?? null, notes: c.notes };
}

async function runDiff(args: readonly string[], io: CliIo): Promise<number> {
  const usage = (message: string) => {
    return writeUsageError(io.stderr, 'diff', message);
  };
  const parsed = parseDiffArgs('diff', help, args, io, { root: { type: 'string' }, type: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, 'base-ref': { type: 'string' }, 'head-ref': { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { sides, values } = parsed;
  let limit = DEFAULT_TEXT_LIMIT;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit)) return usage(`--limit must be a whole number, not '${values.limit}'`);
    limit = Number(values.limit) === 0 ? Infinity : Number(values.limit);
  }
  const loaded = await loadDiff('diff', sides, { type: values.type, root: values.root, baseRef: values['base-ref'], headRef: values['head-ref'] }, io);
  if (typeof loaded === 'number') return loaded;
  const { diff } = loaded;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ type: diff.type, unit: diff.unit, baseTotal: diff.base.total, headTotal: diff.head.total, functions: jsonRows(loaded), commits: commitsJson(loaded) })}\n`);
    return EXIT_OK;
  }
  io.stdout.write(textReport(loaded, sides, limit));
  return EXIT_OK;
}

const pp = (share: number) => `${share >= 0 ? '+' : '-'}${Math.abs(share * 100).toFixed(2)}pp`;
const pct = (share: number) => `${(share * 100).toFixed(2)}%`;

/** "Base: 2 profiles, 1.15 s total over 6.2 s (186 ms/s), 115 samples" */
export function describeSide(label: string, files: readonly string[], s: DiffSideSummary, unit: string): string {
  const what = files.length === 1 ? files[0] : `${files.length} profiles merged`;
  const over = s.durationNanos > 0 ? ` over ${formatValue(s.durationNanos, 'nanoseconds')} (${formatValue(s.perSecond!, unit)}/s)` : '';
  const n = s.counts.kind !== 'none' && s.countTotal > 0 ? `, ~${Math.round(s.countTotal)} samples` : '';
  return `${label}: ${what}: ${formatValue(s.total, unit)} total${over}${n}`;
}

function textReport(loaded: LoadedDiff, sides: DiffArgs, limit: number): string {
  const { diff } = loaded;
  const rows = jsonRows(loaded);
  const full = loaded.workspace?.functions ?? diff.functions;
  const indexed = rows.map((r, i) => ({ r, full: full[i] }));
  const up = indexed.filter(({ r }) => r.significant && r.delta > 0).slice(0, limit);
  const down = indexed.filter(({ r }) => r.significant && r.delta < 0).reverse().slice(0, limit);
  const faded = indexed.filter(({ r }) => !r.significant && r.delta !== 0);
  const bothTimed = diff.base.durationNanos > 0 && diff.head.durationNanos > 0;
  const out = [
    `Type: ${diff.type}${diff.unit ? ` (${diff.unit})` : ''}`,
    describeSide('Base', sides.base, diff.base, diff.unit),
    describeSide('Head', sides.head, diff.head, diff.unit),
    diff.noise.estimated
      ? `Noise: a change counts when |z| > ${diff.noise.criticalZ.toFixed(2)} (${diff.noise.tests} functions compared; ${diff.head.counts.description})`
      : `Noise: not estimated (${diff.head.counts.description})`,
  ];
  const table = (title: string, items: typeof up) => {
    out.push('', title);
    if (items.length === 0) {
      out.push('  (none)');
      return;
    }
    const header = ['change', 'base', 'head', 'self base', 'self head', ...(bothTimed ? ['per second'] : [])];
    const cells = items.map(({ r, full: f }) => [
      pp(r.delta), pct(r.baseShare), pct(r.headShare), pct(r.baseSelfShare), pct(r.headSelfShare),
      ...(bothTimed ? [`${formatValue(f.basePerSecond ?? 0, diff.unit)} → ${formatValue(f.headPerSecond ?? 0, diff.unit)}`] : []),
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
    out.push(`  ${header.map((h, c) => h.padStart(widths[c])).join('  ')}  function`);
    items.forEach(({ r, full: f }, i) => {
      const mark = f.presence === 'added' ? ' [new]' : f.presence === 'removed' ? ' [gone]' : '';
      out.push(`  ${cells[i].map((cell, c) => cell.padStart(widths[c])).join('  ')}  ${r.function}${mark}`);
      if (r.line !== null) {
        const text = loaded.texts?.get(r.file)?.split('\n')[r.line - 1]?.trim();
        out.push(`  ${' '.repeat(widths[0])}  hot line ${r.file}:${r.line}${text ? `  ${text.length > 70 ? `${text.slice(0, 67)}...` : text}` : ''}`);
      }
      for (const c of r.commits ?? []) out.push(`  ${' '.repeat(widths[0])}  ${formatCommit(c)}`);
    });
  };
  if (loaded.commits) {
    const c = loaded.commits;
    out.push(c.baseCommit && c.headCommit ? `Commits: ${c.base}..${c.head} (${c.baseCommit.slice(0, 12)}..${c.headCommit.slice(0, 12)})` : 'Commits: not looked up');
    for (const note of c.notes) out.push(`  ${note}`);
  }
  table('Regressions (share rose by more than noise), largest first:', up);
  table('Improvements (share fell by more than noise), largest first:', down);
  out.push('');
  if (faded.length > 0) {
    const largest = faded.reduce((m, x) => (Math.abs(x.r.delta) > Math.abs(m.r.delta) ? x : m));
    out.push(`Within noise: ${faded.length} functions changed by no more than sampling explains (largest: ${largest.r.function} ${pp(largest.r.delta)}).`);
  } else {
    out.push('Within noise: none.');
  }
  out.push('Shares are of each side\'s own total; a rise in one function lowers every other share a little.');
  return `${out.join('\n')}\n`;
}
