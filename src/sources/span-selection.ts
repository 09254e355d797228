/** Sources that cannot select a trace's or span's samples on the server say so, rather than answer with all. */
import { SourceError } from './errors';
import type { FetchQuery } from './types';

export function refuseSpans(query: FetchQuery, source: string): void {
  const s = query.spans;
  if (s && ((s.spanIds?.length ?? 0) > 0 || (s.traceIds?.length ?? 0) > 0)) {
    throw new SourceError('config', source, 'this source cannot select the samples of a span or trace', 'Load its profiles and filter them by their span_id / trace_id labels instead.');
  }
}
