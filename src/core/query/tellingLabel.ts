/**
 * Which label says best where a function's cost comes from, for the hover's "Spent in (endpoint): GET /search 82%":
 * the span name when samples carry one; else the first request-like key (endpoint, http.route, route, handler...)
 * with several values; else the key on the most cost with 2 to MAX_VALUES values (ids, and keys with thousands of
 * values, tell nothing per value). A key whose values the filter pinned to one is no answer.
 */
import type { Strings } from '../aggregate/mergedStrings';
import { summarizeLabels } from './labelsSummary';
import type { LabelSetTable } from '../model/types';
import { SPAN_NAME_KEY } from './spans';

/** Keys services name their requests by, most telling first. */
export const REQUEST_KEYS: readonly string[] = [SPAN_NAME_KEY, 'endpoint', 'http.route', 'http_route', 'route', 'handler', 'operation', 'rpc.method', 'method'];

const MAX_VALUES = 50;
/** Ids (span_id, trace_id, request.id, pod_uid) name one request or thing each: never telling. */
const ID_KEY = /(^|[._-])(id|uid|uuid)$/i;
/** A key that is on less of the cost than this explains too little of it. */
const MIN_COVER = 0.2;

/** @param setCost per label set, the selection's cost with it (Selection.labelSetValue) */
export function tellingLabelKey(sets: LabelSetTable, strings: Strings, setCost: Float64Array): string | undefined {
  const summary = summarizeLabels(sets, strings, setCost, undefined, { topValues: 0 });
  const telling = summary.keys.filter((k) => !ID_KEY.test(k.key) && k.valueCount >= 2 && k.valueCount <= MAX_VALUES && k.cost >= MIN_COVER * summary.total);
  for (const key of REQUEST_KEYS) if (telling.some((k) => k.key === key)) return key;
  return telling[0]?.key;
}
