/**
 * Sample labels interned as label sets: each sample's labels, sorted, become one set id, found through an
 * open-addressing table of ids beside their hashes (no key strings). Set 0 is the empty set.
 *
 * Bounded: a model keeps at most `maxSets` label sets. A key with a value per request or span (span_id, trace_id,
 * a numeric allocation size) would otherwise make a set, and then a row, per sample. When the cap is passed, the key
 * with the most distinct values is dropped — its labels are left out of every set — and the sets are interned again
 * without it, until they fit; each dropped key is named in a note.
 */
import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { doubledSlots } from '../aggregate/hashSlots';
import { PairIndex } from '../aggregate/pairIndex';
import type { MergedStrings } from '../aggregate/mergedStrings';
import type { Profile } from '../profile/model';
import type { LabelSetTable } from './types';

export const DEFAULT_MAX_LABEL_SETS = 1 << 16;

/** Every sample's label set id, per profile (undefined for a profile whose samples all have the empty set). */
export interface SampleLabelSets {
  readonly table: LabelSetTable;
  readonly ofSample: readonly (Int32Array | undefined)[];
  readonly notes: readonly string[];
}

export function internLabelSets(profiles: readonly Profile[], strings: MergedStrings, maxSets = DEFAULT_MAX_LABEL_SETS): SampleLabelSets {
  const dropped = new Set<number>();
  const notes: string[] = [];
  // Profile string id → merged id, per profile, kept across attempts.
  const merged = profiles.map((p) => (p.labels.count > 0 ? new Int32Array(p.strings.count).fill(-1) : undefined));
  for (;;) {
    const sets = new LabelSetBuilder();
    /** (key, value) → the set of that one string label, once made. */
    const singles = new PairIndex(1 << 10);
    const ofSample: (Int32Array | undefined)[] = [];
    let over = false;
    for (let pi = 0; pi < profiles.length && !over; pi++) {
      const p = profiles[pi];
      const ids = merged[pi];
      if (!ids) {
        ofSample.push(undefined);
        continue;
      }
      const str = (i: number) => {
        if (i <= 0) return 0;
        if (ids[i] < 0) ids[i] = strings.internFrom(p.strings, i);
        return ids[i];
      };
      const out = new Int32Array(p.samples.count);
      const { labelStart } = p.samples;
      const { key, str: value, num, numUnit } = p.labels;
      for (let s = 0; s < p.samples.count && !over; s++) {
        const from = labelStart[s];
        const to = labelStart[s + 1];
        if (from === to) continue; // the empty set, 0
        // A sample with one string label (the usual labelled sample) finds its set by (key, value), no hashing.
        const single = to - from === 1 && value[from] > 0;
        if (single) {
          const keyId = str(key[from]);
          const known = dropped.has(keyId) ? -1 : singles.getOrAdd(keyId, str(value[from]), sets.count);
          if (known >= 0) {
            out[s] = known;
            continue;
          }
        }
        sets.begin();
        let kept = 0;
        let keptKey = 0;
        let keptValue = 0;
        for (let k = from; k < to; k++) {
          const keyId = str(key[k]);
          if (dropped.has(keyId)) continue;
          sets.label(keyId, str(value[k]), value[k] > 0 ? 0 : num[k], value[k] > 0 ? 0 : str(numUnit[k]));
          kept++;
          keptKey = keyId;
          keptValue = value[k] > 0 ? str(value[k]) : 0;
        }
        out[s] = sets.end();
        // A set of one string label made here (other labels of the sample dropped) is found by (key, value) too.
        if (!single && kept === 1 && keptValue > 0) singles.getOrAdd(keptKey, keptValue, out[s]);
        over = sets.count > maxSets;
      }
      ofSample.push(out);
    }
    if (!over) return { table: sets.table(), ofSample, notes };
    const [keyId, values] = sets.widestKey();
    dropped.add(keyId);
    notes.push(`labels capped: key ${JSON.stringify(truncate(strings.get(keyId)))} had at least ${values.toLocaleString('en-US')} distinct values (a model keeps at most ${maxSets.toLocaleString('en-US')} label sets); its labels are left out, so it cannot filter or group`);
  }
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

class LabelSetBuilder {
  private readonly start = new GrowableInt32(1 << 10);
  private readonly key = new GrowableInt32(1 << 10);
  private readonly str = new GrowableInt32(1 << 10);
  private readonly num = new GrowableFloat64(1 << 10);
  private readonly unit = new GrowableInt32(1 << 10);
  private slots = new Int32Array(1 << 10);
  private hashes = new Int32Array(1 << 10);
  /** The set being read: its labels are appended after the last set, and dropped again if it is a known one. */
  private from = 0;

  constructor() {
    this.start.push(0);
    this.start.push(0); // set 0: the empty set
  }

  get count(): number {
    return this.start.length - 1;
  }

  begin(): void {
    this.from = this.key.length;
  }

  label(key: number, str: number, num: number, unit: number): void {
    // Insertion into sorted position (key, str, num, unit): a sample has a handful of labels.
    const k = this.key;
    let at = k.length;
    k.push(key);
    this.str.push(str);
    this.num.push(num);
    this.unit.push(unit);
    while (at > this.from && this.less(key, str, num, unit, at - 1)) {
      this.move(at - 1, at);
      at--;
    }
    k.data[at] = key;
    this.str.data[at] = str;
    this.num.data[at] = num;
    this.unit.data[at] = unit;
  }

  /** The id of the set read since begin(). */
  end(): number {
    const from = this.from;
    const to = this.key.length;
    if (to === from) return 0;
    let h = 0x811c9dc5 ^ (to - from);
    for (let i = from; i < to; i++) {
      h = Math.imul(h ^ this.key.data[i], 0x01000193);
      h = Math.imul(h ^ this.str.data[i], 0x01000193);
      h = Math.imul(h ^ (this.num.data[i] | 0), 0x01000193);
      h = Math.imul(h ^ Math.floor(this.num.data[i] / 4294967296), 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) {
        const id = this.count;
        this.start.push(to);
        this.slots[slot] = id + 1;
        this.hashes[slot] = h;
        if ((id + 1) * 2 > this.slots.length) ({ slots: this.slots, hashes: this.hashes } = doubledSlots(this.slots, this.hashes));
        return id;
      }
      if (this.hashes[slot] === h && this.same(entry - 1, from, to)) {
        this.truncateTo(from);
        return entry - 1;
      }
    }
  }

  table(): LabelSetTable {
    return { count: this.count, start: this.start.trim(), key: this.key.trim(), str: this.str.trim(), num: this.num.trim(), unit: this.unit.trim() };
  }

  /** The key with the most distinct values among the sets so far, and that number. */
  widestKey(): [number, number] {
    const values = new Map<number, Set<string>>();
    for (let i = 0; i < this.key.length; i++) {
      const k = this.key.data[i];
      let seen = values.get(k);
      if (!seen) values.set(k, (seen = new Set()));
      seen.add(this.str.data[i] !== 0 ? `s${this.str.data[i]}` : `n${this.num.data[i]}:${this.unit.data[i]}`);
    }
    let best: [number, number] = [0, 0];
    for (const [k, seen] of values) if (seen.size > best[1] || (seen.size === best[1] && k < best[0])) best = [k, seen.size];
    return best;
  }

  private less(key: number, str: number, num: number, unit: number, i: number): boolean {
    const k = this.key.data[i];
    if (key !== k) return key < k;
    const s = this.str.data[i];
    if (str !== s) return str < s;
    const n = this.num.data[i];
    if (num !== n) return num < n;
    return unit < this.unit.data[i];
  }

  private move(from: number, to: number): void {
    this.key.data[to] = this.key.data[from];
    this.str.data[to] = this.str.data[from];
    this.num.data[to] = this.num.data[from];
    this.unit.data[to] = this.unit.data[from];
  }

  private same(set: number, from: number, to: number): boolean {
    const a = this.start.data[set];
    if (this.start.data[set + 1] - a !== to - from) return false;
    for (let i = 0; i < to - from; i++) {
      if (this.key.data[a + i] !== this.key.data[from + i] || this.str.data[a + i] !== this.str.data[from + i]
        || this.num.data[a + i] !== this.num.data[from + i] || this.unit.data[a + i] !== this.unit.data[from + i]) return false;
    }
    return true;
  }

  private truncateTo(length: number): void {
    this.key.length = length;
    this.str.length = length;
    this.num.length = length;
    this.unit.length = length;
  }
}
