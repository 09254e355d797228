// Rust file names that are not the workspace's own code: the standard library as rustup's toolchains record it
// (`/rustc/<commit>/library/core/src/…`, `/rustc/<commit>/src/libstd/…` before 1.47, or the rust-src component's
// `…/lib/rustlib/src/rust/library/…`), crates from Cargo's registry (`$CARGO_HOME/registry/src/<index>/<crate>-<version>/…`)
// and git checkouts (`$CARGO_HOME/git/checkouts/<name>-<hash>/<rev>/…`), and vendored crates (`vendor/<crate>/…`).

import type { ProfilePath } from './profile-path';
import type { FrameClass, ResolutionStep } from './types';

export interface RustPathVerdict {
  class: FrameClass;
  via: ResolutionStep;
  reason: string;
  dependency?: { name: string; version?: string };
  /** Index of the segment where the crate's own folder starts (for finding a vendored copy in the workspace). */
  packageStart?: number;
}

/** What the pprof crate (pprof-rs) writes as the file of a symbol that has none. */
export const PPROF_RS_NO_FILE = 'Unknown';

export function isRustSource(path: ProfilePath): boolean {
  return (path.segments[path.segments.length - 1] ?? '').endsWith('.rs');
}

/** A crate folder in Cargo's registry: "<name>-<semver>" (the name may hold '-' itself). */
const crateFolder = /^([A-Za-z0-9_-]+?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

export function classifyRustPath(path: ProfilePath): RustPathVerdict | undefined {
  const s = path.segments;
  const std = standardLibraryCrate(s);
  if (std !== undefined) return { class: 'runtime', via: 'rust-std', reason: `Rust standard library${std ? ` (${std})` : ''}` };

  for (let i = 0; i + 3 < s.length; i++) {
    if (s[i] === 'registry' && s[i + 1] === 'src') {
      const crate = crateFolder.exec(s[i + 3]);
      if (!crate) continue;
      const [, name, version] = crate;
      return { class: 'dependency', via: 'rust-crate', reason: `Rust crate ${name} ${version}`, dependency: { name, version }, packageStart: i + 3 };
    }
    if (s[i] === 'git' && s[i + 1] === 'checkouts') {
      // "<repository name>-<16 hex digits of the URL's hash>"
      const name = s[i + 2].replace(/-[0-9a-f]{16}$/, '');
      return { class: 'dependency', via: 'rust-crate', reason: `Rust crate ${name} (git checkout ${s[i + 3]})`, dependency: { name }, packageStart: i + 2 };
    }
  }
  const vendor = s.lastIndexOf('vendor');
  if (vendor >= 0 && vendor < s.length - 2) {
    const name = s[vendor + 1];
    return { class: 'dependency', via: 'rust-crate', reason: `vendored Rust crate ${name}`, dependency: { name }, packageStart: vendor + 1 };
  }
  return undefined;
}

/**
 * The standard library crate a path is in ("core", "std", "alloc"…; "" when the path does not say), or undefined
 * for a path outside the standard library.
 */
function standardLibraryCrate(s: readonly string[]): string | undefined {
  // "/rustc/<commit hash>/…": where rustup's builds of the standard library say their sources were.
  if (s.length >= 3 && s[0] === 'rustc' && /^[0-9a-f]{7,40}$/.test(s[1])) return crateIn(s, 2);
  // The rust-src component: "…/lib/rustlib/src/rust/library/core/src/…".
  for (let i = 0; i + 3 < s.length; i++) {
    if (s[i] === 'rustlib' && s[i + 1] === 'src' && s[i + 2] === 'rust') return crateIn(s, i + 3);
  }
  return undefined;
}

/** "library/core/…" → core; "src/libstd/…" (before Rust 1.47) → std. */
function crateIn(s: readonly string[], at: number): string {
  if (s[at] === 'library' && at + 2 < s.length) return s[at + 1];
  if (s[at] === 'src' && at + 2 < s.length && s[at + 1].startsWith('lib')) return s[at + 1].slice(3);
  return '';
}
