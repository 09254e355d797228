/**
 * Maps the uint64 ids of a pprof table (locations, functions, mappings) to dense indices 0..n-1.
 *
 * Ids are arbitrary: Go numbers them 1..n, other writers need not. When the ids are small enough a flat
 * Int32Array is the map (one array read per lookup, which matters for the per-sample location references);
 * otherwise a Map. Ids at or above 2^53 do not fit a JS number exactly, so they are keyed by their exact 32-bit
 * halves as a string — rare, slower, but never confused with a neighbouring id.
 */
import { MalformedProfile } from './errors';

const EXACT_LIMIT = 9007199254740992; // 2^53

export type IdKey = number | string;

/** The exact key of a uint64 just read: the number when exact, else "hi:lo". */
export function idKey(value: number, hi: number, lo: number): IdKey {
  return value < EXACT_LIMIT ? value : `${hi}:${lo}`;
}

export class IdIndex {
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<IdKey, number> | undefined;
  /** Entry i has id i + 1 for every i (as Go writes them): the index of an id is id - 1, no table read. */
  readonly sequential: boolean;

  /**
   * `keys[i]` is the id of entry i. Throws on a duplicate id. Id 0 means "no id" in profile.proto (references
   * with 0 mean "none"), so entries with id 0 are not indexed and never found.
   */
  constructor(keys: readonly IdKey[], what: string) {
    let max = 0;
    let allNumbers = true;
    for (const k of keys) {
      if (typeof k === 'number') {
        if (k > max) max = k;
      } else {
        allNumbers = false;
      }
    }
    let sequential = allNumbers;
    for (let i = 0; i < keys.length && sequential; i++) sequential = keys[i] === i + 1;
    this.sequential = sequential;
    if (allNumbers && max <= keys.length * 4 + 1024) {
      const dense = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as number;
        if (k === 0) continue;
        if (dense[k] !== -1) throw duplicate(what, k);
        dense[k] = i;
      }
      this.dense = dense;
    } else {
      const sparse = new Map<IdKey, number>();
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] === 0) continue;
        if (sparse.has(keys[i])) throw duplicate(what, keys[i]);
        sparse.set(keys[i], i);
      }
      this.sparse = sparse;
    }
  }

  /** Dense index of the id, or -1 if no entry has it. */
  get(key: IdKey): number {
    if (this.dense) {
      return typeof key === 'number' && key < this.dense.length ? this.dense[key] : -1;
    }
    return this.sparse!.get(key) ?? -1;
  }

  /** The flat table when ids are small (entries -1 for unknown ids), for hot loops; undefined otherwise. */
  get table(): Int32Array | undefined {
    return this.dense;
  }
}

function duplicate(what: string, key: IdKey): MalformedProfile {
  return new MalformedProfile(`duplicate ${what} id ${displayId(key)}`, 'invalid');
}

/** An id for messages: decimal, exact even beyond 2^53. */
export function displayId(key: IdKey): string {
  if (typeof key === 'number') return String(key);
  const [hi, lo] = key.split(':').map(BigInt);
  return String((hi << 32n) | lo);
}
