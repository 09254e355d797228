/**
 * What a recording's chunks resolve into, shared by all its sample-type groups: strings, functions (one per frame
 * name), locations (one per function and line, as Pyroscope's converter makes them), stacks (location sequences,
 * leaf first, deduplicated across chunks) and label sets. Chunk-local keys never get here: each chunk resolves its
 * stack traces and threads into these indices once, and events then only carry indices.
 */
import { GrowableInt32 } from '../../aggregate/growable';
import { doubledSlots } from '../../aggregate/hashSlots';
import { PairIndex } from '../../aggregate/pairIndex';
import { JfrMalformed } from './cursor';

export class RecordingTables {
  readonly strings: string[] = [''];
  private readonly stringIds = new Map<string, number>([['', 0]]);

  /** Function i's name (a string id); functions are identified by name. */
  readonly functionName = new GrowableInt32();
  private readonly functionOfName = new Map<number, number>();

  /** Location i = (function, line). */
  readonly locationFunction = new GrowableInt32();
  readonly locationLine = new GrowableInt32();
  private readonly locationOf = new PairIndex(4096);

  /** Stack i's locations are `stackLocations[stackStart[i] .. stackStart[i + 1])`, leaf first. */
  readonly stackStart = new GrowableInt32();
  readonly stackLocations = new GrowableInt32();
  /** Open addressing over stacks by the hash of their locations: slots hold stack id + 1 (0 = empty). */
  private stackSlots = new Int32Array(1 << 12);
  private stackHashes = new Int32Array(1 << 12);

  /** Label set i's (key, value) string ids are `labelPairs[2 * labelStart[i] ..]`, `labelStart[i + 1] - labelStart[i]` pairs. */
  readonly labelStart = new GrowableInt32();
  readonly labelPairs = new GrowableInt32();
  private readonly labelSetOf = new Map<string, number>();

  constructor(private readonly maxStrings: number) {
    this.stackStart.push(0);
    this.labelStart.push(0);
    this.labelSet([]); // label set 0: no labels
  }

  string(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      if (id >= this.maxStrings) throw new JfrMalformed(`more than ${this.maxStrings} distinct names and labels, over the limit (maxStrings)`);
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  functionNamed(name: string): number {
    const nameId = this.string(name);
    let fn = this.functionOfName.get(nameId);
    if (fn === undefined) {
      fn = this.functionName.length;
      this.functionName.push(nameId);
      this.functionOfName.set(nameId, fn);
    }
    return fn;
  }

  location(fn: number, line: number): number {
    const next = this.locationFunction.length;
    const known = this.locationOf.getOrAdd(fn, line, next);
    if (known >= 0) return known;
    this.locationFunction.push(fn);
    this.locationLine.push(line);
    return next;
  }

  /** The stack of `locations[0 .. length)` (leaf first), interned. */
  stack(locations: Int32Array, length: number): number {
    let h = 0x811c9dc5 ^ length;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ locations[i], 0x01000193);
    h ^= h >>> 15;
    const mask = this.stackSlots.length - 1;
    const start = this.stackStart.data;
    const stored = this.stackLocations;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.stackSlots[slot] - 1;
      if (id < 0) {
        const next = this.stackStart.length - 1;
        for (let i = 0; i < length; i++) stored.push(locations[i]);
        this.stackStart.push(stored.length);
        this.stackSlots[slot] = next + 1;
        this.stackHashes[slot] = h;
        if ((next + 1) * 2 > this.stackSlots.length) ({ slots: this.stackSlots, hashes: this.stackHashes } = doubledSlots(this.stackSlots, this.stackHashes));
        return next;
      }
      if (this.stackHashes[slot] !== h || start[id + 1] - start[id] !== length) continue;
      let same = true;
      for (let i = 0, at = start[id]; i < length; i++, at++) {
        if (stored.data[at] !== locations[i]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** The label set of these (key, value) string id pairs, interned; pairs in a fixed order give one set. */
  labelSet(pairs: readonly number[]): number {
    const key = pairs.join(',');
    let id = this.labelSetOf.get(key);
    if (id === undefined) {
      id = this.labelStart.length - 1;
      for (const p of pairs) this.labelPairs.push(p);
      this.labelStart.push(this.labelPairs.length / 2);
      this.labelSetOf.set(key, id);
    }
    return id;
  }

  labelPairCount(set: number): number {
    return this.labelStart.data[set + 1] - this.labelStart.data[set];
  }
}
