// Which store, service and profile type the loaded files come from, read off their paths: the store's layout is
// `<root>/<service>/<version>/<type>/<millis>.pb.gz`, so the root is four folders up. Files dropped into a store
// by hand (no layout path) are recognised when they sit under the workspace's store folder and name a service.
// Pure Node, so the in-host tests can point it at any folder.
import { dirname, relative, sep } from 'node:path';
import { layoutFileTime, parseLayoutPath, type LayoutPath } from '../../sources/store/layout';

export interface StoreContext {
  readonly root: string;
  readonly service: string;
  /** The store's type (a type folder's name, or a canonical type), for StoreSource.fetchProfiles. */
  readonly type: string;
  /** The versions of the loaded files. */
  readonly versions: readonly string[];
}

export function storeContextOf(sources: readonly string[], fallback?: { root: string; service?: string; type: string }): StoreContext | undefined {
  if (sources.length === 0) return undefined;
  const layout = layoutContextOf(sources);
  if (layout) return layout;
  if (fallback?.service && sources.every((s) => isInside(s, fallback.root))) {
    return { root: fallback.root, service: fallback.service, type: fallback.type, versions: [] };
  }
  return undefined;
}

/**
 * The context when every file is a layout file of one root, service and type. A session holds up to thousands of
 * files from a few type folders and this is asked on every change of it: each folder is parsed once, each file's
 * name only matched.
 */
function layoutContextOf(sources: readonly string[]): StoreContext | undefined {
  const folders = new Map<string, { readonly root: string; readonly layout: LayoutPath } | null>();
  let first: { readonly root: string; readonly layout: LayoutPath } | undefined;
  const versions = new Set<string>();
  for (const s of sources) {
    const cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    if (layoutFileTime(s.slice(cut + 1)) === undefined) return undefined;
    const folder = s.slice(0, cut);
    let parsed = folders.get(folder);
    if (parsed === undefined) {
      const layout = parseLayoutPath(s.split(/[\\/]/).slice(-4));
      parsed = layout ? { layout, root: dirname(dirname(dirname(dirname(s)))) } : null;
      folders.set(folder, parsed);
    }
    if (!parsed) return undefined;
    first ??= parsed;
    if (parsed.root !== first.root || parsed.layout.service !== first.layout.service || parsed.layout.typeFolder !== first.layout.typeFolder) return undefined;
    versions.add(parsed.layout.version);
  }
  return first && { root: first.root, service: first.layout.service, type: first.layout.typeFolder, versions: [...versions] };
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
}
