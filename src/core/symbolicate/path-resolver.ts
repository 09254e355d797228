// Turns a profile's file name into a workspace file (or says honestly why not). Each distinct path is resolved
// once. The chain, first answer wins:
//   1. user rules (settings / --map), then .pyroscope.yaml mappings     — longest prefix first
//   2. learned stack roots (from earlier unambiguous suffix matches)
//   3. the path is literally inside a workspace root (profile taken on this machine)
//   4. runtime heuristics: Go modules of the workspace, Go stdlib / module cache / vendor, node: built-ins and
//      node_modules, Python stdlib / site-packages, Rust standard library / Cargo's crates, JVM class → file,
//      .NET namespace and type → C# file (frames that name an assembly where the file would be)
//   5. a relative path that exists as-is in a root
//   6. the suffix index (longest agreement; ambiguity lowers confidence and is reported)
// Every answer names a file present in the WorkspaceIndex, so nothing outside the roots can come out.

import { declarationLine, dotnetFrameOf, DotnetSources, isAssemblyName, isDotnetRuntime, type DotnetFrame } from './dotnet-types';
import { classifyGoPath, isGoSource } from './go-paths';
import type { GoModule } from './go-modules';
import { javaClassOf, jvmNativeFrameOf, JvmWorkspacePackages } from './java-classes';
import { LearnedRoots, type LearnedRoot } from './learned-roots';
import { classifyNodePath } from './node-paths';
import { buildRuleTable, joinTarget, stripPrefix, type PathRule, type RuleTarget, type WorkspaceRootInfo } from './path-rules';
import { PrefixTable } from './prefix-table';
import { displayPath, parseProfilePath, type ProfilePath } from './profile-path';
import type { FunctionPrefixRule, PyroscopeMappings } from './pyroscope-config';
import { classifyPythonPath, isPythonSource } from './python-paths';
import { cRuntimeEntryReason, isNativeRuntimeBinary, runtimeFrameReason } from './runtime-frames';
import { classifyRustPath, isRustSource, PPROF_RS_NO_FILE } from './rust-paths';
import type { FrameClass, PathResolution, ResolutionStep, WorkspaceFile } from './types';
import { classOfWorkspacePath, isDependencyPath } from './workspace-class';
import { WorkspaceIndex } from './workspace-index';

export interface FileRename {
  root: number;
  /** Path at the profiled commit. */
  from: string;
  /** Path now. */
  to: string;
}

export interface PathResolverOptions {
  index: WorkspaceIndex;
  /** Names (and, when known, absolute locations) of the roots, in the index's order. */
  roots?: readonly WorkspaceRootInfo[];
  /** User rules in priority order (settings, then command line). */
  rules?: readonly PathRule[];
  pyroscope?: PyroscopeMappings;
  goModules?: readonly GoModule[];
  /** Stack roots learned earlier (e.g. persisted in workspace state). */
  learned?: readonly { from: string; target: RuleTarget }[];
  /** Files renamed since the profiled commit: an old name resolves to the new file. */
  renames?: readonly FileRename[];
  /** Set false to stop learning stack roots (e.g. to compare strategies); default true. */
  learn?: boolean;
  /** The profile's runtime, when known: frames without a file are then that runtime's built-ins. */
  runtime?: ProfileRuntime;
  /**
   * Reads a workspace file's text (undefined when it cannot): tells which of a .NET partial type's files declares
   * a frame's method. Without it the type's own file is taken.
   */
  readText?: (file: WorkspaceFile) => string | undefined;
}

/**
 * Whether a frame's file says too little to be resolved alone, so that its function name is part of what is
 * resolved: no file, pprof-rs's "Unknown", or a .NET assembly named where the file would be. A frame table keys
 * its paths the same way: one resolution per distinct file, or per (file, function) for these.
 */
export function resolvedWithFunction(file: string): boolean {
  return file === '' || isAssemblyName(file);
}

export type ProfileRuntime = 'go' | 'node' | 'jvm' | 'python' | 'rust' | 'dotnet' | 'native';

/** A resolution plus, when a rule or module said where the file should be but it is missing, that place. */
export interface ResolvedPath extends PathResolution {
  expected?: WorkspaceFile;
  /**
   * For a frame the profile gives no line (.NET): the line (1-based) where its function is declared in `file`,
   * found in the file's text. Such paths are resolved per function (resolvedWithFunction).
   */
  line?: number;
  /** The file's name at the profiled commit when it was found through a rename. */
  renamedFrom?: string;
}

interface Miss {
  expected?: WorkspaceFile;
  reason: string;
}

export class PathResolver {
  private readonly index: WorkspaceIndex;
  private readonly roots: readonly WorkspaceRootInfo[];
  private readonly rootPaths: { root: number; path: ProfilePath }[];
  private readonly userRules: PrefixTable<PathRule>;
  private readonly pyroscopeRules: PrefixTable<PathRule>;
  private readonly functionRules: FunctionPrefixRule[];
  private readonly goModules = new PrefixTable<GoModule>();
  private readonly goModulesByFirstSegment = new Map<string, GoModule[]>();
  private readonly learnedRoots = new LearnedRoots();
  private readonly renameTo = new Map<string, string>();
  private readonly renameIndex: WorkspaceIndex | undefined;
  private readonly renameTargets: FileRename[] = [];
  private readonly learnEnabled: boolean;
  private readonly runtime: ProfileRuntime | undefined;
  private readonly cache = new Map<string, ResolvedPath>();
  /** The workspace's JVM packages, found on the first JVM class that has no file. */
  private jvmPackages: JvmWorkspacePackages | undefined;
  /** The workspace's C# files by type, found on the first .NET frame. */
  private dotnetSources: DotnetSources | undefined;
  private readonly readText: ((file: WorkspaceFile) => string | undefined) | undefined;

  constructor(options: PathResolverOptions) {
    this.index = options.index;
    this.roots = options.roots ?? options.index.rootNames.map((name) => ({ name }));
    this.rootPaths = this.roots.flatMap((r, root) => (r.location ? [{ root, path: parseProfilePath(r.location) }] : []));
    this.userRules = buildRuleTable(options.rules ?? []);
    this.pyroscopeRules = buildRuleTable(options.pyroscope?.pathRules ?? []);
    this.functionRules = [...(options.pyroscope?.functionRules ?? [])].sort((a, b) => b.prefix.length - a.prefix.length);
    for (const module of options.goModules ?? []) {
      const segments = module.path.split('/');
      if (!this.goModules.set('.', segments, module)) continue;
      const list = this.goModulesByFirstSegment.get(segments[0]) ?? [];
      list.push(module);
      this.goModulesByFirstSegment.set(segments[0], list);
    }
    for (const seed of options.learned ?? []) {
      const from = parseProfilePath(seed.from);
      if (from.style !== 'empty' && !from.escapes) this.learnedRoots.learn(from, from.segments.length, seed.target);
    }
    const renames = options.renames ?? [];
    for (const r of renames) {
      if (this.index.find(r.root, r.to) < 0) continue;
      this.renameTo.set(`${r.root}\u0000${r.from}`, r.to);
      this.renameTargets.push(r);
    }
    if (this.renameTargets.length > 0) {
      const byRoot = this.index.rootNames.map((name, root) => ({ name, files: this.renameTargets.filter((r) => r.root === root).map((r) => r.from) }));
      this.renameIndex = new WorkspaceIndex(byRoot);
    }
    this.learnEnabled = options.learn ?? true;
    this.runtime = options.runtime;
    this.readText = options.readText;
  }

  /** Resolves one frame's file. `functionName` matters when the file is empty (JVM) or says little. */
  resolve(file: string, functionName = '', mappingFile = ''): ResolvedPath {
    const key = resolvedWithFunction(file) ? `${file}\u0000${functionName}\u0000${mappingFile}` : file;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.compute(file, functionName, mappingFile);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /**
   * Resolves without remembering the answer, for a caller that resolves each distinct path once itself (a whole
   * profile's frame table): 10^6 distinct paths would otherwise keep 10^6 answers here as well.
   */
  resolveFresh(file: string, functionName = '', mappingFile = ''): ResolvedPath {
    return this.compute(file, functionName, mappingFile);
  }

  /** Stack roots learned so far, most used first (to persist or show as editable rules). */
  learned(): LearnedRoot[] {
    return this.learnedRoots.list();
  }

  get distinctPaths(): number {
    return this.cache.size;
  }

  private compute(file: string, functionName: string, mappingFile: string): ResolvedPath {
    const path = parseProfilePath(file === PPROF_RS_NO_FILE ? '' : file);
    const byName = runtimeFrameReason(functionName) ?? cRuntimeEntryReason(functionName, path);
    if (byName && (path.style === 'empty' || path.style === 'special' || !this.looksLikeWorkspaceCode(path))) {
      return { class: 'runtime', confidence: 1, via: 'pseudo-frame', reason: byName };
    }
    const dotnet = this.resolveDotnet(path, functionName);
    if (dotnet) return dotnet;
    if (path.style === 'empty') return this.resolveWithoutFile(functionName, mappingFile);
    if (path.escapes) return unknown(`"${file}" climbs above its own start with '..'; not mapped`);
    const special = this.resolveSpecial(path);
    if (special) return special;

    const misses: Miss[] = [];
    const viaRule = this.applyRules(path, this.userRules, 'user-rule', misses) ?? this.applyRules(path, this.pyroscopeRules, 'pyroscope-config', misses);
    if (viaRule) return viaRule;
    const viaLearned = this.applyLearned(path);
    if (viaLearned) return viaLearned;
    const inside = this.insideRoot(path, misses);
    if (inside) return inside;
    const heuristic = this.applyHeuristics(path, functionName, misses);
    if (heuristic) return heuristic;
    if (path.style === 'relative') {
      for (let root = 0; root < this.index.rootNames.length; root++) {
        const exact = this.tryFile({ root, dir: '' }, path.segments, 'inside-root', 0.95, undefined);
        if (exact) return exact;
      }
    }
    const suffix = this.matchSuffix(path, 'suffix-match');
    if (suffix) return suffix;
    return this.failure(path, misses);
  }

  /** A runtime pseudo-name on a real workspace path would be odd; only then does the path win over the name. */
  private looksLikeWorkspaceCode(path: ProfilePath): boolean {
    return this.index.matchSuffix(path.segments, path.caseInsensitive) !== undefined;
  }

  private resolveWithoutFile(functionName: string, mappingFile: string): ResolvedPath {
    const native = jvmNativeFrameOf(functionName);
    if (native) {
      if (!native.library) return { class: 'runtime', confidence: 1, via: 'jvm-runtime', reason: `JVM frame ${functionName}` };
      const result: ResolvedPath = { class: native.class, confidence: 1, via: 'native', reason: `native code in ${native.library}` };
      if (native.class === 'dependency') result.dependency = { name: native.library };
      return result;
    }
    const java = javaClassOf(functionName);
    if (java) return this.resolveJava(java.classPath, java.candidates, java.isJdk, functionName);
    if (mappingFile && isNativeRuntimeBinary(mappingFile)) {
      return { class: 'runtime', confidence: 1, via: 'native', reason: `native code in ${mappingFile}` };
    }
    if (mappingFile) return unknown(`native code in ${mappingFile} without symbol information`);
    // rustc's C entry point, which calls std's lang_start, has no debug information.
    if (this.runtime === 'rust' && functionName === 'main') return { class: 'runtime', confidence: 1, via: 'native', reason: 'the C entry point rustc generates' };
    // V8 gives built-ins and native callbacks no script name (e.g. "test" for RegExp.prototype.test).
    if (this.runtime === 'node' && functionName) return { class: 'runtime', confidence: 0.9, via: 'node-internal', reason: `V8 built-in or native code (${functionName} has no script)` };
    return unknown(functionName ? `the profile names no file for ${functionName}` : 'the profile names no file or function');
  }

  private resolveSpecial(path: ProfilePath): ResolvedPath | undefined {
    const text = path.raw.trim();
    if (path.scheme === 'node') return { class: 'runtime', confidence: 1, via: 'node-internal', reason: `Node.js built-in ${text}` };
    if (path.style !== 'special') return undefined;
    if (/^<frozen /.test(text)) return { class: 'runtime', confidence: 1, via: 'python-stdlib', reason: `Python internal ${text}` };
    if (text === '<autogenerated>') return { class: 'runtime', confidence: 1, via: 'go-stdlib', reason: 'compiler-generated Go wrapper' };
    if (/^\[(kernel\.kallsyms|vdso|vsyscall|kernel)\]$/.test(text)) return { class: 'runtime', confidence: 1, via: 'native', reason: `kernel ${text}` };
    return unknown(`${text} is not a file`);
  }

  private applyRules(path: ProfilePath, table: PrefixTable<PathRule>, via: ResolutionStep, misses: Miss[]): ResolvedPath | undefined {
    if (table.size === 0) return undefined;
    for (const { value: rule } of table.matches(path)) {
      const rest = stripPrefix(path, rule.from);
      if (!rest) continue;
      const found = this.tryFile(rule.target, rest, via, 1, `rule ${rule.label}`);
      if (found) return found;
      const expected = { root: rule.target.root, path: joinTarget(rule.target, rest) };
      misses.push({ expected, reason: `rule ${rule.label} points to ${expected.path}, which is not in the workspace` });
    }
    return undefined;
  }

  private applyLearned(path: ProfilePath): ResolvedPath | undefined {
    for (const { value: learned, length } of this.learnedRoots.matches(path)) {
      const rest = path.segments.slice(length);
      const found = this.tryFile(learned.target, rest, 'learned-rule', 0.95, `learned ${learned.from || '.'} → ${learned.target.dir || '.'}`);
      if (found) {
        learned.hits++;
        return found;
      }
    }
    return undefined;
  }

  private insideRoot(path: ProfilePath, misses: Miss[]): ResolvedPath | undefined {
    for (const { root, path: rootPath } of this.rootPaths) {
      const rest = stripPrefix(path, rootPath);
      if (!rest) continue;
      const found = this.tryFile({ root, dir: '' }, rest, 'inside-root', 1, undefined);
      if (found) return found;
      misses.push({ expected: { root, path: rest.join('/') }, reason: `${rest.join('/')} is not in the workspace (deleted or renamed?)` });
    }
    return undefined;
  }

  private applyHeuristics(path: ProfilePath, functionName: string, misses: Miss[]): ResolvedPath | undefined {
    if (isGoSource(path)) {
      const module = this.goModuleFile(path, misses);
      if (module) return module;
      const verdict = classifyGoPath(path, functionName);
      if (verdict) return this.dependencyOrRuntime(path, verdict);
      return undefined;
    }
    const node = classifyNodePath(path);
    if (node) return this.dependencyOrRuntime(path, node);
    if (isPythonSource(path)) {
      const python = classifyPythonPath(path);
      if (python) return this.dependencyOrRuntime(path, python);
    }
    if (isRustSource(path)) {
      const rust = classifyRustPath(path);
      if (rust) return this.dependencyOrRuntime(path, rust);
    }
    // JFR conversions give at most a base name ("Foo.java"): the class names the folder.
    if (path.segments.length === 1 && /\.(java|kt|scala)$/.test(path.segments[0])) {
      const java = javaClassOf(functionName);
      if (java) return this.resolveJava(java.classPath, java.candidates, java.isJdk, functionName);
    }
    return undefined;
  }

  /** Go: the longest workspace module path at the start of the path (-trimpath) or inside it (GOPATH layouts). */
  private goModuleFile(path: ProfilePath, misses: Miss[]): ResolvedPath | undefined {
    if (this.goModules.size === 0) return undefined;
    const found: { module: GoModule; rest: string[] }[] = [];
    if (path.style === 'relative') {
      for (const { value, length } of this.goModules.matches(path)) found.push({ module: value, rest: path.segments.slice(length) });
    } else {
      const s = path.segments;
      for (let i = 0; i < s.length; i++) {
        for (const module of this.goModulesByFirstSegment.get(s[i]) ?? []) {
          const parts = module.path.split('/');
          if (i + parts.length < s.length && parts.every((p, j) => s[i + j] === p)) found.push({ module, rest: s.slice(i + parts.length) });
        }
      }
      found.sort((a, b) => b.module.path.length - a.module.path.length);
    }
    for (const { module, rest } of found) {
      const target = { root: module.root, dir: module.dir };
      const hit = this.tryFile(target, rest, 'go-module', 1, `Go module ${module.path}`);
      if (hit) return hit;
      const expected = { root: module.root, path: joinTarget(target, rest) };
      misses.push({ expected, reason: `Go module ${module.path} is in the workspace, but ${expected.path} does not exist (deleted or renamed since the profile?)` });
    }
    return undefined;
  }

  private dependencyOrRuntime(path: ProfilePath, verdict: { class: FrameClass; via: ResolutionStep; reason: string; dependency?: { name: string; version?: string }; packageStart?: number }): ResolvedPath {
    const result: ResolvedPath = { class: verdict.class, confidence: 1, via: verdict.via, reason: verdict.reason };
    if (verdict.dependency) result.dependency = verdict.dependency;
    // An installed copy in the workspace (node_modules, vendor, .venv) lets the editor still open the code.
    if (verdict.class === 'dependency' && verdict.packageStart !== undefined) {
      const needed = path.segments.length - verdict.packageStart;
      const match = this.index.matchSuffix(path.segments, path.caseInsensitive);
      if (match && match.segments >= needed && match.candidates.length === 1) result.file = this.index.file(match.candidates[0]);
    }
    return result;
  }

  private resolveJava(classPath: string, candidates: readonly string[], isJdk: boolean, functionName: string): ResolvedPath {
    const misses: Miss[] = [];
    for (const rule of this.functionRules) {
      if (classPath !== rule.prefix && !classPath.startsWith(`${rule.prefix}/`)) continue;
      for (const candidate of candidates) {
        const rest = candidate.slice(rule.prefix.length).split('/').filter(Boolean);
        const hit = this.tryFile(rule.target, rest, 'pyroscope-config', 1, rule.label);
        if (hit) return hit;
      }
    }
    for (const candidate of candidates) {
      const path = parseProfilePath(candidate);
      const viaRule = this.applyRules(path, this.userRules, 'user-rule', misses) ?? this.applyRules(path, this.pyroscopeRules, 'pyroscope-config', misses);
      if (viaRule) return viaRule;
    }
    if (isJdk) return { class: 'runtime', confidence: 1, via: 'jvm-runtime', reason: `JDK class ${classPath}` };
    for (const candidate of candidates) {
      const hit = this.matchSuffix(parseProfilePath(candidate), 'java-class');
      if (hit) return hit;
    }
    this.jvmPackages ??= new JvmWorkspacePackages(Array.from({ length: this.index.size }, (_, id) => this.index.file(id).path));
    if (!this.jvmPackages.has(classPath)) {
      const name = classPath.split('/').slice(0, -1).join('.');
      return { class: 'dependency', confidence: 0.9, via: 'java-class', reason: `JVM class ${classPath} is not in the workspace's packages (a library)`, dependency: { name } };
    }
    return unknown(`no workspace file for JVM class ${classPath} (from ${functionName})`);
  }

  /**
   * A managed .NET frame, whose file is empty or the assembly's name: the runtime's assemblies are runtime, a type
   * of the workspace is found by its namespace and name, another assembly's is a dependency.
   */
  private resolveDotnet(path: ProfilePath, functionName: string): ResolvedPath | undefined {
    const assemblyFile = path.style === 'empty' ? '' : path.style === 'relative' && path.segments.length === 1 && isAssemblyName(path.raw.trim()) ? path.raw.trim() : undefined;
    if (assemblyFile === undefined) return undefined;
    const frame = dotnetFrameOf(functionName, this.runtime === 'dotnet');
    const assembly = frame?.assembly ?? assemblyFile;
    if (!frame) {
      // A frame of the runtime's assemblies whose name is not a type's ("!.Concat" of generic code).
      if (this.runtime === 'dotnet' && assembly !== '' && isDotnetRuntime(assembly)) return { class: 'runtime', confidence: 1, via: 'dotnet-runtime', reason: `.NET runtime (${assembly})` };
      return undefined;
    }
    const typeName = [frame.namespace, frame.types.join('.')].filter(Boolean).join('.');
    if (isDotnetRuntime(assembly !== '' ? assembly : frame.namespace)) return { class: 'runtime', confidence: 1, via: 'dotnet-runtime', reason: `.NET runtime (${assembly || frame.namespace})` };
    this.dotnetSources ??= new DotnetSources(this.index);
    const match = this.dotnetSources.candidates(frame);
    if (match) {
      const file = this.dotnetFile(match.files, frame);
      const confidence = match.namespaceAgreement > 0 || frame.namespace === '' ? 0.9 : 0.7;
      const result = this.found(this.index.file(file.id), 'dotnet-type', file.line > 0 || match.files.length === 1 ? confidence : Math.min(confidence, 0.5), `type ${typeName}`);
      if (file.line > 0) result.line = file.line;
      else if (match.files.length > 1) result.ambiguous = match.files.filter((id) => id !== file.id).map((id) => this.index.file(id));
      return result;
    }
    if (assembly !== '' && !this.dotnetSources.builds(assembly)) return { class: 'dependency', confidence: 0.9, via: 'dotnet-type', reason: `.NET assembly ${assembly} is not one of the workspace's projects`, dependency: { name: assembly } };
    return unknown(`no C# file of the workspace is named after ${typeName} (${frame.types[0]}.cs)`);
  }

  /**
   * The candidate file that declares the method, with the declaration's line (0 when no file could be read or
   * none declares it: then the first candidate). Bounded: a type has a few partial parts.
   */
  private dotnetFile(ids: readonly number[], frame: DotnetFrame): { id: number; line: number } {
    if (this.readText) {
      for (const id of ids.slice(0, 16)) {
        const text = this.readText(this.index.file(id));
        const line = text === undefined ? 0 : declarationLine(text, frame);
        if (line > 0) return { id, line };
      }
    }
    return { id: ids[0], line: 0 };
  }

  private tryFile(target: RuleTarget, rest: readonly string[], via: ResolutionStep, confidence: number, why: string | undefined): ResolvedPath | undefined {
    if (rest.length === 0 || rest.includes('..')) return undefined;
    const path = joinTarget(target, rest);
    if (this.index.find(target.root, path) >= 0) return this.found({ root: target.root, path }, via, confidence, why);
    const renamed = this.renameTo.get(`${target.root}\u0000${path}`);
    if (renamed !== undefined) return { ...this.found({ root: target.root, path: renamed }, via, confidence * 0.95, why), renamedFrom: path };
    return undefined;
  }

  private found(file: WorkspaceFile, via: ResolutionStep, confidence: number, why: string | undefined): ResolvedPath {
    const result: ResolvedPath = { class: classOfWorkspacePath(file.path), file, confidence, via };
    if (why) result.reason = why;
    return result;
  }

  /** The suffix index, with the rename index (old names) competing on match length. */
  private matchSuffix(path: ProfilePath, via: ResolutionStep): ResolvedPath | undefined {
    const match = this.index.matchSuffix(path.segments, path.caseInsensitive);
    const renamed = this.renameIndex?.matchSuffix(path.segments, path.caseInsensitive);
    if (renamed && renamed.candidates.length === 1 && (!match || renamed.segments > match.segments)) {
      const old = this.renameIndex!.file(renamed.candidates[0]);
      const to = this.renameTo.get(`${old.root}\u0000${old.path}`)!;
      return { ...this.found({ root: old.root, path: to }, via, 0.85, `renamed from ${old.path}`), renamedFrom: old.path };
    }
    if (!match) return undefined;

    let candidates = match.candidates;
    if (candidates.length > 1 && !isDependencyPath(path.segments)) {
      // A frame outside node_modules/vendor is the app's own copy, not a vendored one with the same name.
      const own = candidates.filter((id) => !isDependencyPath(this.index.file(id).path.split('/')));
      if (own.length > 0) candidates = own;
    }
    const files = candidates.map((id) => this.index.file(id)).sort((a, b) => a.root - b.root || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const whole = match.segments >= path.segments.length;
    if (files.length === 1) {
      const file = files[0];
      const confidence = whole ? 0.9 : match.segments >= 2 ? 0.85 : 0.6;
      const result = this.found(file, via, confidence, `${match.segments} trailing path segment${match.segments === 1 ? '' : 's'} agree`);
      this.learnFrom(path, file, match.segments);
      return result;
    }
    const [pick, ...others] = files;
    return {
      ...this.found(pick, via, 0.3, `ambiguous: ${files.length} workspace files end with ${path.segments.slice(-match.segments).join('/')}`),
      ambiguous: others,
    };
  }

  private learnFrom(path: ProfilePath, file: WorkspaceFile, matched: number): void {
    if (!this.learnEnabled) return;
    const fileSegments = file.path.split('/');
    // The root folder's own name can be part of the match ("/build/<root name>/pkg/a.go").
    const localMatched = Math.min(matched, fileSegments.length);
    const stackRootLength = path.segments.length - localMatched;
    const wholeFile = localMatched === fileSegments.length;
    // A bare base-name match says little about the folders around it unless it is the whole workspace path.
    if (matched < 2 && !wholeFile) return;
    if (stackRootLength <= 0 && path.style !== 'relative') return;
    const dir = fileSegments.slice(0, fileSegments.length - localMatched).join('/');
    this.learnedRoots.learn(path, stackRootLength, { root: file.root, dir });
  }

  private failure(path: ProfilePath, misses: Miss[]): ResolvedPath {
    const base = path.segments[path.segments.length - 1] ?? path.raw;
    const first = misses.find((m) => m.expected) ?? misses[0];
    if (first) {
      const result = unknown(first.reason);
      if (first.expected) result.expected = first.expected;
      return result;
    }
    return unknown(`no workspace file is named ${base} (${displayPath(path)})`);
  }
}

function unknown(reason: string): ResolvedPath {
  return { class: 'unknown', confidence: 0, via: 'none', reason };
}
