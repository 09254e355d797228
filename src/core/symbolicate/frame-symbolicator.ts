// Frames (file, line, column, function) → workspace positions in the profiled version of the code: path resolution
// (cached per distinct path) followed by source maps for generated JavaScript found in the workspace.

import type { PathResolver, ResolvedPath } from './path-resolver';
import { isGeneratedJavaScript, originalPosition, originalSourcePath, type LoadedSourceMap, type SourceMapStore } from './source-maps';
import { FRAME_CLASSES, type FrameClass, type ResolutionStep, type WorkspaceFile } from './types';
import { classOfWorkspacePath } from './workspace-class';
import type { WorkspaceIndex } from './workspace-index';

export interface ProfileFrame {
  file: string;
  functionName: string;
  /** 1-based; 0 = unknown. */
  line: number;
  /** 1-based; 0 or absent = unknown. */
  column?: number;
  /** The binary the frame's code came from (pprof Mapping.filename), for native frames. */
  mappingFile?: string;
}

export interface SymbolicatedFrame {
  class: FrameClass;
  file?: WorkspaceFile;
  /** 1-based line in the profiled version of `file` (after source maps); 0 = unknown. */
  line: number;
  column: number;
  confidence: number;
  /** Steps taken, in order (e.g. suffix-match then source-map). */
  via: ResolutionStep[];
  reason?: string;
  ambiguous?: WorkspaceFile[];
  /** The line is where the function starts, not where time was spent (Node profiles without line numbers). */
  functionLevel: boolean;
  /** The file's name at the profiled commit, when it has been renamed since. */
  pathAtRef?: string;
  /** Where a rule or module said the file should be, when it is missing. */
  expected?: WorkspaceFile;
  /** The original name from the source map, when the bundler renamed the function. */
  originalName?: string;
}

/**
 * A whole frame table symbolicated, in columns: per frame only what the workspace analysis reads (class, file,
 * line, ambiguity; the reason only where a frame maps nowhere), so 10^6 frames cost bytes each, not objects.
 */
export interface FrameMapping {
  /** Per frame: the class, as an index into FRAME_CLASSES. */
  readonly classCode: Uint8Array;
  /** Per frame: index into `files`, or -1 when the frame has no workspace file. */
  readonly fileId: Int32Array;
  /** The distinct workspace files frames map to (one object per file). */
  readonly files: readonly WorkspaceFile[];
  /** Per frame: 1-based line in the profiled version of the file (after source maps); 0 = unknown. */
  readonly line: Float64Array;
  /** Per frame: 1 when the file was picked among several that matched equally well. */
  readonly ambiguous: Uint8Array;
  /** Why the frame maps to no workspace file (for frames of class 'unknown'). */
  reason(frame: number): string | undefined;
  /** The file's name at the profiled commit, when the frame's file was found through a rename. */
  pathAtRef(frame: number): string | undefined;
}

/**
 * The frames of a profile as symbolication reads them: each frame's path key (equal keys, equal resolution: the
 * file name, or for a frame without one its function and binary), its profiled line, and the frame as an object
 * when one is needed (once per distinct path, and for frames that go through a source map).
 */
export interface FrameSource {
  readonly frameCount: number;
  readonly framePath: Int32Array;
  readonly pathCount: number;
  /** 1-based; 0 or less = unknown. */
  readonly frameLine: Float64Array;
  frameAt(frame: number): ProfileFrame;
}

export interface FrameSymbolicatorOptions {
  resolver: PathResolver;
  index: WorkspaceIndex;
  sourceMaps?: SourceMapStore;
  /** Node profiles recorded without line numbers: every JS line is a function start. */
  functionLevelJs?: boolean;
}

export class FrameSymbolicator {
  /** Problems met on the way (unreadable maps...), each once. */
  readonly warnings: string[] = [];
  private readonly sourceResolutions = new Map<string, ResolvedPath>();

  constructor(private readonly options: FrameSymbolicatorOptions) {}

  async symbolicate(frames: readonly ProfileFrame[]): Promise<SymbolicatedFrame[]> {
    const { resolver } = this.options;
    const resolved = frames.map((f) => resolver.resolve(f.file, f.functionName, f.mappingFile ?? ''));
    const maps = await this.loadMaps(resolved);
    return frames.map((frame, i) => this.finish(frame, resolved[i], resolved[i].file ? maps.get(fileKey(resolved[i].file!)) : undefined));
  }

  /**
   * The answers `symbolicate` gives, for a profile's whole frame table: each distinct path (table.framePath) is
   * resolved once, in frame order as `symbolicate` would, and nothing is kept per path or frame beyond the columns.
   */
  async symbolicateTable(table: FrameSource): Promise<FrameMapping> {
    const { resolver, index, sourceMaps } = this.options;
    const frameCount = table.frameCount;
    const pathClass = new Uint8Array(table.pathCount);
    const pathFile = new Int32Array(table.pathCount).fill(-1);
    const pathAmbiguous = new Uint8Array(table.pathCount);
    // Reasons of unknown paths only, by index (a Map keyed by path number is slow at 10^6 entries).
    const reasons: string[] = [];
    const pathReason = new Int32Array(table.pathCount).fill(-1);
    const pathRenamedFrom = new Map<number, string>();
    // Lines of functions the profile gives none, found in the source (by function: such paths are per function).
    const pathLine = new Map<number, number>();
    const done = new Uint8Array(table.pathCount);
    const files: WorkspaceFile[] = [];
    const byIndexId = new Map<number, number>();
    const byKey = new Map<string, number>();
    const fileIdOf = (file: WorkspaceFile) => {
      const indexId = index.find(file.root, file.path);
      const known = indexId >= 0 ? byIndexId.get(indexId) : byKey.get(fileKey(file));
      if (known !== undefined) return known;
      files.push(file);
      if (indexId >= 0) byIndexId.set(indexId, files.length - 1);
      else byKey.set(fileKey(file), files.length - 1);
      return files.length - 1;
    };
    // Paths into generated JavaScript keep their whole answer: their frames go through the source map below.
    const generatedPaths = new Map<number, ResolvedPath>();
    for (let f = 0; f < frameCount; f++) {
      const p = table.framePath[f];
      if (done[p]) continue;
      done[p] = 1;
      const frame = table.frameAt(f);
      const r = resolver.resolveFresh(frame.file, frame.functionName, frame.mappingFile ?? '');
      pathClass[p] = FRAME_CLASSES.indexOf(r.class);
      if (r.file) {
        pathFile[p] = fileIdOf(r.file);
        if (sourceMaps && isGeneratedJavaScript(r.file.path)) generatedPaths.set(p, r);
      }
      if (r.class === 'unknown' && r.reason) pathReason[p] = reasons.push(r.reason) - 1;
      if (r.ambiguous) pathAmbiguous[p] = 1;
      if (r.renamedFrom) pathRenamedFrom.set(p, r.renamedFrom);
      if (r.line) pathLine.set(p, r.line);
    }
    const maps = await this.loadMaps(generatedPaths.values());

    const classCode = new Uint8Array(frameCount);
    const fileId = new Int32Array(frameCount);
    const line = new Float64Array(frameCount);
    const ambiguous = new Uint8Array(frameCount);
    const viaMap = new Map<number, SymbolicatedFrame>();
    for (let f = 0; f < frameCount; f++) {
      const p = table.framePath[f];
      const profiledLine = table.frameLine[f] > 0 ? table.frameLine[f] : 0;
      const generated = generatedPaths.size > 0 ? generatedPaths.get(p) : undefined;
      const map = generated ? maps.get(fileKey(generated.file!)) : undefined;
      if (map && profiledLine > 0) {
        const m = this.finish(table.frameAt(f), generated!, map);
        viaMap.set(f, m);
        classCode[f] = FRAME_CLASSES.indexOf(m.class);
        fileId[f] = m.file ? fileIdOf(m.file) : -1;
        line[f] = m.line;
        ambiguous[f] = m.ambiguous ? 1 : 0;
        continue;
      }
      classCode[f] = pathClass[p];
      fileId[f] = pathFile[p];
      line[f] = profiledLine > 0 || pathLine.size === 0 ? profiledLine : pathLine.get(p) ?? 0;
      ambiguous[f] = pathAmbiguous[p];
    }
    return {
      classCode, fileId, files, line, ambiguous,
      reason: (f) => {
        const m = viaMap.size > 0 ? viaMap.get(f) : undefined;
        if (m) return m.class === 'unknown' ? m.reason : undefined;
        const at = pathReason[table.framePath[f]];
        return at >= 0 ? reasons[at] : undefined;
      },
      pathAtRef: (f) => (viaMap.size > 0 && viaMap.has(f) ? viaMap.get(f)!.pathAtRef : pathRenamedFrom.get(table.framePath[f])),
    };
  }

  /** The source maps of the generated files among the answers, by file key (undefined: unusable, warned once). */
  private async loadMaps(resolved: Iterable<ResolvedPath>): Promise<Map<string, LoadedSourceMap | undefined>> {
    const maps = new Map<string, LoadedSourceMap | undefined>();
    const { sourceMaps } = this.options;
    if (!sourceMaps) return maps;
    const generated = new Map<string, WorkspaceFile>();
    for (const r of resolved) if (r.file && isGeneratedJavaScript(r.file.path)) generated.set(fileKey(r.file), r.file);
    await Promise.all(
      [...generated].map(async ([key, file]) => {
        const loaded = await sourceMaps.load(file);
        if (loaded && 'error' in loaded) {
          if (!this.warnings.includes(loaded.error)) this.warnings.push(loaded.error);
          maps.set(key, undefined);
        } else maps.set(key, loaded);
      }),
    );
    return maps;
  }

  private finish(frame: ProfileFrame, path: ResolvedPath, map: LoadedSourceMap | undefined): SymbolicatedFrame {
    const isJs = /\.(m?[jt]sx?|cjs)$/.test(frame.file) || frame.file.startsWith('file:');
    const base: SymbolicatedFrame = {
      class: path.class,
      line: frame.line > 0 ? frame.line : path.line ?? 0,
      column: frame.column && frame.column > 0 ? frame.column : 0,
      confidence: path.confidence,
      via: [path.via],
      functionLevel: Boolean(this.options.functionLevelJs && isJs),
    };
    if (path.file) base.file = path.file;
    if (path.reason) base.reason = path.reason;
    if (path.ambiguous) base.ambiguous = path.ambiguous;
    if (path.renamedFrom) base.pathAtRef = path.renamedFrom;
    if (path.expected) base.expected = path.expected;
    if (!map || base.line === 0) return base;

    const position = originalPosition(map, base.line, base.column);
    if (!position) {
      return { ...base, confidence: Math.min(base.confidence, 0.3), reason: `no source-map mapping for ${map.generated.path}:${base.line} (bundler-generated code)` };
    }
    const source = this.resolveSource(map, position.sourceIndex);
    const mapped: SymbolicatedFrame = {
      class: source.class,
      line: position.line,
      column: base.column > 0 ? position.column : 0,
      confidence: Math.min(base.confidence, source.confidence),
      via: [...base.via, 'source-map', ...(source.via === 'source-map' ? [] : [source.via])],
      functionLevel: base.functionLevel,
    };
    if (source.file) mapped.file = source.file;
    if (source.reason) mapped.reason = source.reason;
    if (source.ambiguous) mapped.ambiguous = source.ambiguous;
    if (position.name && position.name !== frame.functionName) mapped.originalName = position.name;
    return mapped;
  }

  /** One resolution per (map, source): relative sources inside the workspace directly, others via the resolver. */
  private resolveSource(map: LoadedSourceMap, sourceIndex: number): ResolvedPath {
    const key = `${fileKey(map.generated)}\u0000${sourceIndex}`;
    let hit = this.sourceResolutions.get(key);
    if (hit) return hit;
    const source = originalSourcePath(map, sourceIndex);
    if (!source) hit = { class: 'unknown', confidence: 0, via: 'source-map', reason: `${map.generated.path}: the source map names no source here` };
    else if (source.inWorkspace !== undefined && this.options.index.find(map.generated.root, source.inWorkspace) >= 0) {
      const file = { root: map.generated.root, path: source.inWorkspace };
      hit = { class: map.ignored.has(sourceIndex) ? 'dependency' : classOfWorkspacePath(file.path), file, confidence: 1, via: 'source-map' };
    } else {
      // Built elsewhere ("../../home/ci/app/src/a.ts", "webpack:///./src/a.ts"): resolve like a profile path,
      // without the leading "../" that only made sense on the build machine.
      const resolved = this.options.resolver.resolve(source.raw.replace(/^(\.\.?[\\/])+/, ''));
      hit = map.ignored.has(sourceIndex) && resolved.class === 'app' ? { ...resolved, class: 'dependency' } : resolved;
      if (hit.class === 'unknown' && !hit.reason?.includes(source.raw)) hit = { ...hit, reason: `source-map source ${source.raw}: ${hit.reason ?? 'not in the workspace'}` };
    }
    this.sourceResolutions.set(key, hit);
    return hit;
  }
}

function fileKey(file: WorkspaceFile): string {
  return `${file.root}\u0000${file.path}`;
}
