// Memory growth of the loaded service: when a profile from a local store is shown, the profile worker is asked (in
// the background) for the allocation sites whose retained memory grew over the store's last 200 in-use heap snapshots
// of that service (core/trends/growth.ts), placed on the workspace. New snapshots in the store's folder of the
// service (the collector's) ask again, throttled (storeWatcher.ts). From a Pyroscope or Parca source — while the
// Memory growth view is on screen, or when it comes on screen — the last 14 days are asked of the server as one
// merged in-use profile per bucket with the number of snapshots each merge adds up (sources/remoteGrowth.ts), and
// the worker ranks the buckets' averages; a server that cannot count them gets no ranking, and the view says so.
// The Memory growth view lists the sites and the editor marks their lines (growthMarks.ts). Nothing is computed here.
import * as vscode from 'vscode';
import type { GrowthView } from '../../shared/growthProtocol';
import { countsUnavailable, remoteSnapshots } from '../../sources/remoteGrowth';
import { workspaceOptions } from '../analysisRequest';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import type { ProfileSession } from '../profileSession';
import type { StoreContext } from '../timeRange/storeContext';
import { ownBuffer } from '../workerDescriber';
import { RemoteReuse } from './remoteReuse';
import { ServiceAnswer } from './serviceAnswer';
import { StoreWatcher } from './storeWatcher';
import { BUCKETS, SPAN_MS, type RemoteOrigin } from './trendsController';

/** The newest snapshots of the store read (as `perflens growth --last`'s default). */
const SNAPSHOTS = 200;
/** The in-use type asked of the store (its heap folder; Go and Node heap profiles both have it). */
const INUSE_TYPE = 'inuse_space';

export class GrowthController extends ServiceAnswer<GrowthView> {
  private readonly watcher = new StoreWatcher(() => void this.refresh());
  private readonly remoteAnswer = new RemoteReuse<GrowthView>();

  constructor(
    private readonly session: ProfileSession,
    private readonly analyzer: ProfileAnalyzer,
    private readonly storeContext: () => StoreContext | undefined,
    log: vscode.LogOutputChannel,
    private readonly remoteOrigin: () => RemoteOrigin | undefined = () => undefined,
    /** Whether the Memory growth view is on screen: a remote source is asked only then (its merges are the server's work). */
    private readonly remoteWanted: () => boolean = () => true,
  ) {
    super(session, log, 'memory growth');
  }

  protected async ask(signal: AbortSignal): Promise<GrowthView | undefined> {
    const remote = this.session.current ? this.remoteOrigin() : undefined;
    const ctx = this.session.current && !remote ? this.storeContext() : undefined;
    this.watcher.watch(ctx);
    if (remote) return this.remoteWanted() ? this.askRemote(remote, signal) : undefined;
    if (!ctx) return undefined;
    const { roots, pathMappings, allowGit, limits } = workspaceOptions();
    const view = await this.analyzer.request('growth', {
      root: ctx.root, service: ctx.service, type: INUSE_TYPE, snapshots: SNAPSHOTS, roots, pathMappings, allowGit, limits,
    }, { priority: 'background', lane: 'growth', signal });
    this.logView(view);
    return view;
  }

  /** The buckets' merges and snapshot counts fetched here (network only), ranked by the worker (the bytes transferred). */
  private async askRemote(remote: RemoteOrigin, signal: AbortSignal): Promise<GrowthView> {
    const source = await remote.connect();
    const key = JSON.stringify([source.id, remote.service, remote.labels]);
    const reused = this.remoteAnswer.get(key);
    if (reused) return reused;
    const found = await remoteSnapshots(source, { service: remote.service, type: INUSE_TYPE, labels: remote.labels, untilMs: Date.now(), spanMs: SPAN_MS, buckets: BUCKETS },
      (m) => this.log.warn(`memory growth: ${m}`), signal);
    if (!found) {
      const reason = countsUnavailable(source);
      this.log.info(`memory growth of ${remote.service}: ${reason}`);
      return this.remoteAnswer.set(key, { service: remote.service, type: INUSE_TYPE, unit: '', remote: { provenance: reason, unavailable: true }, times: [], totals: [], sites: [], churn: [], notes: [] });
    }
    const buckets = found.buckets.map((b) => ({ startMs: b.startMs, origin: b.origin, snapshotsPerSeries: b.snapshotsPerSeries, bytes: ownBuffer(b.bytes) }));
    const { roots, pathMappings, allowGit, limits } = workspaceOptions();
    const view = await this.analyzer.request('growth', {
      remote: { service: remote.service, buckets, widthMs: found.widthMs, notes: found.notes }, type: INUSE_TYPE, roots, pathMappings, allowGit, limits,
    }, { priority: 'background', lane: 'growth', signal, transfer: buckets.map((b) => b.bytes) });
    this.logView(view);
    return this.remoteAnswer.set(key, { ...view, remote: { provenance: found.provenance } });
  }

  /** The remote source whose answer is on its way, by its name (for the view's message meanwhile). */
  get askingRemote(): string | undefined {
    return this.asking && this.session.current ? this.remoteOrigin()?.name : undefined;
  }

  /** The Memory growth view came on screen: a remote source's growth not asked yet is asked now. */
  wantedNow(): void {
    if (this.session.current && this.remoteOrigin() && !this.remoteAnswer.holds(this.current)) void this.refresh();
  }

  private logView(view: GrowthView): void {
    this.log.info(`memory growth of ${view.service} (${view.type}): ${view.times.length} snapshots, ${view.sites.filter((s) => s.leak).length} growing steadily, ${view.churn.length} churning${view.notes.length ? `; ${view.notes.join('; ')}` : ''}`);
  }

  override dispose(): void {
    this.watcher.dispose();
    super.dispose();
  }
}
