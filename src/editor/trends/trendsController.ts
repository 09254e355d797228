// The loaded service's trends: when a profile from a local store is shown, the profile worker is asked (in the
// background) for every function's share over the last 14 days of that store, in at most 14 round time buckets;
// from a Pyroscope or Parca source, the same span is asked of the server as one merged profile per bucket (a
// bounded number of calls: sources/remoteBuckets.ts adaptiveBuckets), summarized by the worker — while the Trends
// view is on screen, when it comes on screen, or when a function hover wants a sparkline. The hover and the
// Hotspots view show a function's series as a sparkline, the Trends view the rising functions. Nothing is decoded
// or computed here.
import * as vscode from 'vscode';
import { functionKey } from '../../core/diff/functionKey';
import { describeSpan } from '../../core/trends/bucketWidth';
import { sparkline } from '../../core/trends/sparkline';
import type { TrendsView } from '../../shared/trendsProtocol';
import type { FunctionCost } from '../../shared/workspaceProfile';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import type { ProfileSession } from '../profileSession';
import type { StoreContext } from '../timeRange/storeContext';
import { defaultSummaryCacheFile } from '../../sources/summaryCacheFile';
import { ServiceAnswer } from './serviceAnswer';
import { adaptiveBuckets } from '../../sources/remoteBuckets';
import type { LabelMatcher } from '../../core/query/labels';
import type { ProfileSource } from '../../sources/types';
import { ownBuffer } from '../workerDescriber';
import { RemoteReuse, REMOTE_REUSE_MS } from './remoteReuse';

/** The remote source (Pyroscope, Parca) the shown profiles were loaded from, and what was asked of it. */
export interface RemoteOrigin {
  connect(): Promise<ProfileSource>;
  /** The source's name in the user's settings, for messages. */
  readonly name: string;
  readonly service: string;
  /** The source's type (canonical or its own id), as FetchQuery.type. */
  readonly type: string;
  readonly labels: readonly LabelMatcher[];
}

export const SPAN_MS = 14 * 24 * 3_600_000;
export const BUCKETS = 14;

/** A function's series, ready to show: `cpu share, 14 days ▁▁▂▂▃▅▇`. */
export interface FunctionTrend {
  readonly caption: string;
  readonly sparkline: string;
  readonly shares: readonly number[];
}

export interface LoadedTrends {
  readonly view: TrendsView;
  readonly type: string;
  readonly service: string;
  /** functionKey → index into view.keys. */
  readonly keyIndex: ReadonlyMap<string, number>;
}

export class TrendsController extends ServiceAnswer<LoadedTrends> {
  private readonly remoteAnswer = new RemoteReuse<LoadedTrends>();
  /**
   * The loaded profile a hover asked a remote source's trends for while the Trends view was closed (the view's
   * visibility no longer decides for it), and when: asked again only after REMOTE_REUSE_MS when that failed.
   */
  private hoverAsk: { readonly profile: object; readonly atMs: number } | undefined;

  constructor(
    private readonly session: ProfileSession,
    private readonly analyzer: ProfileAnalyzer,
    private readonly storeContext: () => StoreContext | undefined,
    log: vscode.LogOutputChannel,
    private readonly remoteOrigin: () => RemoteOrigin | undefined = () => undefined,
    /** Whether the Trends view is on screen: a remote source is asked only then (its merges are the server's work). */
    private readonly remoteWanted: () => boolean = () => true,
  ) {
    super(session, log, 'trends');
  }

  protected async ask(signal: AbortSignal): Promise<LoadedTrends | undefined> {
    const profile = this.session.current?.profile;
    if (!profile) return undefined;
    // Profiles loaded from a remote source are that source's history, wherever their files are kept.
    const remote = this.remoteOrigin();
    if (remote) return this.remoteWanted() || this.hoverAsk?.profile === profile ? this.askRemote(remote, profile.type, signal) : undefined;
    const ctx = this.storeContext();
    if (!ctx) return undefined;
    const view = await this.analyzer.request('trends', {
      root: ctx.root, service: ctx.service, type: ctx.type, sampleType: profile.type,
      untilMs: Date.now(), spanMs: SPAN_MS, buckets: BUCKETS, cacheFile: defaultSummaryCacheFile(ctx.root),
    }, { priority: 'background', lane: 'trends', signal });
    this.log.info(`trends of ${ctx.service} (${profile.type}): ${view.profiles} profiles, ${view.bucketStarts.length} buckets, ${view.rising.length} rising${view.notes.length ? `; ${view.notes.join('; ')}` : ''}`);
    return { view, type: profile.type, service: ctx.service, keyIndex: new Map(view.keys.map((k, i) => [k, i])) };
  }

  /** The span's buckets fetched here (network only), summarized by the worker (the bytes are transferred). */
  private async askRemote(remote: RemoteOrigin, sampleType: string, signal: AbortSignal): Promise<LoadedTrends> {
    const source = await remote.connect();
    const key = JSON.stringify([source.id, remote.service, remote.type, remote.labels, sampleType]);
    const reused = this.remoteAnswer.get(key);
    if (reused) return reused;
    const untilMs = Date.now();
    const found = await adaptiveBuckets(source, { service: remote.service, type: remote.type, labels: remote.labels, range: { fromMs: untilMs - SPAN_MS, toMs: untilMs }, buckets: BUCKETS },
      (m) => this.log.warn(`trends: ${m}`), signal);
    const buckets = found.buckets.map((b) => ({ startMs: b.startMs, origin: b.origin, bytes: b.bytes && ownBuffer(b.bytes) }));
    const view = await this.analyzer.request('trends', {
      remote: { buckets, widthMs: found.widthMs, fromMs: found.range.fromMs, toMs: found.range.toMs, notes: found.notes }, sampleType,
    }, { priority: 'background', lane: 'trends', signal, transfer: buckets.flatMap((b) => (b.bytes ? [b.bytes] : [])) });
    this.log.info(`trends of ${remote.service} (${sampleType}) from ${source.displayName}: ${view.profiles} buckets with profiles, ${view.rising.length} rising; ${view.notes.join('; ')}`);
    return this.remoteAnswer.set(key, { view, type: sampleType, service: remote.service, keyIndex: new Map(view.keys.map((k, i) => [k, i])) });
  }

  /** The remote source whose answer is on its way, by its name (for the view's message meanwhile). */
  get askingRemote(): string | undefined {
    return this.asking && this.session.current ? this.remoteOrigin()?.name : undefined;
  }

  /** The Trends view came on screen: a remote source's trends not asked yet are asked now. */
  wantedNow(): void {
    if (this.session.current && this.remoteOrigin() && !this.remoteAnswer.holds(this.current)) void this.refresh();
  }

  /**
   * For the function hover: the function's trend; or, when the shown profiles come from a remote source whose trends
   * were not asked (the Trends view is closed), they are asked now in the background — the hover does not wait —
   * and what it shows meanwhile says so (the next hover, and the Hotspots view, show the sparkline).
   */
  trendForHover(fn: Pick<FunctionCost, 'name' | 'profileFile'>): FunctionTrend | string | undefined {
    const found = this.trendOf(fn);
    const profile = this.session.current?.profile;
    const remote = profile && !this.current ? this.remoteOrigin() : undefined;
    if (found || !profile || !remote) return found;
    const asking = `${profile.type} share, ${describeSpan(SPAN_MS)}: asking ${remote.name}… (hover again to see it)`;
    // An ask on its way (the view's, or an earlier hover's) is not started again.
    if (this.asking) return asking;
    const asked = this.hoverAsk?.profile === profile ? this.hoverAsk : undefined;
    if (this.remoteWanted() || (asked && Date.now() - asked.atMs < REMOTE_REUSE_MS)) return undefined;
    this.hoverAsk = { profile, atMs: Date.now() };
    void this.refresh();
    return asking;
  }

  /** The function's share per bucket, when the store's history has it and at least two buckets. */
  trendOf(fn: Pick<FunctionCost, 'name' | 'profileFile'>): FunctionTrend | undefined {
    const t = this.current;
    const k = t?.keyIndex.get(functionKey(fn.name, fn.profileFile));
    return t && k !== undefined ? seriesOf(t, k) : undefined;
  }
}

/** Key k's series of the loaded trends (undefined with fewer than two buckets: no trend to draw). */
export function seriesOf(t: LoadedTrends, k: number): FunctionTrend | undefined {
  const n = t.view.bucketStarts.length;
  if (n < 2) return undefined;
  const shares = Array.from(t.view.shares.subarray(k * n, (k + 1) * n));
  return { caption: `${t.type} share, ${describeSpan(t.view.spanMs)}`, sparkline: sparkline(shares), shares };
}
