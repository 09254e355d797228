// A profile mapped onto a workspace: every frame resolved to a workspace file (path rules, learned roots, runtime
// heuristics, source maps), moved to today's line (git drift from the profiled commit), then costed per line and
// per function with pprof's once-per-sample cum. Shared by `perflens lines` and the editor's profile worker.
import type { Profile } from '../profile/model';
import { coverageReport, type CostedFrame, type CoverageReport } from '../symbolicate/coverage';
import { DriftTranslator, type FileDrift } from '../symbolicate/drift';
import { FrameSymbolicator, type SymbolicatedFrame } from '../symbolicate/frame-symbolicator';
import { fileSystemReader } from '../symbolicate/fs-workspace';
import { Git } from '../symbolicate/git';
import { lineCosts } from '../symbolicate/line-costs';
import { translateLine, type CurrentLine } from '../symbolicate/line-translation';
import { PathResolver } from '../symbolicate/path-resolver';
import type { PathRule, WorkspaceRootInfo } from '../symbolicate/path-rules';
import { detectFunctionStartLines, detectRuntime, gitRefFromLabels } from '../symbolicate/profile-hints';
import { profileFrames, type ProfileFrameTable } from '../symbolicate/profile-frames';
import { SourceMapStore } from '../symbolicate/source-maps';
import type { FrameClass, WorkspaceFile } from '../symbolicate/types';
import { walkWorkspace } from '../symbolicate/walk';
import { readWorkspaceConfig } from '../symbolicate/workspace-config';
import { WorkspaceIndex } from '../symbolicate/workspace-index';
import { functionCosts, type FunctionRow } from './functionCosts';

export interface AnalyzeOptions {
  readonly profiles: readonly Profile[];
  readonly typeIndex: number;
  /** Workspace folders: a name and an absolute location each. */
  readonly roots: readonly (WorkspaceRootInfo & { location: string })[];
  readonly rules?: readonly PathRule[];
  /** The commit the profile was taken at; default: from the profile's labels. */
  readonly ref?: string;
  /** False in untrusted workspaces: git is never run. */
  readonly gitEnabled: boolean;
  readonly warn?: (message: string) => void;
}

export interface LineRow {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  readonly changed: boolean;
}

export interface FileRow {
  readonly file: WorkspaceFile;
  readonly lines: LineRow[];
  /** Sums over the file's lines (cum summed only to order files; it is not a cost). */
  readonly flat: number;
  readonly cum: number;
}

export interface WorkspaceAnalysis {
  readonly total: number;
  /** Sorted by total flat cost, then cum. */
  readonly files: FileRow[];
  /** Sorted by cum descending. */
  readonly functions: FunctionRow[];
  readonly coverage: CoverageReport;
  /** The commit lines were moved from (resolved), when drift was applied in at least one root. */
  readonly commit?: string;
  /** The ref the profile names or the caller gave, even when it could not be used. */
  readonly ref?: string;
  /** The ref was given but git could not use it (reason). */
  readonly refError?: string;
  readonly functionLevelJs: boolean;
  /** Current text of each app file, by `root\0path` (for showing source lines). */
  readonly texts: ReadonlyMap<string, string | undefined>;
  readonly table: ProfileFrameTable;
}

export const fileKey = (f: WorkspaceFile): string => `${f.root}\u0000${f.path}`;

export async function analyzeWorkspace(options: AnalyzeOptions): Promise<WorkspaceAnalysis> {
  const warn = options.warn ?? (() => {});
  const table = profileFrames(options.profiles, options.typeIndex);
  const rootDirs = options.roots.map((r) => r.location);

  // The workspace: a walk of each root; files are read only from inside them.
  const walked = await Promise.all(rootDirs.map((d) => walkWorkspace(d)));
  walked.forEach((w, i) => { if (w.truncated) warn(`${rootDirs[i]} has more files than indexed; some paths may not map`); });
  const index = new WorkspaceIndex(options.roots.map((r, i) => ({ name: r.name, files: walked[i].files })));
  const readText = await fileSystemReader(rootDirs);
  const config = await readWorkspaceConfig(index, readText);
  config.warnings.forEach(warn);

  // Line drift from the profiled commit, per root (each may be its own repository).
  const ref = options.ref ?? gitRefFromLabels(table.labels);
  const drifts: (DriftTranslator | undefined)[] = [];
  let refError: string | undefined;
  if (ref) {
    for (const dir of rootDirs) {
      const opened = await DriftTranslator.open(new Git({ cwd: dir, enabled: options.gitEnabled }), ref);
      if ('error' in opened) { refError ??= opened.error; drifts.push(undefined); } else drifts.push(opened);
    }
  }

  const runtime = detectRuntime(table.frames.map((f) => f.file), table.frames.map((f) => f.functionName));
  const functionLevelJs = runtime === 'node' && detectFunctionStartLines(table.frames);
  const resolver = new PathResolver({
    index,
    roots: options.roots,
    rules: options.rules ?? [],
    pyroscope: config.pyroscope,
    goModules: config.goModules,
    renames: drifts.flatMap((d, root) => d?.renames.map((r) => ({ root, from: r.from, to: r.to })) ?? []),
    runtime,
  });
  const symbolicator = new FrameSymbolicator({ resolver, index, sourceMaps: new SourceMapStore(readText), functionLevelJs });
  const mapped = await symbolicator.symbolicate(table.frames);
  symbolicator.warnings.forEach(warn);

  // Current line of every app frame (per file: one git show and one diff).
  const fileDrifts = new Map<string, FileDrift | undefined>();
  const texts = new Map<string, string | undefined>();
  for (const m of mapped) {
    if (m.class !== 'app' || !m.file || texts.has(fileKey(m.file))) continue;
    const key = fileKey(m.file);
    const text = await readText(m.file);
    texts.set(key, text);
    const drift = drifts[m.file.root];
    if (drift && text !== undefined) fileDrifts.set(key, await drift.fileDrift(m.file.path, text, undefined, m.pathAtRef ?? drift.pathAtRef(m.file.path)));
  }
  const lineCounts = new Map([...texts].map(([key, text]) => [key, text === undefined ? 0 : text.split('\n').length]));
  const current: (CurrentLine | undefined)[] = mapped.map((m) => {
    if (m.class !== 'app' || !m.file) return undefined;
    const key = fileKey(m.file);
    const c = translateLine(fileDrifts.get(key), m.line);
    // Without a commit to compare with, a line past the end of today's file cannot be shown anywhere.
    return c.line !== undefined && c.line > (lineCounts.get(key) ?? 0) ? { state: 'unverified' } : c;
  });

  const costs = lineCosts(table.samples, (f) => {
    const c = current[f];
    return c?.line !== undefined ? { file: fileKey(mapped[f].file!), line: c.line } : undefined;
  });
  const driftApplied = drifts.some(Boolean);
  const changedAt = new Set<string>();
  mapped.forEach((m, f) => {
    const c = current[f];
    if (c?.line !== undefined && (c.state === 'changed' || (driftApplied && c.state === 'unverified'))) changedAt.add(`${fileKey(m.file!)}\u0000${c.line}`);
  });
  const fileOf = new Map(mapped.filter((m) => m.file).map((m) => [fileKey(m.file!), m.file!]));
  const files: FileRow[] = [...costs.files]
    .map(([key, lines]) => {
      const rows = [...lines].map(([line, c]) => ({ line, flat: c.flat, cum: c.cum, changed: changedAt.has(`${key}\u0000${line}`) })).sort((a, b) => a.line - b.line);
      let flat = 0;
      let cum = 0;
      for (const r of rows) { flat += r.flat; cum += r.cum; }
      return { file: fileOf.get(key)!, lines: rows, flat, cum };
    })
    .sort((a, b) => b.flat - a.flat || b.cum - a.cum || (fileKey(a.file) < fileKey(b.file) ? -1 : 1));

  const leafCosts: CostedFrame[] = [];
  let noStack = 0;
  for (const s of table.samples) {
    if (s.frames.length === 0) noStack += s.value;
    else leafCosts.push(costedLeaf(table.frames[s.frames[0]], mapped[s.frames[0]], current[s.frames[0]], s.value));
  }
  if (noStack !== 0) leafCosts.push({ path: '(no stack)', class: 'unknown', cost: noStack, reason: 'the sample has no stack' });
  const coverage = coverageReport(leafCosts, 50);

  const functions = functionCosts(table, (f) => {
    const m = mapped[f];
    const c = current[f];
    return { class: m.class as FrameClass, file: m.file, line: c?.line ?? 0 };
  });

  return {
    total: costs.total,
    files,
    functions,
    coverage,
    commit: drifts.find(Boolean)?.commit,
    ref,
    refError: ref && !driftApplied ? refError : undefined,
    functionLevelJs,
    texts,
    table,
  };
}

function costedLeaf(frame: { file: string; functionName: string }, m: SymbolicatedFrame, c: CurrentLine | undefined, cost: number): CostedFrame {
  const leaf: CostedFrame = { path: frame.file || frame.functionName, class: m.class, cost };
  if (m.reason) leaf.reason = m.reason;
  if (m.ambiguous) leaf.ambiguous = true;
  if (c?.state === 'deleted') leaf.lineDeleted = true;
  else if (c && c.line === undefined) {
    leaf.class = 'unknown';
    leaf.reason = m.line > 0 ? `line ${m.line} of ${m.file!.path} does not exist in that file's text (wrong commit or an older build?)` : `the profile gives no line in ${m.file!.path}`;
  }
  return leaf;
}
