/**
 * The strings of a StackSet (function names and file names): interned across the merged profiles by their UTF-8
 * bytes and decoded only when asked for, so merging a profile with 10^5 functions creates no JS strings, and
 * `perflens top` decodes just the names it prints.
 */
import { StringTable } from '../profile/stringTable';
import { GrowableInt32 } from './growable';
import { doubledSlots } from './hashSlots';

/** Read access to a string table; index 0 is "". */
export interface Strings {
  readonly count: number;
  get(i: number): string;
}

/** Strings held in a plain array (e.g. a deserialized call tree). */
export class ArrayStrings implements Strings {
  constructor(private readonly strings: readonly string[]) {}

  get count(): number {
    return this.strings.length;
  }

  get(i: number): string {
    return this.strings[i] ?? '';
  }
}

export class MergedStrings implements Strings {
  /** Merged string i is string `entryIndex[i]` of `tables[entryTable[i]]`. */
  private readonly entryTable = new GrowableInt32(1024);
  private readonly entryIndex = new GrowableInt32(1024);
  private readonly tables: StringTable[] = [];
  /** Open-addressing table of merged string + 1 (0 = empty), keyed by byte hash. */
  private slots = new Int32Array(2048);
  private hashes = new Int32Array(2048);
  private size = 0;
  /** Strings made here (placeholder names), in a table of their own. */
  private readonly own = StringTable.fromStrings(['']);
  private readonly tableIds = new Map<StringTable, number>();

  constructor() {
    this.internFrom(this.own, 0); // "" is merged string 0
  }

  get count(): number {
    return this.entryTable.length;
  }

  get(i: number): string {
    if (i < 0 || i >= this.entryTable.length) return '';
    return this.tables[this.entryTable.data[i]].get(this.entryIndex.data[i]);
  }

  private tableId(table: StringTable): number {
    let id = this.tableIds.get(table);
    if (id === undefined) {
      id = this.tables.length;
      this.tables.push(table);
      this.tableIds.set(table, id);
    }
    return id;
  }

  /** The merged index of string i of `table`, adding it if no equal string is there yet. */
  internFrom(table: StringTable, i: number): number {
    const h = table.hashOf(i);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.hashes[slot] === h) {
        const m = entry - 1;
        if (table.sameString(i, this.tables[this.entryTable.data[m]], this.entryIndex.data[m])) return m;
      }
      slot = (slot + 1) & mask;
    }
    const m = this.entryTable.length;
    this.entryTable.push(this.tableId(table));
    this.entryIndex.push(i);
    this.slots[slot] = m + 1;
    this.hashes[slot] = h;
    if (++this.size * 2 > this.slots.length) this.grow();
    return m;
  }

  /** The merged index of a string made by the merge itself (e.g. "<unknown>"). */
  intern(s: string): number {
    return this.internFrom(this.own, this.own.intern(s));
  }

  private grow(): void {
    ({ slots: this.slots, hashes: this.hashes } = doubledSlots(this.slots, this.hashes));
  }
}

