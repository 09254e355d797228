// "PerfLens: Load Profiles from a Source...": source → service → profile type → version → time range, then the
// profiles are fetched (cancellable, with progress), kept in the extension's cache folder and loaded.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createSource, detectWorkspaceService, type FetchedProfile, type ProfileSource, type TimeRange } from '../../sources';
import { readConfig } from '../config';
import type { ProfileSession } from '../profileSession';
import { askWindow } from '../timeRange/askRange';
import { describeWindow, type RangeChoice } from '../timeRange/rangeChoice';
import { stampWindow } from '../timeRange/stampWindow';
import type { CredentialStore } from './credentialStore';
import { configuredSources, credentialOrigin, type ConfiguredSource } from './sourceSettings';

export interface SourceContext {
  readonly session: ProfileSession;
  readonly credentials: CredentialStore;
  readonly cacheDir: string;
  readonly log: vscode.LogOutputChannel;
  /** The session's time range ("PerfLens: Select Time Range...", the flame graph's timeline), offered first. */
  readonly sessionRange?: () => RangeChoice;
}

/** A ProfileSource for a configured entry, with its saved credentials (only for its own origin) and the disk cache. */
export async function openSource(ctx: SourceContext, entry: ConfiguredSource): Promise<ProfileSource> {
  const origin = credentialOrigin(entry.config);
  const config = readConfig();
  return createSource(entry.config, {
    credentials: origin ? await ctx.credentials.get(origin) : undefined,
    cacheDir: join(ctx.cacheDir, 'remote'),
    limits: config.limits,
    onWarning: (w) => ctx.log.warn(w),
    requestTimeoutMs: 60_000,
  });
}

export async function pickSource(title: string, log?: vscode.LogOutputChannel): Promise<ConfiguredSource | undefined> {
  const { sources, problems } = configuredSources();
  for (const p of problems) {
    log?.warn(p);
    void vscode.window.showWarningMessage(`PerfLens: ${p}`);
  }
  if (sources.length === 1) return sources[0];
  const pick = await vscode.window.showQuickPick(sources.map((s) => ({ label: s.name, description: s.config.kind, detail: s.url, s })), { title, placeHolder: 'Where are the profiles?', ignoreFocusOut: true });
  return pick?.s;
}

async function pick<T>(title: string, items: (vscode.QuickPickItem & { value: T })[], placeHolder: string): Promise<T | undefined> {
  if (items.length === 1) return items[0].value;
  return (await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true }))?.value;
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
  const source = await openSource(ctx, entry);
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
    const text = await vscode.window.showInputBox({ title, prompt: 'Capture for how many seconds?', value: '10', validateInput: (v) => (/^\d+$/.test(v) && +v > 0 && +v <= 300 ? undefined : 'A whole number of seconds, 1 to 300') });
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

  const fetched = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `PerfLens: ${live ? `capturing ${seconds} s from` : 'fetching from'} ${source.displayName}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      return source.fetchProfiles({ service, type: type.type, versions, range, seconds }, {
        signal: abort.signal,
        onProgress: (e) => {
          const increment = e.fraction !== undefined ? Math.max(0, e.fraction * 100 - last) : undefined;
          if (e.fraction !== undefined) last = e.fraction * 100;
          progress.report({ message: e.message, increment });
        },
      });
    },
  );
  // The server's own time stamps on a merged window can mislead (Pyroscope's is the window's end): the kept file
  // says the window it was fetched for, which is what the status bar shows.
  const max = readConfig().limits.maxDecompressedBytes;
  const windowed = range ? fetched.map((f) => (f.durationMs ? { ...f, bytes: stampWindow(f.bytes, f.timeMs, f.timeMs + f.durationMs, max) } : f)) : fetched;
  const files = await keepFiles(ctx.cacheDir, windowed, entry.config.kind === 'store');
  const version = versions?.length === 1 ? versions[0] : fetched.every((f) => f.version === fetched[0].version) ? fetched[0].version : undefined;
  ctx.session.setAlternatives([]);
  await ctx.session.load(files, type.sampleType, { service, version: version === 'unknown' ? undefined : version });
}

function rank(preferred: string[], service: string): number {
  const i = preferred.indexOf(service);
  return i < 0 ? preferred.length : i;
}

/** Store profiles are read where they are (their origin is their path); fetched bytes are written once into the cache folder (by content). */
export async function keepFiles(cacheDir: string, fetched: readonly FetchedProfile[], fromStore: boolean): Promise<string[]> {
  if (fromStore) return fetched.map((f) => f.origin);
  const dir = join(cacheDir, 'fetched');
  await mkdir(dir, { recursive: true });
  return Promise.all(fetched.map(async (f) => {
    const name = `${createHash('sha256').update(f.bytes).digest('hex').slice(0, 32)}.pb${f.gzipped ? '.gz' : ''}`;
    const path = join(dir, name);
    await writeFile(path, f.bytes);
    return path;
  }));
}

async function withProgress<T>(message: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `PerfLens: ${message}` }, () => run(new AbortController().signal));
}
