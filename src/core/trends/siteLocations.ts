/**
 * Where allocation sites are in today's workspace: a site (function, file tail, line as profiled: siteKey) is
 * found among a snapshot's frames and read off the workspace mapping (symbolicate/workspaceMapping.ts) — the
 * workspace file and the line moved to today's text. Sites of code outside the workspace get no location.
 */
import type { ProfileModel } from '../model/types';
import { APP_CLASS, type WorkspaceMapping } from '../symbolicate/workspaceMapping';
import { siteKey } from './allocationSites';

export interface SiteLocation {
  /** Index of the workspace root, and the file relative to it ('/'-separated). */
  readonly root: number;
  readonly path: string;
  /** 1-based line in today's text (the profiled line when the text could not be checked). */
  readonly line: number;
}

export function siteLocations(model: ProfileModel, mapping: WorkspaceMapping, keys: ReadonlySet<string>): Map<string, SiteLocation> {
  const { frames, functions, strings } = model;
  const out = new Map<string, SiteLocation>();
  for (let f = 0; f < frames.count; f++) {
    const file = mapping.frames.fileId[f];
    if (file < 0 || mapping.frames.classCode[f] !== APP_CLASS) continue;
    const fn = frames.function[f];
    const key = siteKey(strings.get(functions.name[fn]), strings.get(functions.file[fn]), frames.line[f]);
    if (!keys.has(key) || out.has(key)) continue;
    const line = mapping.frames.currentLine[f] || mapping.frames.line[f];
    if (line > 0) out.set(key, { root: mapping.files[file].root, path: mapping.files[file].path, line });
  }
  return out;
}
