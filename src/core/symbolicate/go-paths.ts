// Go file names that are not the workspace's own code: the standard library (under any GOROOT, or as a bare import
// path with -trimpath), the module cache (`pkg/mod/github.com/!acme/lib@v1.2.3/x.go`, or `lib@v1.2.3/x.go` with
// -trimpath), vendored packages and the Go toolchain module.

import type { ProfilePath } from './profile-path';
import type { FrameClass, ResolutionStep } from './types';

export interface GoPathVerdict {
  class: FrameClass;
  via: ResolutionStep;
  reason: string;
  dependency?: { name: string; version?: string };
  /** Index of the segment where the dependency's own files start (for finding a vendored copy). */
  packageStart?: number;
}

export function isGoSource(path: ProfilePath): boolean {
  const last = path.segments[path.segments.length - 1] ?? '';
  return last.endsWith('.go') || (last.endsWith('.s') && path.segments.includes('src'));
}

/** Undoes the module cache's case encoding: "!acme" stands for "Acme". */
export function unescapeModulePath(escaped: string): string {
  return escaped.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

// Top-level directories of GOROOT/src (Go 1.0 through 1.24). A -trimpath stdlib path starts with one of them; a
// module path without a dot ("module shop") does not, usually.
const stdlibTopLevel = new Set('archive arena bufio builtin bytes cmd cmp compress container context crypto database debug embed encoding errors expvar flag fmt go hash html image index internal io iter log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings structs sync syscall testing text time unicode unique unsafe vendor weak'.split(' '));

export function isStdlibTopLevel(segment: string): boolean {
  return stdlibTopLevel.has(segment);
}

const gorootParent = /^(go|golang|google-golang|libexec|go-?\d[\w.-]*|go\d[\w.-]*|x64|x86|amd64|arm64)$/i;

export function classifyGoPath(path: ProfilePath, functionName: string): GoPathVerdict | undefined {
  const s = path.segments;
  if (s.length === 0) return undefined;

  let versioned = -1;
  for (let i = 0; i < s.length && versioned < 0; i++) if (s[i].includes('@')) versioned = i;
  if (versioned >= 0) {
    const [leaf, version] = s[versioned].split('@', 2);
    const start = moduleStart(s, versioned);
    const name = unescapeModulePath([...s.slice(start, versioned), leaf].join('/'));
    if (name === 'golang.org/toolchain') return { class: 'runtime', via: 'go-stdlib', reason: 'Go toolchain (standard library)' };
    return { class: 'dependency', via: 'go-module-cache', reason: `Go module ${name}@${version}`, dependency: { name, version }, packageStart: versioned + 1 };
  }

  if (path.style === 'relative') {
    if (s[0] === '$GOROOT' || s[0] === 'GOROOT') return stdlib();
    // -trimpath writes the standard library as bare import paths ("runtime/proc.go", "net/http/server.go").
    // Workspace modules were tried first, so "shop/x.go" of a local "module shop" is already resolved.
    if (s.length >= 2 && stdlibTopLevel.has(s[0])) return stdlib();
  } else {
    for (let i = s.length - 2; i >= 1; i--) {
      if (s[i] === 'src' && gorootParent.test(s[i - 1]) && i + 2 < s.length && stdlibTopLevel.has(s[i + 1])) return stdlib();
    }
    if (endsWithFunctionPackage(s, functionName)) return stdlib();
  }

  const vendor = s.lastIndexOf('vendor');
  if (vendor >= 0 && vendor < s.length - 2) {
    const name = s.slice(vendor + 1, s.length - 1).join('/');
    return { class: 'dependency', via: 'go-vendor', reason: `vendored Go package ${name}`, dependency: { name }, packageStart: vendor };
  }
  return undefined;
}

function stdlib(): GoPathVerdict {
  return { class: 'runtime', via: 'go-stdlib', reason: 'Go standard library' };
}

/** Where the module path begins: after ".../pkg/mod/", else at the last domain-like segment, else the start. */
function moduleStart(s: readonly string[], versioned: number): number {
  for (let i = versioned - 1; i >= 1; i--) if (s[i] === 'mod' && s[i - 1] === 'pkg') return i + 1;
  for (let i = versioned; i >= 0; i--) if (s[i].includes('.') && !s[i].includes('@')) return i;
  return 0;
}

/**
 * A file under ".../src/<import path>/" whose function belongs to that standard-library import path (no dot in its
 * first element): catches GOROOTs installed anywhere.
 */
function endsWithFunctionPackage(s: readonly string[], functionName: string): boolean {
  if (!s.includes('src')) return false; // before parsing the function name, which most paths never need
  const importPath = goImportPath(functionName);
  if (!importPath || importPath.split('/')[0].includes('.') || importPath === 'main') return false;
  const pkg = importPath.split('/');
  const start = s.length - 1 - pkg.length;
  if (start < 1 || s[start - 1] !== 'src') return false;
  return pkg.every((p, i) => s[start + i] === p);
}

/** "net/http.(*conn).serve" → "net/http"; "example.com/shop/pricing.Map[...]" → "example.com/shop/pricing". */
export function goImportPath(functionName: string): string | undefined {
  const bracket = functionName.indexOf('[');
  const name = bracket < 0 ? functionName : functionName.slice(0, bracket);
  const lastSlash = name.lastIndexOf('/');
  const dot = name.indexOf('.', lastSlash + 1);
  if (dot <= lastSlash + 1) return undefined;
  return name.slice(0, dot);
}
