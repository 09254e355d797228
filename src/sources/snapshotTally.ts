/**
 * Counting a remote source's in-use snapshots per time bucket (ProfileSource.snapshotCounts): the profiles each
 * series (one process, as the server keys it) has in each bucket, from what the server's series calls answer.
 */
import type { SnapshotCounts } from './types';

/** The start of the bucket of `widthMs` (aligned to the epoch) that holds `timeMs`. */
export function bucketStartOf(timeMs: number, widthMs: number): number {
  return Math.floor(timeMs / widthMs) * widthMs;
}

/** A series' identity: its labels, sorted. */
export function seriesKey(labels: ReadonlyMap<string, string>): string {
  return JSON.stringify([...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export class SnapshotTally {
  private readonly perBucket = new Map<number, Map<string, number>>();

  add(bucketStartMs: number, series: string, profiles: number): void {
    if (!(profiles > 0)) return;
    let bySeries = this.perBucket.get(bucketStartMs);
    if (!bySeries) this.perBucket.set(bucketStartMs, (bySeries = new Map()));
    bySeries.set(series, (bySeries.get(series) ?? 0) + profiles);
  }

  counts(how: string): SnapshotCounts {
    return { buckets: this.perBucket, how };
  }
}
