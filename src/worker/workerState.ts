// What the profile worker keeps between requests: the models of the last sets of files (with their workspace
// mappings and the stack orders made in idle time), the flame graph trees last built, and the files it already reported as unreadable. Handlers get it next to their request.
import { SummaryCache } from '../core/trends/summaryCache';
import { FlameGraphTrees } from './flameGraphTrees';
import { IdleOrders, type BackgroundRunner } from './idleOrders';
import { ModelCache } from './modelCache';
import { SnapshotCache } from '../sources/growthHistory';

/** Stores whose trend summaries (and growth snapshots) are kept in memory at once (each bounded by its entry cap). */
const SUMMARY_STORES = 4;

export class WorkerState {
  readonly models = new ModelCache();
  readonly flameGraphTrees = new FlameGraphTrees();
  private readonly reported = new Set<string>();
  private readonly summaries = new Map<string, SummaryCache>();
  private readonly snapshots = new Map<string, SnapshotCache>();
  /** Stack orders made in idle time (none without a runner: then a flame graph makes its own). */
  readonly idleOrders: IdleOrders;

  /**
   * @param background how background work runs (the worker's scheduler), and the size of an order's slices (default
   *   ORDER_SLICE_UNITS)
   */
  constructor(private readonly tell: (file: string, reason: string) => void, background: { readonly run: BackgroundRunner; readonly sliceUnits?: number } = { run: () => {} }) {
    this.idleOrders = new IdleOrders(this.models, background.run, background.sliceUnits);
  }

  /** A file that does not decode, told to the extension host once per file and reason. */
  readonly reportBadFile = (file: string, reason: string): void => {
    const key = `${file}\u0000${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.tell(file, reason);
  };

  /** The per-file trend summaries of a store (loaded from `file` the first time, saved there after each trend). */
  summaryCache(root: string, file: string | undefined): SummaryCache {
    const key = `${root}\u0000${file ?? ''}`;
    let cache = this.summaries.get(key);
    if (cache) this.summaries.delete(key);
    else cache = new SummaryCache(file);
    this.summaries.set(key, cache);
    if (this.summaries.size > SUMMARY_STORES) this.summaries.delete(this.summaries.keys().next().value!);
    return cache;
  }

  /** The heap snapshots of a store already reduced to their allocation sites (memory growth). */
  snapshotCache(root: string): SnapshotCache {
    let cache = this.snapshots.get(root);
    if (cache) this.snapshots.delete(root);
    else cache = new SnapshotCache();
    this.snapshots.set(root, cache);
    if (this.snapshots.size > SUMMARY_STORES) this.snapshots.delete(this.snapshots.keys().next().value!);
    return cache;
  }

  /** Lets the models and trees go (the worker has been idle a while). */
  release(): void {
    this.models.clear();
    this.flameGraphTrees.clear();
  }
}
