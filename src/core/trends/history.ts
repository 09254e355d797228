/**
 * A history of profiles → trends, in one call: each profile summarized with the engine (one model per profile,
 * select, flatCum), placed in buckets by time or version, and every function (or line) tested. Callers with
 * cached summaries (the profile worker, `perflens trend`) use summary.ts, buckets.ts and rising.ts directly.
 */
import { buildModel } from '../model/buildModel';
import type { Profile } from '../profile/model';
import { select } from '../query/select';
import type { ProfileQuery } from '../query/types';
import { assignBuckets, type BucketBy, type ProfileStamp } from './buckets';
import { keyTrends, trendTable, type RisingOptions, type Trends, type TrendTable } from './rising';
import { KeyIndex, summarize, type CostSummary, type SummaryBy } from './summary';

export interface HistoryProfile extends ProfileStamp {
  readonly profile: Profile;
}

export interface HistoryTrends extends Trends {
  readonly table: TrendTable;
  readonly index: KeyIndex;
}

export function summarizeProfile(profile: Profile, query: ProfileQuery, by: SummaryBy, index: KeyIndex): CostSummary {
  return summarize(select(buildModel([profile]), query), by, index);
}

export function historyTrends(history: readonly HistoryProfile[], bucketBy: BucketBy, query: ProfileQuery, by: SummaryBy, options: RisingOptions = {}): HistoryTrends {
  const index = new KeyIndex();
  const summaries = history.map((h) => summarizeProfile(h.profile, query, by, index));
  const table = trendTable(summaries, assignBuckets(history, bucketBy), index.size);
  return { ...keyTrends(table, options), table, index };
}
