/**
 * One profile's samples while a recording is read: a row per distinct (stack, label set), values summed, in
 * typed arrays (never an object per event).
 */
import { GrowableFloat64, GrowableInt32 } from '../../aggregate/growable';
import { PairIndex } from '../../aggregate/pairIndex';

export class SampleRows {
  readonly stack = new GrowableInt32();
  readonly labelSet = new GrowableInt32();
  /** `width` values per row. */
  readonly values = new GrowableFloat64();
  private readonly rowOf = new PairIndex(1024);

  constructor(readonly width: number) {}

  get count(): number {
    return this.stack.length;
  }

  add(stack: number, labelSet: number, v0: number, v1: number): void {
    const next = this.stack.length;
    const row = this.rowOf.getOrAdd(stack, labelSet, next);
    if (row >= 0) {
      const at = row * this.width;
      this.values.data[at] += v0;
      if (this.width > 1) this.values.data[at + 1] += v1;
      return;
    }
    this.stack.push(stack);
    this.labelSet.push(labelSet);
    this.values.push(v0);
    if (this.width > 1) this.values.push(v1);
  }
}
