// "PerfLens: Load Profiles from a Source...": source → service → profile type → version → time range, then the
// profiles are fetched (cancellable, with progress), kept in the extension's cache folder and loaded. A local store's
// files are listed, not fetched: they are loaded where they are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { pickOne, askText } from '../prompts';
import { makeSource, detectWorkspaceService, StoreSource, type FetchQuery, type ProfileSource, type TimeRange } from '../../sources';
import type { ProfileSelection } from '../../shared/profileSelection';
import { readConfig } from '../config';
import type { LocalStores } from '../localStores';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import type { ProfileSession } from '../profileSession';
import { askWindow } from '../timeRange/askRange';
import { ownBuffer } from '../workerDescriber';
import { describeWindow, type RangeChoice } from '../timeRange/rangeChoice';
import type { LoadOrigin } from '../links/loadOrigin';
import type { CredentialStore } from './credentialStore';
import { configuredSources, credentialOrigin, type ConfiguredSource } from './sourceSettings';

export interface SourceContext {
  readonly session: ProfileSession;
  readonly analyzer: ProfileAnalyzer;
  readonly stores: LocalStores;
  readonly credentials: CredentialStore;
  readonly cacheDir: string;
  readonly log: vscode.LogOutputChannel;
  /** The session's time range ("PerfLens: Select Time Range...", the flame graph's timeline), offered first. */
  readonly sessionRange?: () => RangeChoice;
  /** Told what a remote load selected, for "Open in Pyroscope / Grafana / Parca" (editor/links). */
  readonly recordOrigin?: (origin: LoadOrigin) => void;
}

/**
 * A ProfileSource for a configured entry: the window's StoreSource of a store folder, or a remote source with its saved
 * credentials (only for its own origin) and the disk cache.
 */
export async function connectSource(ctx: SourceContext, entry: ConfiguredSource): Promise<ProfileSource> {
  if (entry.config.kind === 'store') return ctx.stores.at(entry.config.root);
  const origin = credentialOrigin(entry.config);
  const config = readConfig();
  return makeSource(entry.config, {
    describe: ctx.stores.describe,
    credentials: origin ? await ctx.credentials.get(origin) : undefined,
    cacheDir: join(ctx.cacheDir, 'remote'),
    limits: config.limits,
    onWarning: (w) => ctx.log.warn(w),
    requestTimeoutMs: 60_000,
  });
}

/** @param among only these of the configured sources (default: all); asked even when one is left */
/** Whose data a source reads on its server, for the picker (two tenants of one URL look alike otherwise). */
function sourceScopeText(c: ConfiguredSource['config']): string {
  return c.kind === 'pyroscope' && c.tenant ? ` · tenant ${c.tenant}` : c.kind === 'parca' && c.projectId ? ` · project ${c.projectId}` : '';
}

export async function pickSource(title: string, log?: vscode.LogOutputChannel, ask?: { readonly placeHolder: string; readonly among?: (s: ConfiguredSource) => boolean }): Promise<ConfiguredSource | undefined> {
  const { sources: all, problems } = configuredSources();
  for (const p of problems) {
    log?.warn(p);
    void vscode.window.showWarningMessage(`PerfLens: ${p}`);
  }
  const sources = ask?.among ? all.filter(ask.among) : all;
  if (sources.length === 1 && !ask) return sources[0];
  const pick = await pickOne(sources.map((s) => ({ label: s.name, description: s.config.kind, detail: `${s.url}${sourceScopeText(s.config)}`, s })), { title, placeHolder: ask?.placeHolder ?? 'Where are the profiles?', ignoreFocusOut: true });
  return pick?.s;
}

async function pick<T>(title: string, items: (vscode.QuickPickItem & { value: T })[], placeHolder: string): Promise<T | undefined> {
  if (items.length === 1) return items[0].value;
  return (await pickOne(items, { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true }))?.value;
}

/** The service the open workspace is, as far as it says (setting, go.mod, package.json, pyproject.toml). */
export function workspaceServices(): string[] {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) return [];
  const setting = vscode.workspace.getConfiguration('perflens').get<string>('service') || undefined;
  const guess = detectWorkspaceService((rel) => {
    try { return readFileSync(join(folder.uri.fsPath, rel), 'utf8'); } catch { return undefined; }
  }, setting);
  return guess ? [guess.name, ...guess.alternatives] : [];
}

export async function loadFromSource(ctx: SourceContext, entry?: ConfiguredSource): Promise<void> {
  const title = 'PerfLens: load profiles';
  entry ??= await pickSource(title, ctx.log);
  if (!entry) return;
  const source = await connectSource(ctx, entry);
  const live = entry.config.kind === 'pprof-http';

  const services = live ? [entry.name] : await withProgress(`listing services of ${source.displayName}`, (signal) => source.listServices({ signal }));
  if (services.length === 0) throw new Error(`${source.displayName} has no services${entry.config.kind === 'store' ? ' yet: drop pprof files into it or run `perflens collect`' : ''}.`);
  const preferred = workspaceServices();
  const ordered = [...services].sort((a, b) => rank(preferred, a) - rank(preferred, b) || a.localeCompare(b));
  const service = await pick(title, ordered.map((s) => ({ label: s, description: preferred.includes(s) ? 'this workspace' : undefined, value: s })), 'Which service?');
  if (!service) return;

  const types = await withProgress('listing profile types', (signal) => source.listProfileTypes(live ? undefined : service, { signal }));
  const type = await pick(title, types.map((t) => ({ label: t.type, description: t.unit, detail: t.sourceId !== t.type ? t.sourceId : undefined, value: t })), 'Which profile type?');
  if (!type) return;

  let versions: string[] | undefined;
  let range: TimeRange | undefined;
  let seconds: number | undefined;
  if (live) {
    const text = await askText({ title, prompt: 'Capture for how many seconds?', value: '10', validateInput: (v) => (/^\d+$/.test(v) && +v > 0 && +v <= 300 ? undefined : 'A whole number of seconds, 1 to 300') });
    if (!text) return;
    seconds = Number(text);
  } else {
    const known = await withProgress('listing versions', (signal) => source.listVersions(service, { signal, type: type.type }));
    const newestFirst = [...known].reverse();
    const chosen = await pick(title, [
      ...newestFirst.map((v) => ({ label: v.version, description: v.lastSeenMs ? `last seen ${new Date(v.lastSeenMs).toISOString().slice(0, 16).replace('T', ' ')} UTC` : undefined, value: [v.version] })),
      { label: 'All versions', description: 'merged', value: [] as string[] },
    ], 'Which version?');
    if (!chosen) return;
    versions = chosen.length > 0 ? chosen : undefined;
    if (entry.config.kind !== 'store') {
      range = await askWindow(title, ctx.sessionRange?.());
      if (!range) return;
      ctx.log.info(`fetching ${type.type} of ${service} from ${source.displayName} for ${describeWindow(range.fromMs, range.toMs)}`);
    }
  }

  // The active label filter: Pyroscope and Parca select its samples on the server, the others' in the worker.
  const labels = ctx.session.filter.labels;
  const query = { service, type: type.type, versions, range, seconds, ...(labels.length > 0 && !live && entry.config.kind !== 'store' ? { labels } : {}) };
  const selection = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `PerfLens: ${live ? `capturing ${seconds} s from` : 'fetching from'} ${source.displayName}`, cancellable: true },
    (progress, token) => fetchSelection(ctx, source, query, progress, token),
  );
  ctx.session.setAlternatives([]);
  await ctx.session.load({ sources: selection.sources, hints: selection.hints, fromStore: selection.fromStore, type: type.sampleType, labels: selection.labels, fetchedWith: selection.fetchedWith });
  ctx.recordOrigin?.({ entry, selection: { service, type: type.type, version: versions?.length === 1 ? versions[0] : undefined, labels: [...labels] }, range, typeId: type.sourceId, selector: selection.selector, files: selection.sources });
}

/**
 * The files of a query, as a selection: a store's listed where they are; a remote source's fetched (cancellable,
 * with progress) and kept in the cache folder by the profile worker — stamped with the window they were fetched for,
 * since the server's own time stamps on a merged window can mislead (Pyroscope's is the window's end).
 */
export async function fetchSelection(
  ctx: SourceContext, source: ProfileSource, query: FetchQuery, progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken,
): Promise<ProfileSelection & { readonly selector?: string; readonly labelsApplied?: boolean }> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  try {
    if (source instanceof StoreSource) {
      const files = await source.listFiles(query, { signal: abort.signal });
      const versions = new Set(files.map((f) => f.version));
      return { sources: files.map((f) => f.path), hints: hintsOf(query.service, versions), fromStore: true };
    }
    let last = 0;
    const fetched = await source.fetchProfiles(query, {
      signal: abort.signal,
      onProgress: (e) => {
        const increment = e.fraction !== undefined ? Math.max(0, e.fraction * 100 - last) : undefined;
        if (e.fraction !== undefined) last = e.fraction * 100;
        progress.report({ message: e.message, increment });
      },
    });
    const dir = join(ctx.cacheDir, 'fetched');
    const { maxDecompressedBytes } = readConfig().limits;
    const sources = await Promise.all(fetched.map(async (f) => {
      // Moved to the worker, not copied: the extension host keeps no fetched bytes.
      const bytes = ownBuffer(f.bytes);
      const window = query.range && f.durationMs ? { fromMs: f.timeMs, toMs: f.timeMs + f.durationMs } : undefined;
      const kept = await ctx.analyzer.request('keepFetched', { bytes, window, dir, maxDecompressedBytes }, { transfer: [bytes], signal: abort.signal });
      return kept.path;
    }));
    const selectors = new Set(fetched.map((f) => f.selector));
    const selector = selectors.size === 1 ? [...selectors][0] : undefined;
    // The server selected the samples (Pyroscope, Parca): its merged profiles carry no labels left to filter on.
    const asked = query.labels ?? [];
    const applied = asked.length > 0 && fetched.length > 0 && fetched.every((f) => f.labels !== undefined);
    return {
      sources, hints: hintsOf(query.service, new Set(fetched.map((f) => f.version))), ...(selector ? { selector } : {}),
      ...(asked.length > 0 ? (applied ? { labels: [], fetchedWith: asked } : { labels: asked }) : {}),
    };
  } finally {
    subscription.dispose();
  }
}

/** The service, and the version when all files have one and the same. */
function hintsOf(service: string, versions: ReadonlySet<string>): ProfileSelection['hints'] {
  const [only] = versions;
  return { service, version: versions.size === 1 && only !== 'unknown' ? only : undefined };
}

function rank(preferred: string[], service: string): number {
  const i = preferred.indexOf(service);
  return i < 0 ? preferred.length : i;
}

async function withProgress<T>(message: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `PerfLens: ${message}` }, () => run(new AbortController().signal));
}
