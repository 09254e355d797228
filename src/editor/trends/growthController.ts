// Memory growth of the loaded service: when a profile from a local store is shown, the profile worker is asked (in
// the background) for the allocation sites whose retained memory grew over the store's last 200 in-use heap snapshots
// of that service (core/trends/growth.ts), placed on the workspace. The Memory growth view lists them and the
// editor marks their lines (growthMarks.ts). New snapshots in the store's folder of the service (the collector's)
// ask again, throttled (storeWatcher.ts). Nothing is computed here.
import * as vscode from 'vscode';
import type { GrowthView } from '../../shared/growthProtocol';
import { workspaceOptions } from '../analysisRequest';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import type { ProfileSession } from '../profileSession';
import type { StoreContext } from '../timeRange/storeContext';
import { ServiceAnswer } from './serviceAnswer';
import { StoreWatcher } from './storeWatcher';

/** The newest snapshots of the store read (as `perflens growth --last`'s default). */
const SNAPSHOTS = 200;
/** The in-use type asked of the store (its heap folder; Go and Node heap profiles both have it). */
const INUSE_TYPE = 'inuse_space';

export class GrowthController extends ServiceAnswer<GrowthView> {
  private readonly watcher = new StoreWatcher(() => void this.refresh());

  constructor(
    private readonly session: ProfileSession,
    private readonly analyzer: ProfileAnalyzer,
    private readonly storeContext: () => StoreContext | undefined,
    log: vscode.LogOutputChannel,
  ) {
    super(session, log, 'memory growth');
  }

  protected async ask(signal: AbortSignal): Promise<GrowthView | undefined> {
    const ctx = this.session.current ? this.storeContext() : undefined;
    this.watcher.watch(ctx);
    if (!ctx) return undefined;
    const { roots, pathMappings, allowGit, limits } = workspaceOptions();
    const view = await this.analyzer.request('growth', {
      root: ctx.root, service: ctx.service, type: INUSE_TYPE, snapshots: SNAPSHOTS, roots, pathMappings, allowGit, limits,
    }, { priority: 'background', lane: 'growth', signal });
    this.log.info(`memory growth of ${ctx.service} (${view.type}): ${view.times.length} snapshots, ${view.sites.filter((s) => s.leak).length} growing steadily, ${view.churn.length} churning${view.notes.length ? `; ${view.notes.join('; ')}` : ''}`);
    return view;
  }

  override dispose(): void {
    this.watcher.dispose();
    super.dispose();
  }
}
