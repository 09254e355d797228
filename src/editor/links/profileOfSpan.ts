// "PerfLens: Profile of a Trace or Span...": the heat and flame graph of just one span's (or trace's) samples.
// Server-side for Pyroscope (its span profile query), on the source and selection the profiles were loaded from.
import * as vscode from 'vscode';
import type { SourceContext } from '../sources/loadFromSource';
import type { LoadOrigins } from './loadOrigin';
import { loadSelection } from './loadSelection';

/** A span id is 16 hex digits (64 bits), a trace id 32 (128 bits), as OpenTelemetry and Pyroscope write them. */
export function readSpanOrTrace(text: string): { spanIds: string[]; traceIds: string[] } | string {
  const id = text.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{16}$/.test(id)) return { spanIds: [id], traceIds: [] };
  if (/^[0-9a-f]{32}$/.test(id)) return { spanIds: [], traceIds: [id] };
  return 'a span id is 16 hex digits, a trace id 32';
}

export async function profileOfSpan(ctx: SourceContext, origins: LoadOrigins, arg?: { id?: unknown }): Promise<void> {
  const origin = origins.current;
  if (!origin || origin.entry.config.kind !== 'pyroscope') {
    throw new Error('the profile of a span comes from Pyroscope: load profiles from a Pyroscope (or Grafana) source first (profiles from other sources are filtered by their span_id label with the label filters)');
  }
  const text = typeof arg?.id === 'string' ? arg.id : await vscode.window.showInputBox({
    title: 'PerfLens: Profile of a Trace or Span',
    prompt: `The samples of one span or trace in ${origin.selection.service ?? 'the service'}'s ${origin.selection.type ?? ''} profiles`,
    placeHolder: 'span id (16 hex digits) or trace id (32 hex digits)',
    validateInput: (v) => { const r = readSpanOrTrace(v); return typeof r === 'string' ? r : undefined; },
    ignoreFocusOut: true,
  });
  if (text === undefined) return;
  const spans = readSpanOrTrace(text);
  if (typeof spans === 'string') throw new Error(`'${text.slice(0, 40)}' is not a span or trace id: ${spans}`);
  ctx.log.info(`loading the profile of ${spans.spanIds.length ? `span ${spans.spanIds[0]}` : `trace ${spans.traceIds[0]}`} from ${origin.entry.name}`);
  const { selection, range } = origin;
  await loadSelection(ctx, origin.entry, range ? { ...selection, from: String(range.fromMs), to: String(range.toMs) } : selection, spans);
}
