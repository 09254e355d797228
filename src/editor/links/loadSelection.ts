// Loads what a link selects — service, profile type, version, time range — from a configured source, without the
// pickers of "Load Profiles from a Source...", and remembers where it came from for "Open in …".
import * as vscode from 'vscode';
import { parseTimeSpec } from '../../sources/time-range';
import { canonicalProfileType } from '../../sources/profile-types';
import type { ProfileSelection } from '../../sources/links/selection';
import type { ProfileTypeInfo, SpanSelection, TimeRange } from '../../sources/types';
import { connectSource, fetchSelection, workspaceServices, type SourceContext } from '../sources/loadFromSource';
import type { ConfiguredSource } from '../sources/sourceSettings';

/** Remote sources show the last hour when a link gives no time range, as "Load Profiles from a Source..." does. */
const DEFAULT_SPAN_MS = 3_600_000;

/** Fetches and loads the selection from `entry`; resolves when the session shows it. */
export async function loadSelection(ctx: SourceContext, entry: ConfiguredSource, selection: ProfileSelection, spans?: SpanSelection): Promise<void> {
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
  if (selection.labels.length > 0) {
    ctx.log.warn(`the link's label filters (${selection.labels.map((m) => `${m.key}${m.op}${m.value}`).join(', ')}) are not applied: this version of PerfLens loads whole profiles`);
    void vscode.window.showWarningMessage('PerfLens: the link\'s label filters are not applied yet; the heat shows the whole profile.');
  }
  const query = { service, type: type.type, versions: selection.version ? [selection.version] : undefined, range, spans };
  const files = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `PerfLens: fetching from ${source.displayName}`, cancellable: true },
    (progress, token) => fetchSelection(ctx, source, query, progress, token),
  );
  ctx.session.setAlternatives([]);
  await ctx.session.load({ ...files, type: type.sampleType });
  ctx.recordOrigin?.({ entry, selection: { ...selection, service, type: type.type }, range, typeId: type.sourceId, files: files.sources });
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
