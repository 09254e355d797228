/**
 * The local store's folder layout: `<root>/<service>/<version>/<profile type>/<unix millis>.pb.gz`.
 *
 * Names are stored percent-encoded where they could not be folder names as they are (`/`, `\`, `:`, control
 * characters, a leading dot, `..`, Windows device names), so any service or version label round-trips and none
 * can escape the store. A second profile in the same millisecond gets `-1`, `-2`... after the time.
 */
import { join } from 'node:path';
import { hasProfileFileEnding } from '../../core/readers/fileNames';

export const DEFAULT_STORE_FOLDER = join('.perflens', 'store');

/** `<workspace>/.perflens/store`. */
export function defaultStorePath(workspaceRoot: string): string {
  return join(workspaceRoot, DEFAULT_STORE_FOLDER);
}

const SAFE = /[A-Za-z0-9._@+=,~-]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export function encodeSegment(name: string): string {
  if (name === '') return '%00';
  let out = '';
  for (const ch of name) {
    if (SAFE.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.startsWith('.')) out = `%2E${out.slice(1)}`;
  if (WINDOWS_DEVICE.test(out)) out = `%${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
  return out;
}

export function decodeSegment(segment: string): string {
  if (segment === '%00') return '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `<millis>.pb.gz`, `<millis>-<n>.pb.gz`, or the same without `.gz`. */
const LAYOUT_FILE = /^(\d{10,16})(?:-\d{1,6})?\.pb(?:\.gz)?$/;

/** The time a layout file's name says (`<millis>.pb.gz` and the like); undefined for other names. */
export function layoutFileTime(name: string): number | undefined {
  const m = LAYOUT_FILE.exec(name);
  return m ? Number(m[1]) : undefined;
}


/** Files that are being written right now (the writer's temp files, other tools' partial downloads). */
export function isInProgressFile(name: string): boolean {
  return name.startsWith('.') || /\.(tmp|part|partial|crdownload|download)$/i.test(name) || name.endsWith('~');
}

export function isProfileFileName(name: string): boolean {
  return !isInProgressFile(name) && hasProfileFileEnding(name);
}

export interface LayoutPath {
  readonly service: string;
  readonly version: string;
  /** The type folder's name, decoded (a canonical type, an alias like `heap`, or anything). */
  readonly typeFolder: string;
  readonly timeMs: number;
}

/** Reads `<service>/<version>/<type>/<millis>.pb.gz` (segments relative to the root); undefined for other paths. */
export function parseLayoutPath(segments: readonly string[]): LayoutPath | undefined {
  if (segments.length !== 4) return undefined;
  const timeMs = layoutFileTime(segments[3]);
  if (timeMs === undefined) return undefined;
  return {
    service: decodeSegment(segments[0]),
    version: decodeSegment(segments[1]),
    typeFolder: decodeSegment(segments[2]),
    timeMs,
  };
}
