// Source maps for bundled/transpiled JavaScript: find the map of a generated workspace file (the
// `//# sourceMappingURL=` comment — inline data: URL or a relative file — else a sibling `<file>.map`), map a
// generated line (and column, when the profile has one) to the original position with @jridgewell/trace-mapping,
// and resolve the original `sources` entry to a workspace file. Maps are read only from inside the workspace.

import { decodedMappings, originalPositionFor, TraceMap, LEAST_UPPER_BOUND, GREATEST_LOWER_BOUND } from '@jridgewell/trace-mapping';
import { parentDir } from './go-modules';
import { splitSegments } from './profile-path';
import type { ReadWorkspaceText, WorkspaceFile } from './types';

export interface LoadedSourceMap {
  generated: WorkspaceFile;
  /** Where the map came from: a workspace file, or 'inline'. */
  origin: WorkspaceFile | 'inline';
  map: TraceMap;
  /** Folder `sources` are relative to (the map file's folder; the generated file's for inline maps). */
  baseDir: string;
  sourceRoot: string;
  sources: readonly (string | null)[];
  ignored: ReadonlySet<number>;
}

export interface OriginalPosition {
  sourceIndex: number;
  /** 1-based. */
  line: number;
  /** 1-based; 0 when the map has none. */
  column: number;
  name?: string;
}

const generatedExtensions = /\.(js|mjs|cjs)$/;

export function isGeneratedJavaScript(path: string): boolean {
  return generatedExtensions.test(path);
}

/** The URL in the last `//# sourceMappingURL=` comment among the file's final non-empty lines. */
export function findSourceMappingUrl(text: string): string | undefined {
  let end = text.length;
  for (let checked = 0; checked < 5 && end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1);
    const line = text.slice(start + 1, end).trim();
    end = start < 0 ? 0 : start;
    if (line === '') continue;
    checked++;
    const match = /^\/\/[#@]\s*sourceMappingURL=(\S+)$/.exec(line) ?? /^\/\*[#@]\s*sourceMappingURL=(\S+)\s*\*\/$/.exec(line);
    if (match && !/["']/.test(match[1])) return match[1];
    if (!line.startsWith('//')) return undefined; // code after the comment: the comment is not the last thing
  }
  return undefined;
}

export class SourceMapStore {
  private readonly cache = new Map<string, Promise<LoadedSourceMap | { error: string } | undefined>>();

  constructor(
    private readonly readText: ReadWorkspaceText,
    private readonly maxMaps = 50,
  ) {}

  /** The map of a generated file, undefined when it has none, or an error naming the file and the problem. */
  load(generated: WorkspaceFile): Promise<LoadedSourceMap | { error: string } | undefined> {
    const key = `${generated.root}\u0000${generated.path}`;
    let entry = this.cache.get(key);
    if (entry) {
      this.cache.delete(key); // re-insert: Map order is the LRU order
    } else {
      entry = this.loadUncached(generated);
      if (this.cache.size >= this.maxMaps) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(key, entry);
    return entry;
  }

  private async loadUncached(generated: WorkspaceFile): Promise<LoadedSourceMap | { error: string } | undefined> {
    const text = await this.readText(generated);
    if (text === undefined) return undefined;
    const url = findSourceMappingUrl(text);
    if (url?.startsWith('data:')) {
      const json = decodeDataUrl(url);
      if (json === undefined) return { error: `${generated.path}: unreadable inline source map` };
      return parseMap(json, generated, 'inline', parentDir(generated.path));
    }
    const candidates: string[] = [];
    if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/')) {
      const joined = splitSegments(`${parentDir(generated.path)}/${safeDecode(url)}`);
      if (!joined.escapes) candidates.push(joined.segments.join('/'));
    }
    candidates.push(`${generated.path}.map`);
    for (const path of candidates) {
      const mapFile = { root: generated.root, path };
      const json = await this.readText(mapFile);
      if (json !== undefined) return parseMap(json, generated, mapFile, parentDir(path));
    }
    return url ? { error: `${generated.path}: source map ${url} is not in the workspace` } : undefined;
  }
}

function parseMap(json: string, generated: WorkspaceFile, origin: WorkspaceFile | 'inline', baseDir: string): LoadedSourceMap | { error: string } {
  const where = origin === 'inline' ? `${generated.path} (inline map)` : origin.path;
  try {
    const raw = JSON.parse(json) as { sources?: (string | null)[]; sourceRoot?: string; ignoreList?: number[]; x_google_ignoreList?: number[] };
    if (!raw || !Array.isArray(raw.sources)) return { error: `${where}: not a source map (no "sources")` };
    const map = new TraceMap(raw as ConstructorParameters<typeof TraceMap>[0]);
    const ignored = new Set<number>(raw.ignoreList ?? raw.x_google_ignoreList ?? []);
    return { generated, origin, map, baseDir, sourceRoot: typeof raw.sourceRoot === 'string' ? raw.sourceRoot : '', sources: raw.sources, ignored };
  } catch (e) {
    return { error: `${where}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Generated line (1-based) and column (1-based, 0 = unknown) → original position. Without a column the first
 * mapping on the line that has a source is used (pprof-nodejs does the same); that is exact for function-start
 * lines of unminified bundles and unreliable for minified ones.
 */
export function originalPosition(loaded: LoadedSourceMap, line: number, column: number): OriginalPosition | undefined {
  if (!Number.isInteger(line) || line < 1) return undefined;
  if (column > 0) {
    for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as const) {
      const hit = originalPositionFor(loaded.map, { line, column: column - 1, bias });
      if (hit.source !== null) return { sourceIndex: sourceIndexOf(loaded, hit.source), line: hit.line, column: hit.column + 1, name: hit.name ?? undefined };
    }
    return undefined;
  }
  const segments = decodedMappings(loaded.map)[line - 1];
  if (!segments) return undefined;
  for (const segment of segments) {
    if (segment.length === 4 || segment.length === 5) {
      const name = segment.length === 5 ? loaded.map.names[segment[4]] : undefined;
      return { sourceIndex: segment[1], line: segment[2] + 1, column: segment[3] + 1, name };
    }
  }
  return undefined;
}

function sourceIndexOf(loaded: LoadedSourceMap, resolvedSource: string): number {
  const i = loaded.map.resolvedSources.indexOf(resolvedSource);
  return i >= 0 ? i : loaded.map.sources.indexOf(resolvedSource);
}

/**
 * The original source as a path to resolve: sources relative to the map (after sourceRoot) become
 * workspace-relative when they stay inside the root; anything else (webpack://, absolute, escaping) is returned
 * as-is for the path resolver.
 */
export function originalSourcePath(loaded: LoadedSourceMap, sourceIndex: number): { inWorkspace?: string; raw: string } | undefined {
  const source = loaded.sources[sourceIndex];
  if (typeof source !== 'string' || source === '') return undefined;
  const hasScheme = /^[a-z][a-z0-9+.-]+:/i.test(source);
  const root = loaded.sourceRoot;
  const combined = hasScheme || source.startsWith('/') || root === '' ? source : `${root.replace(/\/+$/, '')}/${source}`;
  if (/^[a-z][a-z0-9+.-]+:/i.test(combined) || combined.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(combined)) return { raw: combined };
  const joined = splitSegments(`${loaded.baseDir}/${combined}`);
  if (joined.escapes) return { raw: combined };
  return { inWorkspace: joined.segments.join('/'), raw: combined };
}

function decodeDataUrl(url: string): string | undefined {
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  try {
    if (/;base64$/i.test(meta)) {
      const binary = atob(body);
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      return new TextDecoder().decode(bytes);
    }
    return decodeURIComponent(body);
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
