// "PerfLens: Profile of a Trace or Span...": the heat and flame graph of just one span's (or trace's) samples. On
// profiles loaded from Pyroscope, its span profile query on the server; on everything else (a file, the store, a
// live pprof endpoint) the loaded files again with the span's label filter (span_id / trace_id), applied in the
// profile worker.
import { askText } from '../prompts';
import { describeSpans, readSpanOrTrace, spanMatchers } from '../../core/query/spans';
import type { SourceContext } from '../sources/loadFromSource';
import type { LoadOrigins } from './loadOrigin';
import { loadSelection } from './loadSelection';

export async function profileOfSpan(ctx: SourceContext, origins: LoadOrigins, arg?: { id?: unknown }): Promise<void> {
  const shown = ctx.session.shown;
  if (!shown) throw new Error('load a profile first (a file, the store or a source): a span\'s samples are selected from the loaded profiles');
  const origin = origins.current;
  const text = typeof arg?.id === 'string' ? arg.id : await askText({
    title: 'PerfLens: Profile of a Trace or Span',
    prompt: `The samples of one span or trace in the loaded ${shown.type} profile${shown.sources.length === 1 ? '' : 's'}`,
    placeHolder: 'span id (16 hex digits) or trace id (32 hex digits)',
    validateInput: (v) => { const r = readSpanOrTrace(v); return 'error' in r ? r.error : undefined; },
    ignoreFocusOut: true,
  });
  if (text === undefined) return;
  const spans = readSpanOrTrace(text);
  if ('error' in spans) throw new Error(spans.error);
  if (origin && origin.entry.config.kind !== 'store') {
    ctx.log.info(`loading the profile of ${describeSpans(spans)} from ${origin.entry.name}`);
    const { selection, range } = origin;
    await loadSelection(ctx, origin.entry, range ? { ...selection, from: String(range.fromMs), to: String(range.toMs) } : selection, spans);
    return;
  }
  // The shown files again, with the span's filter in place of the label filter shown before: a span's samples are
  // all of its samples, whatever endpoint or span the view was filtered to.
  ctx.log.info(`selecting the samples of ${describeSpans(spans)} in the loaded profiles`);
  await ctx.session.load({ ...shown, labels: spanMatchers(spans) });
}
