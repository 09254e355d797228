// The flame graph's stack order (core/aggregate/sequenceOrder.ts: seconds for a million stacks, once per stack table)
// made in the worker's idle time once the heat is answered, so the model's first flame graph — or the first one of a
// frame filter that rewrites its stacks — does not sort on the user's click. It is background work in slices: a
// user's request that comes meanwhile runs between two slices, and one that needs the order finishes the same sort
// from where the slices got to (nothing is sorted twice). The order's bytes count in the model cache's budget.
import { dropUnfinishedOrder, stackOrderInSteps } from '../core/aggregate/stackOrders';
import type { StackTable } from '../core/model/types';
import { keptFilterTables } from '../core/query/frameFilter';
import type { ModelCache, ModelEntry } from './modelCache';
import type { Job } from './scheduler';

/** Reads of a function per slice: about 20–40 ms of sorting, what a user's request may wait behind. */
export const ORDER_SLICE_UNITS = 1 << 20;

/** Runs work as a background job of the worker's scheduler. */
export type BackgroundRunner = (body: (job: Job) => Promise<void>) => void;

export class IdleOrders {
  /** Tables whose order was asked for (made, under way, or given up with their model). */
  private readonly asked = new WeakSet<StackTable>();

  constructor(private readonly models: ModelCache, private readonly runInBackground: BackgroundRunner, private readonly sliceUnits: number = ORDER_SLICE_UNITS) {}

  /**
   * Orders `stacks` (the entry's model's, or a frame filter's rewrite of them) as background work, once per table;
   * given up, and what it had sorted let go, when the model is let go meanwhile or the filter's stacks are no longer
   * kept (newer filters pushed them out): their order would serve nothing, and newer tables wait behind it.
   */
  prepare(entry: ModelEntry, stacks: StackTable, functionOfFrame: Int32Array, functionCount: number): void {
    if (this.asked.has(stacks)) return;
    this.asked.add(stacks);
    const sorting = stackOrderInSteps(stacks, functionOfFrame, functionCount);
    const used = () => this.models.holds(entry) && (stacks === entry.model.stacks || keptFilterTables(entry.model).includes(stacks));
    this.runInBackground(async (job) => {
      while (used()) {
        if (sorting.advance(this.sliceUnits)) {
          this.models.recount(entry);
          return;
        }
        job.progress(`ordering ${stacks.count} stacks for the flame graph`);
        await job.step();
      }
      dropUnfinishedOrder(stacks);
    });
  }
}
