/**
 * `perflens diff`: what changed between two releases — base profiles vs head profiles, each side normalised to
 * its own total, ranked by the change of each function's total share, with changes within sampling noise faded.
 * The loading here is shared with `perflens check` (check.ts), and so is the option parsing (../diffArgs.ts).
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type DiffSideSummary, type FunctionDiff, type FunctionDiffRow } from '../../core/diff/functionDiff';
import { releaseDiff } from '../../core/diff/releaseDiff';
import { asksAppOnly } from '../../core/diff/appOnly';
import type { CommitAttribution } from '../../core/diff/commits';
import { DiffSampleTypeError } from '../../core/diff/sampleType';
import type { WorkspaceDiff, WorkspaceFunctionRow } from '../../core/diff/workspaceDiff';
import { formatValue } from '../../core/format/units';
import { ProfileError } from '../../core/profile/errors';
import { SampleTypeError } from '../../core/aggregate/sampleType';
import { absoluteChanges, diffExposure, type AbsoluteChange, type Exposure } from '../../core/diff/absoluteChange';
import { reportFailure, type Env } from '../../sources/cli-options';
import { createSource, type SourceDeps } from '../../sources/create-source';
import { SourceError } from '../../sources/errors';
import type { ProfileSource } from '../../sources/types';
import { parseDiffArgs } from '../diffArgs';
import { checkSelected, describeSelection, EmptySideError, loadSideModels, sideSelections, SIDE_HELP, SIDE_OPTIONS, type SideFlags, type SideSelections } from '../diffSides';
import { sideEnvs } from '../sideCredentials';
import { sourceSetup } from '../sourceFlags';
import { attributeCommits, regressedOf } from '../../core/diff/commitsOfDiff';
import { COMMIT_OPTIONS_HELP, formatCommit } from '../diffCommits';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo, writeUsageError } from '../io';

const DEFAULT_TEXT_LIMIT = 10;

export const NOISE_HELP = `Noise: a change counts ("significant") only when it is more than sampling explains: a two-proportion z-test on
sample counts (k of n samples on each side), Bonferroni-corrected for the number of functions compared
(family-wise error 5%). n comes from the profile: the chosen type if it is a count, else its 'samples' type
(CPU, wall), else value / period when the period has the same unit (Go heap), else the paired count type
(alloc_space → alloc_objects, delay → contentions); with none, every change counts. Functions are matched
across builds by name and the last two segments of their file, so builds made in different folders compare.`;

const help = `Usage: perflens diff --base <profile...> --head <profile...> [--root DIR] [--type NAME] [--limit N]
                     [--compare share|absolute] [--base-ref REF] [--head-ref REF] [selections] [--json]

Compares two selections: the base profiles (before) and the head profiles (after) — two releases, or any two
selections of profiles by time and labels (see Selections). Several profiles on one side are merged. Each side is
normalised to its own total, so a function's change is the change of its share of the program (in percentage
points), whatever the load or the profile's length; the absolute change is shown alongside: cost per second of
profiled time (per profile when the profiles do not say how long they ran), with its own noise test. Functions
are ranked by the change of their total share (their own cost and everything they call), so a function whose own
code did not change but whose callees got slower ranks high: that is where to start reading. Functions found on
one side only are shown as new or gone.

${NOISE_HELP}

Options:
  --base FILE...  The profiles before the change (pprof, gzipped or not). Repeatable.
  --head FILE...  The profiles after the change. Repeatable.
  --root DIR      The workspace: functions get their workspace file, and their hot line in today's text.
  --type NAME     Sample type (name or 0-based index; chosen on the base, found by name on the head). Default as
                  'perflens top': default_sample_type, else the last type.
  --limit N       Text: show at most N regressions and N improvements (default ${DEFAULT_TEXT_LIMIT}; 0 means all).
  --compare share|absolute
                  Which change ranks the rows and decides what is a regression (default share; absolute: the
                  change of cost per second, or per profile).
${COMMIT_OPTIONS_HELP}
  --json          Print one JSON object:
                    {"type", "unit", "baseTotal", "headTotal",
                     "functions": [{"function", "file", "line", "base", "head", "baseShare", "headShare",
                                    "baseSelfShare", "headSelfShare", "delta", "significant",
                                    "absolute": {"base", "head", "change", "significant"},
                                    "commits": [{"hash", "author", "date", "subject", "functions"}]}],
                     "absolutePer": "second"|"profile", "base": "…", "head": "…" (how each side was selected),
                     "commits": {"base", "head", "baseCommit", "headCommit", "notes"}}
                  base/head: the function's total (cum) value on each side, in the unit; *Share: that as a share
                  (0..1) of the side's total; *SelfShare: its self (flat) value's share; delta = headShare -
                  baseShare. Sorted by delta descending (ties: the larger rise in self share first). "line" is the
                  function's hottest line in the head (today's text with --root, else as profiled), or null.
                  "file" is the workspace path with --root when the function maps there, else the profile's.
                  "commits" (with a workspace in git): for a significant regression, the commits between the
                  refs that changed its lines or those of regressed functions it calls (full hashes, newest
                  first; "functions" names whose lines each changed); [] for other rows. "absolute": the
                  function's cost per second of profiled time (per profile: see "absolutePer") on each side, the
                  change, and whether it is more than sampling noise.
  -h, --help      Show this help.

${SIDE_HELP}

Exit status: 0 on success, 1 when a source failed, 2 on a usage error, a selection that keeps nothing or a file
that is not a usable profile (one line names the file).
`;

export const command: CliCommand = { help, run: (args, io) => runDiff(args, io, process.env) };

export interface LoadedDiff {
  diff: FunctionDiff;
  workspace?: WorkspaceDiff;
  /** Current text of workspace files by path (with --root), for showing hot lines. */
  texts?: Map<string, string | undefined>;
  /** The commits behind each regression (with a workspace). */
  commits?: CommitAttribution;
  /** Per row of the diff's functions (in the same order): the absolute change. */
  absolute: AbsoluteChange[];
  exposure: Exposure;
  /** How each side was selected, for the report. */
  described: { base: string; head: string };
}

export interface DiffLoadOptions {
  type?: string;
  root?: string;
  baseRef?: string;
  headRef?: string;
}

/** The options every diff-like command takes besides its own. */
export const DIFF_OPTIONS = {
  root: { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean' }, 'base-ref': { type: 'string' }, 'head-ref': { type: 'string' }, ...SIDE_OPTIONS,
} as const;

/** The sides' selections from the flags; a usage error is written and its exit code returned. */
export function selectionsFromFlags(name: string, sides: Parameters<typeof sideSelections>[0], flags: SideFlags & { type?: string }, io: CliIo): SideSelections | number {
  const selections = sideSelections(sides, flags, flags.type, Date.now());
  return 'error' in selections ? writeUsageError(io.stderr, name, selections.error) : selections;
}

/** Reads both sides and computes the diff; on bad input writes one line to stderr and returns the exit code. */
export async function loadDiff(name: string, selections: SideSelections, options: DiffLoadOptions, io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<LoadedDiff | number> {
  const usage = (message: string) => {
    return writeUsageError(io.stderr, name, message);
  };
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
  const appOnly = [selections.base, selections.head].some((side) => asksAppOnly(side.frames));
  if (appOnly && root === undefined) return usage('--preset app-only (my code only) needs --root DIR: the workspace says which code is yours');
  const roots = root === undefined ? undefined : [{ name: basename(root), location: root }];
  const warn = (w: string) => io.stderr.write(`perflens ${name}: warning: ${w}\n`);
  const sources: { base?: ProfileSource; head?: ProfileSource } = {};
  const envs = sideEnvs(selections.base.source, selections.head.source, env);
  if ('error' in envs) return usage(envs.error);
  for (const side of ['base', 'head'] as const) {
    const spec = selections[side].source;
    const sideEnv = envs[side];
    if (spec === undefined || sideEnv === undefined) continue;
    // One source for both sides when they read one server alike (one model, two queries).
    if (side === 'head' && spec === selections.base.source && sideEnv === envs.base) { sources.head = sources.base; continue; }
    const setup = sourceSetup(name, {}, sideEnv, io, extraDeps);
    if (typeof setup === 'number') return setup;
    sources[side] = createSource(spec, setup.deps);
  }
  try {
    const sides = await loadSideModels(selections, options.type, sources);
    const result = await releaseDiff(sides.base.model, sides.head.model, {
      type: options.type, roots, gitEnabled: true, warn, base: sides.base.query, head: sides.head.query,
      checkSide: (side, selected) => checkSelected(side, selections[side], selected),
    });
    const texts = result.texts && new Map([...result.texts].map(([key, text]) => [key.slice(key.indexOf('\u0000') + 1), text]));
    const commits = root === undefined || !result.workspace
      ? undefined
      : await attributeCommits({ roots: [root], regressed: regressedOf(result.workspace), base: sides.base.model, head: sides.head.model, type: options.type, baseRef: options.baseRef, headRef: options.headRef, gitEnabled: true });
    const exposure = diffExposure(result.diff, result.base.matchedProfiles, result.head.matchedProfiles);
    const described = { base: describeSelection(selections.base, selections), head: describeSelection(selections.head, selections) };
    return { diff: result.diff, workspace: result.workspace, texts, commits, absolute: absoluteChanges(result.diff, exposure), exposure, described };
  } catch (e) {
    if (e instanceof SourceError) return reportFailure(io, name, e);
    if (e instanceof EmptySideError) return usage(e.message);
    if (e instanceof ProfileError) {
      io.stderr.write(`perflens ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DiffSampleTypeError) {
      io.stderr.write(`perflens ${name}: ${describeSelection(selections[e.side], selections)}: ${e.message}\n`);
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
  /** Cost per second of profiled time (or per profile: LoadedDiff.exposure) on each side, and its change. */
  absolute: { base: number; head: number; change: number; significant: boolean };
  /** With a workspace in git: the commits behind a significant regression ([] for other rows). */
  commits?: { hash: string; author: string; date: string; subject: string; functions: readonly string[] }[];
}

export function jsonRows(loaded: LoadedDiff): DiffJsonRow[] {
  const rows: readonly (FunctionDiffRow & Partial<Pick<WorkspaceFunctionRow, 'workspaceFile' | 'workspaceLine'>>)[] =
    loaded.workspace?.functions ?? loaded.diff.functions;
  return rows.map((r, i) => {
    const { base, head, change, significant } = loaded.absolute[i];
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
      absolute: { base, head, change, significant },
      ...(commits ? { commits } : {}),
    };
  });
}

/** The top-level "commits" of --json: which refs were compared, and why commits are missing when they are. */
export function commitsJson(loaded: LoadedDiff) {
  const c = loaded.commits;
  return c && { base: c.base ?? null, head: c.head ?? null, baseCommit: c.baseCommit ?? null, headCommit: c.headCommit ?? null, notes: c.notes };
}

export async function runDiff(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<number> {
  const usage = (message: string) => {
    return writeUsageError(io.stderr, 'diff', message);
  };
  const parsed = parseDiffArgs('diff', help, args, io, { ...DIFF_OPTIONS, limit: { type: 'string' }, compare: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { sides, values } = parsed;
  let limit = DEFAULT_TEXT_LIMIT;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit)) return usage(`--limit must be a whole number, not '${values.limit}'`);
    limit = Number(values.limit) === 0 ? Infinity : Number(values.limit);
  }
  const compare = values.compare ?? 'share';
  if (compare !== 'share' && compare !== 'absolute') return usage(`--compare must be share or absolute, not '${compare}'`);
  const selections = selectionsFromFlags('diff', sides, values, io);
  if (typeof selections === 'number') return selections;
  const loaded = await loadDiff('diff', selections, { type: values.type, root: values.root, baseRef: values['base-ref'], headRef: values['head-ref'] }, io, env, extraDeps);
  if (typeof loaded === 'number') return loaded;
  const { diff } = loaded;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({
      type: diff.type, unit: diff.unit, baseTotal: diff.base.total, headTotal: diff.head.total, absolutePer: loaded.exposure.per,
      base: loaded.described.base, head: loaded.described.head, functions: jsonRows(loaded), commits: commitsJson(loaded),
    })}\n`);
    return EXIT_OK;
  }
  io.stdout.write(textReport(loaded, limit, compare));
  return EXIT_OK;
}

const pp = (share: number) => `${share >= 0 ? '+' : '-'}${Math.abs(share * 100).toFixed(2)}pp`;
const pct = (share: number) => `${(share * 100).toFixed(2)}%`;

/** "Base: 2 profiles merged, {endpoint="x"}: 1.15 s total over 6.2 s (186 ms/s), ~115 samples" */
export function describeSide(label: string, what: string, s: DiffSideSummary, unit: string): string {
  const over = s.durationNanos > 0 ? ` over ${formatValue(s.durationNanos, 'nanoseconds')} (${formatValue(s.perSecond!, unit)}/s)` : '';
  const n = s.counts.kind !== 'none' && s.countTotal > 0 ? `, ~${Math.round(s.countTotal)} samples` : '';
  return `${label}: ${what}: ${formatValue(s.total, unit)} total${over}${n}`;
}

/** "+120 ms/s", "-1.50 MB/profile": an absolute change with its unit of exposure. */
export function formatAbsolute(value: number, unit: string, per: Exposure['per'], signed = false): string {
  const text = `${formatValue(Math.abs(value), unit)}/${per === 'second' ? 's' : 'profile'}`;
  return signed ? `${value < 0 ? '-' : '+'}${text}` : text;
}

function textReport(loaded: LoadedDiff, limit: number, compare: 'share' | 'absolute'): string {
  const { diff, exposure } = loaded;
  const rows = jsonRows(loaded);
  const full = loaded.workspace?.functions ?? diff.functions;
  const indexed = rows.map((r, i) => ({ r, full: full[i] }));
  const changeOf = (r: DiffJsonRow) => (compare === 'share' ? r.delta : r.absolute.change);
  const counts = (r: DiffJsonRow) => (compare === 'share' ? r.significant : r.absolute.significant);
  const ranked = compare === 'share' ? indexed : [...indexed].sort((a, b) => changeOf(b.r) - changeOf(a.r));
  const up = ranked.filter(({ r }) => counts(r) && changeOf(r) > 0).slice(0, limit);
  const down = ranked.filter(({ r }) => counts(r) && changeOf(r) < 0).reverse().slice(0, limit);
  const faded = ranked.filter(({ r }) => !counts(r) && changeOf(r) !== 0);
  const out = [
    `Type: ${diff.type}${diff.unit ? ` (${diff.unit})` : ''}`,
    describeSide('Base', loaded.described.base, diff.base, diff.unit),
    describeSide('Head', loaded.described.head, diff.head, diff.unit),
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
    const per = exposure.per === 'second' ? 'per second' : 'per profile';
    const header = ['share', 'base', 'head', 'self base', 'self head', per, 'abs change'];
    const noisy = (significant: boolean) => (significant ? '' : ' ~');
    const cells = items.map(({ r }) => [
      `${pp(r.delta)}${noisy(r.significant)}`, pct(r.baseShare), pct(r.headShare), pct(r.baseSelfShare), pct(r.headSelfShare),
      `${formatAbsolute(r.absolute.base, diff.unit, exposure.per)} → ${formatAbsolute(r.absolute.head, diff.unit, exposure.per)}`,
      `${formatAbsolute(r.absolute.change, diff.unit, exposure.per, true)}${noisy(r.absolute.significant)}`,
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
  const what = compare === 'share' ? 'share' : `cost ${exposure.per === 'second' ? 'per second' : 'per profile'}`;
  table(`Regressions (${what} rose by more than noise), largest first:`, up);
  table(`Improvements (${what} fell by more than noise), largest first:`, down);
  out.push('');
  if (faded.length > 0) {
    const largest = faded.reduce((m, x) => (Math.abs(changeOf(x.r)) > Math.abs(changeOf(m.r)) ? x : m));
    const amount = compare === 'share' ? pp(largest.r.delta) : formatAbsolute(largest.r.absolute.change, diff.unit, exposure.per, true);
    out.push(`Within noise: ${faded.length} functions changed by no more than sampling explains (largest: ${largest.r.function} ${amount}).`);
  } else {
    out.push('Within noise: none.');
  }
  out.push(`Shares are of each side's own total; a rise in one function lowers every other share a little. The absolute change (${exposure.per === 'second' ? 'cost per second of profiled time' : 'cost per profile: the profiles do not say how long they ran'}) says whether a cost really moved; ~ marks a change within noise.`);
  return `${out.join('\n')}\n`;
}
