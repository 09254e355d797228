// Frames (file, line, column, function) → workspace positions in the profiled version of the code: path resolution
// (cached per distinct path) followed by source maps for generated JavaScript found in the workspace.

import type { PathResolver, ResolvedPath } from './path-resolver';
import { isGeneratedJavaScript, originalPosition, originalSourcePath, type LoadedSourceMap, type SourceMapStore } from './source-maps';
import type { FrameClass, ResolutionStep, WorkspaceFile } from './types';
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
    const { resolver, sourceMaps } = this.options;
    const resolved = frames.map((f) => resolver.resolve(f.file, f.functionName, f.mappingFile ?? ''));

    const maps = new Map<string, LoadedSourceMap | undefined>();
    if (sourceMaps) {
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
    }
    return frames.map((frame, i) => this.finish(frame, resolved[i], resolved[i].file ? maps.get(fileKey(resolved[i].file!)) : undefined));
  }

  private finish(frame: ProfileFrame, path: ResolvedPath, map: LoadedSourceMap | undefined): SymbolicatedFrame {
    const isJs = /\.(m?[jt]sx?|cjs)$/.test(frame.file) || frame.file.startsWith('file:');
    const base: SymbolicatedFrame = {
      class: path.class,
      line: frame.line > 0 ? frame.line : 0,
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
