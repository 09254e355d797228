/**
 * Traces and spans as label filters. Profilers that link samples to traces put the ids in sample labels —
 * `span_id` (16 hex digits) and, where they record it, `trace_id` (32) — as OpenTelemetry's Go profiling
 * integration (otel-profiling-go), Pyroscope's span profiles and OTLP profiles' trace links do; the span's name
 * (the endpoint) is `span_name`. A trace's or a span's samples are those whose labels carry its id: the same
 * selection on a local file, the store or any source whose profiles keep their labels.
 */
import type { LabelMatcher } from './labels';

export const SPAN_ID_KEY = 'span_id';
export const TRACE_ID_KEY = 'trace_id';
/** The label naming a span (its endpoint), OpenTelemetry's spelling. */
export const SPAN_NAME_KEY = 'span_name';

/** The spans and traces a selection keeps (lower-case hex ids). */
export interface SpanIds {
  readonly spanIds: readonly string[];
  readonly traceIds: readonly string[];
}

/** A span id is 16 hex digits (64 bits), a trace id 32 (128 bits), as OpenTelemetry and Pyroscope write them. */
export function readSpanOrTrace(text: string): SpanIds | { error: string } {
  const id = text.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{16}$/.test(id)) return { spanIds: [id], traceIds: [] };
  if (/^[0-9a-f]{32}$/.test(id)) return { spanIds: [], traceIds: [id] };
  return { error: `'${text.slice(0, 40)}' is not a span or trace id: a span id is 16 hex digits, a trace id 32` };
}

/** One kind of id, checked: `what` is 'span' (16 hex digits) or 'trace' (32). */
export function readId(text: string, what: 'span' | 'trace'): string | { error: string } {
  const digits = what === 'span' ? 16 : 32;
  const id = text.trim().toLowerCase().replace(/^0x/, '');
  return new RegExp(`^[0-9a-f]{${digits}}$`).test(id) ? id : { error: `'${text.slice(0, 40)}' is not a ${what} id (${digits} hex digits)` };
}

export function hasSpans(spans: SpanIds | undefined): spans is SpanIds {
  return spans !== undefined && (spans.spanIds.length > 0 || spans.traceIds.length > 0);
}

/**
 * The label matchers that keep the samples of these spans and traces: a sample passes when its span is one of the
 * spans (if any are given) and its trace one of the traces (if any). Ids are hex, so an alternation of them is an
 * exact match.
 */
export function spanMatchers(spans: SpanIds | undefined): LabelMatcher[] {
  if (!spans) return [];
  const one = (key: string, ids: readonly string[]): LabelMatcher[] => {
    if (ids.length === 0) return [];
    return ids.length === 1 ? [{ key, op: '=', value: ids[0] }] : [{ key, op: '=~', value: ids.join('|') }];
  };
  return [...one(SPAN_ID_KEY, spans.spanIds), ...one(TRACE_ID_KEY, spans.traceIds)];
}

/** "span 00f067aa0ba902b7", "trace 4bf9…", for messages. */
export function describeSpans(spans: SpanIds): string {
  return [...spans.spanIds.map((id) => `span ${id}`), ...spans.traceIds.map((id) => `trace ${id}`)].join(', ');
}
