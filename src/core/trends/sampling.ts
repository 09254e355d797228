/**
 * Bounded work on a long history: at most `cap` profiles, spread over the buckets — each bucket keeps up to
 * cap / buckets of its profiles, evenly spaced in time — so a store of 10^5 files is read as a few thousand and
 * every hour (or day, or version) of it is still represented. Says what it kept.
 */

export interface Sampled<T> {
  readonly kept: T[];
  /** How many there were, and the most any bucket kept (Infinity when nothing was dropped). */
  readonly of: number;
  readonly perBucket: number;
}

/** `bucketOf` gives each item's bucket (items with -1 are dropped); the items of a bucket are kept in their order. */
export function sampleEvenly<T>(items: readonly T[], bucketOf: (item: T) => number, cap: number): Sampled<T> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const b = bucketOf(item);
    if (b < 0) continue;
    const g = groups.get(b);
    if (g) g.push(item);
    else groups.set(b, [item]);
  }
  const inBuckets = [...groups.values()].reduce((n, g) => n + g.length, 0);
  if (inBuckets <= cap) return { kept: [...groups.keys()].sort((a, b) => a - b).flatMap((b) => groups.get(b)!), of: inBuckets, perBucket: Infinity };
  const perBucket = Math.max(1, Math.floor(cap / groups.size));
  const kept: T[] = [];
  for (const b of [...groups.keys()].sort((x, y) => x - y)) {
    const g = groups.get(b)!;
    if (g.length <= perBucket) kept.push(...g);
    else for (let i = 0; i < perBucket; i++) kept.push(g[Math.floor(((i + 0.5) * g.length) / perBucket)]);
  }
  return { kept, of: inBuckets, perBucket };
}
