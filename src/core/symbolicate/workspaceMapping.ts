/**
 * mapToWorkspace(model, options) → WorkspaceMapping: every frame of a model resolved to a workspace file (path rules,
 * learned roots, runtime heuristics, source maps) and moved to today's line (git drift from the profiled commit),
 * as columns per frame and per function. Computed once per (model, roots, rules, ref, git allowed) and read by every
 * view: heat, hovers, lenses, Hotspots, the flame graph's "open at today's line", the diff. No string keys join
 * anything: a frame's answers are at its index.
 *
 * Each distinct path is resolved once; per frame only bytes are kept (class, file id, lines, state), and objects
 * only for the distinct workspace files.
 */
import { join } from 'node:path';
import { PairIndex } from '../aggregate/pairIndex';
import type { ProfileModel } from '../model/types';
import { DriftTranslator, type FileDrift } from './drift';
import { FrameSymbolicator, type FrameSource, type ProfileFrame } from './frame-symbolicator';
import { fileSystemReader, fileSystemReaderSync } from './fs-workspace';
import { Git } from './git';
import { translateLine } from './line-translation';
import { PathResolver, resolvedWithFunction } from './path-resolver';
import type { PathRule, WorkspaceRootInfo } from './path-rules';
import { detectFunctionStartLines, detectRuntime } from './profile-hints';
import { profileLabels } from '../model/profileLabels';
import { SourceMapStore } from './source-maps';
import { FRAME_CLASSES, type WorkspaceFile } from './types';
import { walkWorkspace } from './walk';
import { readWorkspaceConfig } from './workspace-config';
import { WorkspaceIndex } from './workspace-index';

export interface WorkspaceOptions {
  /** Workspace folders: a name and an absolute location each. */
  readonly roots: readonly (WorkspaceRootInfo & { location: string })[];
  readonly rules?: readonly PathRule[];
  /** The commit the profile was taken at; default: from the profile's labels. */
  readonly ref?: string;
  /** False in untrusted workspaces: git is never run. */
  readonly gitEnabled: boolean;
  readonly warn?: (message: string) => void;
}

/** Where a frame's line is in today's text. */
export const LINE_STATES = ['unchanged', 'changed', 'deleted', 'unverified'] as const;
/** lineState of frames that are not application code in a workspace file. */
export const NO_LINE_STATE = 255;
export const APP_CLASS = FRAME_CLASSES.indexOf('app');

export interface FrameMappingColumns {
  /** Index into FRAME_CLASSES. */
  readonly classCode: Uint8Array;
  /** Index into `files`, or -1. */
  readonly fileId: Int32Array;
  /** 1-based line in the profiled version of the file (after source maps); 0 = unknown. */
  readonly line: Float64Array;
  /** 1-based line in today's text; 0 when there is none (not app code, deleted, past the end of the file). */
  readonly currentLine: Float64Array;
  /** Index into LINE_STATES; NO_LINE_STATE for frames that are not app code in a workspace file. */
  readonly lineState: Uint8Array;
  /** 1 when the file was picked among several that matched equally well. */
  readonly ambiguous: Uint8Array;
}

export interface WorkspaceMapping {
  readonly roots: WorkspaceOptions['roots'];
  /** The distinct workspace files frames map to. */
  readonly files: readonly WorkspaceFile[];
  readonly frames: FrameMappingColumns;
  /** Per function: the class and file of its first frame. */
  readonly functions: { readonly classCode: Uint8Array; readonly fileId: Int32Array };
  /** Why frame f maps to no workspace file (class 'unknown'). */
  reason(frame: number): string | undefined;
  /** Current text of each app file, by fileKey (for showing source lines). */
  readonly texts: ReadonlyMap<string, string | undefined>;
  /** The commit lines were moved from (resolved), when drift was applied in at least one root. */
  readonly commit?: string;
  /** The ref the profile names or the caller gave, even when it could not be used. */
  readonly ref?: string;
  /** The ref was given but git could not use it (reason). */
  readonly refError?: string;
  /** A Node profile with function start lines only: lines are where functions begin. */
  readonly functionLevelJs: boolean;
  /** Lines were checked against a commit (in at least one root). */
  readonly driftApplied: boolean;
  /** What went wrong on the way (an unreadable source map, a bad .pyroscope.yaml...), each once. */
  readonly notes: readonly string[];
}

export const fileKey = (f: WorkspaceFile): string => `${f.root}\u0000${f.path}`;

/** Where a workspace file is on this machine. */
export function absolutePathOf(roots: readonly { location: string }[], file: WorkspaceFile): string {
  return join(roots[file.root].location, ...file.path.split('/'));
}

export async function mapToWorkspace(model: ProfileModel, options: WorkspaceOptions): Promise<WorkspaceMapping> {
  const notes: string[] = [];
  const warn = (message: string) => {
    if (notes.includes(message)) return;
    notes.push(message);
    options.warn?.(message);
  };
  const source = frameSource(model);
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
  const ref = options.ref ?? profileLabels(model).gitRef;
  const drifts: (DriftTranslator | undefined)[] = [];
  let refError: string | undefined;
  if (ref) {
    for (const dir of rootDirs) {
      const opened = await DriftTranslator.open(new Git({ cwd: dir, enabled: options.gitEnabled }), ref);
      if ('error' in opened) { refError ??= opened.error; drifts.push(undefined); } else drifts.push(opened);
    }
  }

  const names = functionStrings(model, model.functions.name);
  const fileNames = functionStrings(model, model.functions.file);
  const frameFn = model.frames.function;
  // Votes per frame, counted per function: each function's strings are tested once.
  const framesOfFunction = new Int32Array(model.functions.count);
  for (let f = 0; f < frameFn.length; f++) framesOfFunction[frameFn[f]]++;
  const runtime = detectRuntime(fileNames, names, framesOfFunction);
  const functionLevelJs = runtime === 'node' && detectFunctionStartLines(jsFrames(model, fileNames, names));
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
  const mapped = await symbolicator.symbolicateTable(source);
  symbolicator.warnings.forEach(warn);
  const frameCount = model.frames.count;
  const isApp = (f: number) => mapped.classCode[f] === APP_CLASS && mapped.fileId[f] >= 0;

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

  // Today's line of every app frame: 0 when it has none (deleted, or past the end of today's text).
  const currentLine = new Float64Array(frameCount);
  const lineState = new Uint8Array(frameCount).fill(NO_LINE_STATE);
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

  // A function takes its class and file from its first frame.
  const fnClass = new Uint8Array(model.functions.count).fill(FRAME_CLASSES.indexOf('unknown'));
  const fnFile = new Int32Array(model.functions.count).fill(-1);
  const fnSeen = new Uint8Array(model.functions.count);
  for (let f = 0; f < frameCount; f++) {
    const fn = frameFn[f];
    if (fnSeen[fn]) continue;
    fnSeen[fn] = 1;
    fnClass[fn] = mapped.classCode[f];
    fnFile[fn] = mapped.fileId[f];
  }

  const driftApplied = drifts.some(Boolean);
  return {
    roots: options.roots,
    files: mapped.files,
    frames: { classCode: mapped.classCode, fileId: mapped.fileId, line: mapped.line, currentLine, lineState, ambiguous: mapped.ambiguous },
    functions: { classCode: fnClass, fileId: fnFile },
    reason: mapped.reason,
    texts,
    commit: drifts.find(Boolean)?.commit,
    ref,
    refError: ref && !driftApplied ? refError : undefined,
    functionLevelJs,
    driftApplied,
    notes,
  };
}

/** pathOfFile's mark for a file whose frames are resolved per function (path-resolver.ts: resolvedWithFunction). */
const BY_FUNCTION = -2;

/**
 * The model's frames as the symbolicator reads them: one path key per distinct file, or per function and binary for
 * frames without a file or with one that names no file (the resolver keys its answers the same way).
 */
function frameSource(model: ProfileModel): FrameSource {
  const { frames, functions, strings } = model;
  const framePath = new Int32Array(frames.count);
  // Per file string: its path, or BY_FUNCTION for a file that says too little alone (a .NET assembly).
  const pathOfFile = new Int32Array(strings.count).fill(-1);
  const fileLess = new PairIndex(1 << 4);
  let pathCount = 0;
  for (let f = 0; f < frames.count; f++) {
    const fn = frames.function[f];
    const file = functions.file[fn];
    if (file !== 0 && pathOfFile[file] === -1) pathOfFile[file] = resolvedWithFunction(strings.get(file)) ? BY_FUNCTION : pathCount++;
    if (file !== 0 && pathOfFile[file] !== BY_FUNCTION) {
      framePath[f] = pathOfFile[file];
    } else {
      const known = fileLess.getOrAdd(fn, frames.binary[f], pathCount);
      framePath[f] = known >= 0 ? known : pathCount++;
    }
  }
  return {
    frameCount: frames.count,
    framePath,
    pathCount,
    frameLine: frames.line,
    frameAt(f: number): ProfileFrame {
      const fn = frames.function[f];
      const functionName = strings.get(functions.name[fn]);
      const binary = frames.binary[f];
      if (binary !== 0) return { functionName, file: '', line: 0, mappingFile: strings.get(binary) };
      return { functionName, file: strings.get(functions.file[fn]), line: frames.line[f], column: frames.column[f] };
    },
  };
}

/** A string column of the functions, decoded once. */
function functionStrings(model: ProfileModel, ids: Int32Array): string[] {
  return Array.from(ids, (id) => model.strings.get(id));
}

function* jsFrames(model: ProfileModel, files: readonly string[], names: readonly string[]) {
  const { frames } = model;
  for (let f = 0; f < frames.count; f++) {
    const fn = frames.function[f];
    yield { file: files[fn], functionName: names[fn], line: frames.line[f] };
  }
}

function countLines(text: string): number {
  let lines = 1;
  let at = text.indexOf('\n');
  for (; at >= 0 && lines < 64; at = text.indexOf('\n', at + 1)) lines++;
  if (at < 0) return lines;
  // indexOf costs a call per line: a text of short lines (blank, generated) is counted faster a character at a time.
  if (at < lines * 8) {
    for (let i = at; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    return lines;
  }
  for (; at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}
