// A profile mapped onto a workspace: every frame resolved to a workspace file (path rules, learned roots, runtime
// heuristics, source maps), moved to today's line (git drift from the profiled commit), then costed per line and
// per function with pprof's once-per-sample cum. Shared by `perflens lines` and the editor's profile worker.
// Frames stay in columns throughout (the frame table's, then one typed array per fact), each distinct path is
// resolved once, and nothing is keyed by strings built per frame: 10^6 distinct functions cost bytes per frame, and
// objects only for what is returned.
import { join } from 'node:path';
import type { Profile } from '../profile/model';
import { absoluteTotal } from '../aggregate/absoluteTotal';
import { coverageReport, type CostedFrame, type CoverageReport } from '../symbolicate/coverage';
import { DriftTranslator, type FileDrift } from '../symbolicate/drift';
import { FrameSymbolicator, type FrameMapping } from '../symbolicate/frame-symbolicator';
import { fileSystemReader, fileSystemReaderSync } from '../symbolicate/fs-workspace';
import { Git } from '../symbolicate/git';
import { translateLine } from '../symbolicate/line-translation';
import { PathResolver } from '../symbolicate/path-resolver';
import type { PathRule, WorkspaceRootInfo } from '../symbolicate/path-rules';
import { detectFunctionStartLinesInTable, detectRuntime, gitRefFromLabels } from '../symbolicate/profile-hints';
import { profileFrames, type ProfileFrameTable } from '../symbolicate/profile-frames';
import { SourceMapStore } from '../symbolicate/source-maps';
import { FRAME_CLASSES, type WorkspaceFile } from '../symbolicate/types';
import { walkWorkspace } from '../symbolicate/walk';
import { readWorkspaceConfig } from '../symbolicate/workspace-config';
import { WorkspaceIndex } from '../symbolicate/workspace-index';
import { functionCosts, type FunctionRow } from './functionCosts';
import { lineCells, type LineRow } from './lineCells';

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
  /**
   * Name each function's app file by its absolute path (FunctionRow.path) instead of `file`: the editor's shape,
   * so its worker hands the rows on as they are instead of making a second object per function.
   */
  readonly absolutePaths?: boolean;
}

export type { LineRow } from './lineCells';

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

/** Where a workspace file is on this machine. */
export function absolutePathOf(roots: readonly { location: string }[], file: WorkspaceFile): string {
  return join(roots[file.root].location, ...file.path.split('/'));
}

export async function analyzeWorkspace(options: AnalyzeOptions): Promise<WorkspaceAnalysis> {
  const warn = options.warn ?? (() => {});
  const table = profileFrames(options.profiles, options.typeIndex, warn);
  const rootDirs = options.roots.map((r) => r.location);

  // The workspace: a walk of each root; files are read only from inside them.
  const walked = await Promise.all(rootDirs.map((d) => walkWorkspace(d)));
  walked.forEach((w, i) => { if (w.truncated) warn(`${rootDirs[i]} has more files than indexed; some paths may not map`); });
  const index = new WorkspaceIndex(options.roots.map((r, i) => ({ name: r.name, files: walked[i].files })));
  const readText = await fileSystemReader(rootDirs);
  const readTextNow = await fileSystemReaderSync(rootDirs);
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

  const runtime = detectRuntime(perFrame(table, table.functionFile), perFrame(table, table.functionName));
  const functionLevelJs = runtime === 'node' && detectFunctionStartLinesInTable(table);
  const resolver = new PathResolver({
    index,
    roots: options.roots,
    rules: options.rules ?? [],
    pyroscope: config.pyroscope,
    goModules: config.goModules,
    renames: drifts.flatMap((d, root) => d?.renames.map((r) => ({ root, from: r.from, to: r.to })) ?? []),
    runtime,
    readText: readTextNow,
  });
  const symbolicator = new FrameSymbolicator({ resolver, index, sourceMaps: new SourceMapStore(readText), functionLevelJs });
  const mapped = await symbolicator.symbolicateTable(table);
  symbolicator.warnings.forEach(warn);
  const frameCount = table.frameCount;
  const isApp = (f: number) => mapped.classCode[f] === APP && mapped.fileId[f] >= 0;

  // Current text of every app file, and its drift (per file: one git show and one diff).
  const texts = new Map<string, string | undefined>();
  const fileDrifts: (FileDrift | undefined)[] = new Array(mapped.files.length);
  const lineCounts = new Int32Array(mapped.files.length);
  const seen = new Uint8Array(mapped.files.length);
  for (let f = 0; f < frameCount; f++) {
    if (!isApp(f) || seen[mapped.fileId[f]]) continue;
    const id = mapped.fileId[f];
    seen[id] = 1;
    const file = mapped.files[id];
    const text = await readText(file);
    texts.set(fileKey(file), text);
    lineCounts[id] = text === undefined ? 0 : countLines(text);
    const drift = drifts[file.root];
    if (drift && text !== undefined) fileDrifts[id] = await drift.fileDrift(file.path, text, undefined, mapped.pathAtRef(f) ?? drift.pathAtRef(file.path));
  }

  // Current line of every app frame: 0 when it has none (not app, deleted, or past the end of today's text).
  const currentLine = new Float64Array(frameCount);
  const lineState = new Uint8Array(frameCount); // LINE_STATES index; NO_STATE for frames that are not app
  lineState.fill(NO_STATE);
  for (let f = 0; f < frameCount; f++) {
    if (!isApp(f)) continue;
    const id = mapped.fileId[f];
    const c = translateLine(fileDrifts[id], mapped.line[f]);
    // Without a commit to compare with, a line past the end of today's file cannot be shown anywhere.
    if (c.line !== undefined && c.line > lineCounts[id]) lineState[f] = LINE_STATES.indexOf('unverified');
    else {
      lineState[f] = LINE_STATES.indexOf(c.state);
      currentLine[f] = c.line ?? 0;
    }
  }

  const driftApplied = drifts.some(Boolean);
  const cells = lineCells(table.stacks, mapped.fileId, currentLine, (f) => {
    const state = LINE_STATES[lineState[f]];
    return state === 'changed' || (driftApplied && state === 'unverified');
  });
  const files: FileRow[] = cells.files
    .map(({ file, lines }) => {
      let flat = 0;
      let cum = 0;
      for (const r of lines) { flat += r.flat; cum += r.cum; }
      return { file: mapped.files[file], lines, flat, cum };
    })
    .sort((a, b) => b.flat - a.flat || b.cum - a.cum || (fileKey(a.file) < fileKey(b.file) ? -1 : 1));

  // Shares everywhere are of pprof's total (sum of |value|), also for profiles with negative values.
  const total = absoluteTotal(options.profiles, options.typeIndex);
  const coverage = coverageReport(leafCosts(table, mapped, lineState, currentLine), 50, total);
  const absolute = new Map<WorkspaceFile, string>();
  const absolutePath = (file: WorkspaceFile) => {
    let path = absolute.get(file);
    if (path === undefined) absolute.set(file, (path = absolutePathOf(options.roots, file)));
    return path;
  };
  const functions = functionCosts(table, { classCode: mapped.classCode, fileId: mapped.fileId, files: mapped.files, line: currentLine }, options.absolutePaths ? absolutePath : undefined);

  return {
    total,
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

const APP = FRAME_CLASSES.indexOf('app');
const LINE_STATES = ['unchanged', 'changed', 'deleted', 'unverified'] as const;
const NO_STATE = 255;

/** A per-function column read per frame (what per-frame votes count), without building the per-frame array. */
function* perFrame<T>(table: ProfileFrameTable, byFunction: readonly T[]): Generator<T> {
  for (let f = 0; f < table.frameCount; f++) yield byFunction[table.frameFunction[f]];
}

function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** Each stack's leaf frame with the stack's value, as the coverage report reads them (made one at a time). */
function* leafCosts(table: ProfileFrameTable, mapped: FrameMapping, lineState: Uint8Array, currentLine: Float64Array): Generator<CostedFrame> {
  const { count, value, start, frames } = table.stacks;
  let noStack = 0;
  for (let s = 0; s < count; s++) {
    if (start[s + 1] === start[s]) { noStack += value[s]; continue; }
    const f = frames[start[s]];
    const fn = table.frameFunction[f];
    const leaf: CostedFrame = { path: table.functionFile[fn] || table.functionName[fn], class: FRAME_CLASSES[mapped.classCode[f]], cost: value[s] };
    const reason = mapped.reason(f);
    if (reason) leaf.reason = reason;
    if (mapped.ambiguous[f]) leaf.ambiguous = true;
    const state = lineState[f];
    if (state !== NO_STATE) {
      if (LINE_STATES[state] === 'deleted') leaf.lineDeleted = true;
      else if (currentLine[f] === 0) {
        const path = mapped.files[mapped.fileId[f]].path;
        const line = mapped.line[f];
        leaf.class = 'unknown';
        leaf.reason = line > 0 ? `line ${line} of ${path} does not exist in that file's text (wrong commit or an older build?)` : `the profile gives no line in ${path}`;
      }
    }
    yield leaf;
  }
  if (noStack !== 0) yield { path: '(no stack)', class: 'unknown', cost: noStack, reason: 'the sample has no stack' };
}
