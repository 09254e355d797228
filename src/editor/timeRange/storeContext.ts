// Which store, service and profile type the loaded files come from, read off their paths: the store's layout is
// `<root>/<service>/<version>/<type>/<millis>.pb.gz`, so the root is four folders up. Files dropped into a store
// by hand (no layout path) are recognised when they sit under the workspace's store folder and name a service.
// Pure Node, so the in-host tests can point it at any folder.
import { dirname, relative, sep } from 'node:path';
import { parseLayoutPath } from '../../sources/store/layout';

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
  const parsed = sources.map((s) => {
    const segments = s.split(/[\\/]/);
    const layout = parseLayoutPath(segments.slice(-4));
    return layout && { layout, root: dirname(dirname(dirname(dirname(s)))) };
  });
  const first = parsed[0];
  if (first && parsed.every((p) => p && p.root === first.root && p.layout.service === first.layout.service && p.layout.typeFolder === first.layout.typeFolder)) {
    return { root: first.root, service: first.layout.service, type: first.layout.typeFolder, versions: [...new Set(parsed.map((p) => p!.layout.version))] };
  }
  if (fallback?.service && sources.every((s) => isInside(s, fallback.root))) {
    return { root: fallback.root, service: fallback.service, type: fallback.type, versions: [] };
  }
  return undefined;
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
}
