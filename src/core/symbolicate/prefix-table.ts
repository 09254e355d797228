// Longest-prefix lookup over path segments by hashing: a table remembers which prefix lengths it holds and probes
// only those, longest first. Used for user rules, .pyroscope.yaml mappings and learned stack roots alike.

import type { PathStyle, ProfilePath } from './profile-path';

/** Paths only share a prefix when they are anchored alike: "/app" never matches "C:/app" or relative "app". */
export function pathAnchor(style: PathStyle): string {
  switch (style) {
    case 'posix':
    case 'url':
      return '/';
    case 'windows':
      return 'W';
    case 'unc':
      return '//';
    case 'special':
      return 'S';
    default:
      return '.';
  }
}

export interface PrefixHit<T> {
  value: T;
  /** Number of leading segments the prefix covered. */
  length: number;
}

const noHits: readonly PrefixHit<never>[] = Object.freeze([]);

interface PrefixNode<T> {
  value: T | undefined;
  children: Map<string, PrefixNode<T>> | undefined;
}

/**
 * Prefixes stored as a trie of segments (one Map per node, one trie per anchor and case mode): a lookup walks the
 * path's segments once and builds no strings. Case-insensitivity belongs to the entry (a rule written for a
 * Windows path matches any case), so both tries are walked.
 */
export class PrefixTable<T> {
  private readonly exact = new Map<string, PrefixNode<T>>();
  private readonly folded = new Map<string, PrefixNode<T>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Returns false (and keeps the existing value) when the same prefix is already present. */
  set(anchor: string, segments: readonly string[], value: T, caseInsensitive = false): boolean {
    const node = this.node(anchor, segments, caseInsensitive, true)!;
    if (node.value !== undefined) return false;
    node.value = value;
    this.count++;
    return true;
  }

  get(anchor: string, segments: readonly string[], caseInsensitive = false): T | undefined {
    return this.node(anchor, segments, caseInsensitive, false)?.value;
  }

  delete(anchor: string, segments: readonly string[], caseInsensitive = false): void {
    const node = this.node(anchor, segments, caseInsensitive, false);
    if (node?.value !== undefined) {
      node.value = undefined;
      this.count--;
    }
  }

  /**
   * All prefixes of the path present in the table, longest first. An array, not a generator: this runs for every
   * distinct path of a profile, and most find nothing (then the same empty array comes back).
   */
  matches(path: ProfilePath): readonly PrefixHit<T>[] {
    if (this.count === 0) return noHits;
    const anchor = pathAnchor(path.style);
    let hits = collect(this.exact.get(anchor), path.segments, false, undefined);
    hits = collect(this.folded.get(anchor), path.segments, true, hits);
    if (!hits) return noHits;
    if (hits.length > 1) hits.sort((a, b) => b.length - a.length);
    return hits;
  }

  *values(): Generator<T> {
    const stack = [...this.exact.values(), ...this.folded.values()];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.value !== undefined) yield node.value;
      if (node.children) stack.push(...node.children.values());
    }
  }

  private node(anchor: string, segments: readonly string[], fold: boolean, create: boolean): PrefixNode<T> | undefined {
    const roots = fold ? this.folded : this.exact;
    let node: PrefixNode<T> | undefined = roots.get(anchor);
    if (!node) {
      if (!create) return undefined;
      node = { value: undefined, children: undefined };
      roots.set(anchor, node);
    }
    for (const raw of segments) {
      const segment = fold ? raw.toLowerCase() : raw;
      let child: PrefixNode<T> | undefined = node.children?.get(segment);
      if (!child) {
        if (!create) return undefined;
        node.children ??= new Map();
        node.children.set(segment, (child = { value: undefined, children: undefined }));
      }
      node = child;
    }
    return node;
  }
}

/** Appends the values met walking the trie down the segments (lower-cased when `fold`). */
function collect<T>(top: PrefixNode<T> | undefined, segments: readonly string[], fold: boolean, hits: PrefixHit<T>[] | undefined): PrefixHit<T>[] | undefined {
  let node = top;
  for (let i = 0; node; i++) {
    if (node.value !== undefined) (hits ??= []).push({ value: node.value, length: i });
    if (i >= segments.length) break;
    node = node.children?.get(fold ? segments[i].toLowerCase() : segments[i]);
  }
  return hits;
}
