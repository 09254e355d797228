// Loads what a link selects — service, profile type, version, time range, label filters, a span or trace — from a
// configured source, without the pickers of "Load Profiles from a Source...", and remembers where it came from for
// "Open in …". Pyroscope selects a span's samples on the server (its span profiles); everywhere else the span and
// the label filters select samples by their labels in the profile worker, so the heat and the flame graph show
// those samples only, and the status bar says which filter is on.
import * as vscode from 'vscode';
import { parseTimeSpec } from '../../sources/time-range';
import { canonicalProfileType } from '../../sources/profile-types';
import type { ProfileSelection } from '../../sources/links/selection';
import { hasSpans, spanMatchers } from '../../core/query/spans';
import type { SpanIds } from '../../core/query/spans';
import type { FrameFilter } from '../../core/query/filters';
import type { ProfileTypeInfo, TimeRange } from '../../sources/types';
import { connectSource, fetchSelection, workspaceServices, type SourceContext } from '../sources/loadFromSource';
import type { ConfiguredSource } from '../sources/sourceSettings';

/** Remote sources show the last hour when a link gives no time range, as "Load Profiles from a Source..." does. */
const DEFAULT_SPAN_MS = 3_600_000;

/**
 * Fetches and loads the selection from `entry`; resolves when the session shows it.
 * @param frames the frame filter to show it under ({}: none); undefined keeps the one shown
 */
export async function loadSelection(ctx: SourceContext, entry: ConfiguredSource, selection: ProfileSelection, spans?: SpanIds, frames?: FrameFilter): Promise<void> {
  const source = await connectSource(ctx, entry);
  const remote = entry.config.kind !== 'store';
  const services = await source.listServices();
  const preferred = workspaceServices();
  const service = selection.service ?? (services.length === 1 ? services[0] : preferred.find((s) => services.includes(s)));
  if (service === undefined) throw new Error(`the link names no service, and ${source.displayName} has ${services.length}: ${services.slice(0, 10).join(', ')}`);
  if (!services.includes(service)) throw new Error(`${source.displayName} has no service '${service}'${services.length ? ` (it has ${services.slice(0, 10).join(', ')})` : ''}`);
  const types = await source.listProfileTypes(service);
  const type = pickType(types, selection.type);
  if (!type) throw new Error(`${source.displayName} has no '${selection.type}' profiles for ${service} (it has ${types.map((t) => t.type).join(', ') || 'none'})`);
  const range = rangeOf(selection, remote);
  // Whole profiles keep their sample labels on the store and live pprof endpoints: filtered in the worker.
  // Pyroscope and Parca select the samples in their query: their merged profiles keep no labels to filter on.
  const serverSpans = entry.config.kind === 'pyroscope' && hasSpans(spans);
  const labels = [...selection.labels, ...(serverSpans ? [] : spanMatchers(spans))];
  const query = { service, type: type.type, versions: selection.version ? [selection.version] : undefined, range, ...(serverSpans ? { spans } : {}), ...(remote && labels.length > 0 ? { labels } : {}) };
  const files = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `PerfLens: fetching from ${source.displayName}`, cancellable: true },
    (progress, token) => fetchSelection(ctx, source, query, progress, token),
  );
  ctx.session.setAlternatives([]);
  // The link's filter replaces the one shown (none: no label filter); a store's or a live endpoint's in the worker.
  await ctx.session.load({ sources: files.sources, hints: files.hints, fromStore: files.fromStore, type: type.sampleType, labels: files.labels ?? labels, fetchedWith: files.fetchedWith, ...(frames ? { frames } : {}) });
  ctx.recordOrigin?.({ entry, selection: { ...selection, service, type: type.type }, range, typeId: type.sourceId, selector: files.selector, files: files.sources });
}

/** The source's type for a canonical name or a backend id (default: CPU, else the first). */
function pickType(types: readonly ProfileTypeInfo[], wanted: string | undefined): ProfileTypeInfo | undefined {
  if (wanted === undefined) return types.find((t) => t.type === 'cpu') ?? types[0];
  const canonical = canonicalProfileType(wanted) ?? wanted;
  return types.find((t) => t.type === canonical) ?? types.find((t) => t.sourceId === wanted);
}

function rangeOf(selection: ProfileSelection, remote: boolean): TimeRange | undefined {
  const now = Date.now();
  if (selection.from === undefined && selection.to === undefined) return remote ? { fromMs: now - DEFAULT_SPAN_MS, toMs: now } : undefined;
  const toMs = selection.to === undefined ? now : parseTimeSpec(selection.to, now);
  const fromMs = selection.from === undefined ? (toMs ?? now) - DEFAULT_SPAN_MS : parseTimeSpec(selection.from, now);
  if (fromMs === undefined || toMs === undefined || fromMs >= toMs) throw new Error(`the link's time range ${selection.from ?? ''} .. ${selection.to ?? ''} is not a range`);
  return { fromMs, toMs };
}
