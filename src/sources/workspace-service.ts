/**
 * Which service a workspace folder is, as a pure function over its files: the setting when there is one, else the
 * Go module (last path element, e.g. `checkout` for `github.com/acme/checkout/v2`, with the full module path as an
 * alternative), else package.json's name (`@acme/checkout` → `checkout`, alternative `@acme/checkout`), else
 * pyproject.toml's [project] (or [tool.poetry]) name. Undefined when nothing says: the UI then offers a quick
 * pick of the services the source has.
 */

export interface ServiceGuess {
  readonly name: string;
  /** Other names the same service may be registered under, most likely first. */
  readonly alternatives: readonly string[];
  readonly from: 'setting' | 'go.mod' | 'package.json' | 'pyproject.toml';
}

/** Reads a file relative to the workspace folder; undefined when it does not exist or cannot be read. */
export type WorkspaceFileReader = (relativePath: string) => string | undefined;

export function detectWorkspaceService(readFile: WorkspaceFileReader, setting?: string): ServiceGuess | undefined {
  const configured = setting?.trim();
  if (configured) return { name: configured, alternatives: [], from: 'setting' };
  const goMod = readFile('go.mod');
  const module = goMod === undefined ? undefined : goModulePath(goMod);
  if (module) {
    const name = lastModuleElement(module);
    return { name, alternatives: name === module ? [] : [module], from: 'go.mod' };
  }
  const pkg = readFile('package.json');
  const pkgName = pkg === undefined ? undefined : packageJsonName(pkg);
  if (pkgName) {
    const bare = pkgName.replace(/^@[^/]+\//, '');
    return { name: bare, alternatives: bare === pkgName ? [] : [pkgName], from: 'package.json' };
  }
  const pyproject = readFile('pyproject.toml');
  const pyName = pyproject === undefined ? undefined : pyprojectName(pyproject);
  if (pyName) {
    // PyPI names compare with -, _ and . as equal; services are often registered with either.
    const alt = [...new Set([pyName.replace(/[-_.]+/g, '-'), pyName.replace(/[-_.]+/g, '_')])].filter((n) => n !== pyName);
    return { name: pyName, alternatives: alt, from: 'pyproject.toml' };
  }
  return undefined;
}

/** The `module` directive of a go.mod (quoted or not, comments allowed). */
export function goModulePath(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^module\s+(?:"([^"]+)"|`([^`]+)`|(\S+))\s*$/.exec(line);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  return undefined;
}

/** `github.com/acme/checkout/v2` → `checkout` (a major-version suffix is not the name). */
export function lastModuleElement(module: string): string {
  const parts = module.split('/').filter((p) => p !== '');
  let last = parts[parts.length - 1] ?? module;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last;
}

function packageJsonName(text: string): string | undefined {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** `name = "..."` in [project], else in [tool.poetry]. A tiny TOML subset: tables and basic string values. */
export function pyprojectName(text: string): string | undefined {
  let table = '';
  const names = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*([^\][]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      table = header[1];
      continue;
    }
    const m = /^name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(#.*)?$/.exec(line);
    if (m && !names.has(table)) names.set(table, m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  }
  const name = names.get('project') ?? names.get('tool.poetry');
  return name?.trim() || undefined;
}
