/**
 * Reading a value of any class the metadata declares, compiled once per class into a flat list of field
 * operations: how each field is encoded (one byte, a varlong, 4 or 8 fixed bytes, a string, a constant pool key,
 * or an inline struct of another class), whether it is an array, and which slot (if any) the caller wants it in.
 * Fields the caller does not name are read past; fields it names are captured, so a new JDK adding or reordering
 * fields changes nothing.
 */
import { JfrCursor, JfrMalformed, StringRef, type JfrKey } from './cursor';
import type { JfrClass, Metadata } from './metadata';

const OP_BYTE = 0;
const OP_VARLONG = 1;
const OP_FIXED4 = 2;
const OP_FIXED8 = 3;
const OP_STRING = 4;
const OP_KEY = 5;
const OP_INLINE = 6;

/**
 * A captured field: a JfrKey for integers and constant pool references (exact even for 64-bit ids and span ids),
 * a byte for booleans, a string (or a reference into the string pool), or undefined when absent.
 */
export type Slot = JfrKey | StringRef | undefined;

const PRIMITIVE_OPS: Readonly<Record<string, number>> = {
  boolean: OP_BYTE,
  byte: OP_BYTE,
  char: OP_VARLONG,
  short: OP_VARLONG,
  int: OP_VARLONG,
  long: OP_VARLONG,
  float: OP_FIXED4,
  double: OP_FIXED8,
  'java.lang.String': OP_STRING,
};

/** Whether values of this class are read as one primitive (or a string) rather than as fields. */
export function isPrimitive(cls: JfrClass): boolean {
  return cls.name in PRIMITIVE_OPS;
}

export class StructReader {
  private constructor(
    readonly cls: JfrClass,
    private readonly ops: Uint8Array,
    private readonly arrays: Uint8Array,
    private readonly slots: Int8Array,
    private readonly inline: readonly (StructReader | undefined)[],
  ) {}

  /**
   * A reader for `cls` that captures the named fields into slots 0..wanted.length-1 (a missing field's slot stays
   * undefined). `plans` caches the inline structs' readers, and refuses classes that contain themselves inline.
   */
  static of(metadata: Metadata, cls: JfrClass, wanted: readonly string[], plans: InlinePlans): StructReader {
    const n = cls.fields.length;
    const ops = new Uint8Array(n);
    const arrays = new Uint8Array(n);
    const slots = new Int8Array(n).fill(-1);
    const inline: (StructReader | undefined)[] = new Array(n).fill(undefined);
    for (let i = 0; i < n; i++) {
      const field = cls.fields[i];
      const type = metadata.byId.get(field.typeId);
      if (!type) throw new JfrMalformed(`field ${cls.name}.${field.name} has type id ${field.typeId}, which the metadata does not declare`);
      arrays[i] = field.array ? 1 : 0;
      slots[i] = wanted.indexOf(field.name);
      if (field.constantPool) ops[i] = OP_KEY;
      else if (type.name in PRIMITIVE_OPS) ops[i] = PRIMITIVE_OPS[type.name];
      else {
        ops[i] = OP_INLINE;
        inline[i] = plans.get(type);
      }
    }
    return new StructReader(cls, ops, arrays, slots, inline);
  }

  /** Reads one value, writing wanted fields into `out` (arrays are read past, never captured). */
  read(c: JfrCursor, out: Slot[]): void {
    const ops = this.ops;
    for (let i = 0; i < ops.length; i++) {
      if (this.arrays[i] === 1) {
        this.skipArray(c, i);
        continue;
      }
      const slot = this.slots[i];
      if (slot < 0) {
        this.skipOne(c, i);
        continue;
      }
      switch (ops[i]) {
        case OP_BYTE: out[slot] = c.byte(); break;
        case OP_VARLONG:
        case OP_KEY: out[slot] = c.key(); break;
        case OP_STRING: out[slot] = c.string(); break;
        default: out[slot] = undefined; this.skipOne(c, i);
      }
    }
  }

  /** Reads past one value. */
  skip(c: JfrCursor): void {
    for (let i = 0; i < this.ops.length; i++) {
      if (this.arrays[i] === 1) this.skipArray(c, i);
      else this.skipOne(c, i);
    }
  }

  /** Whether every field is one integer or key (no array, string or struct): such values are runs of varlongs. */
  get onlyVarlongs(): boolean {
    for (let i = 0; i < this.ops.length; i++) {
      if (this.arrays[i] === 1 || (this.ops[i] !== OP_VARLONG && this.ops[i] !== OP_KEY)) return false;
    }
    return true;
  }

  get fieldCount(): number {
    return this.ops.length;
  }

  /** The field index of `name` and the reader of its element class when it is an inline struct. */
  fieldIndex(name: string): number {
    return this.cls.fields.findIndex((f) => f.name === name);
  }

  inlineReader(field: number): StructReader | undefined {
    return this.inline[field];
  }

  /** The same encoding steps, for a caller that walks an array of inline structs itself. */
  skipField(c: JfrCursor, field: number): void {
    if (this.arrays[field] === 1) this.skipArray(c, field);
    else this.skipOne(c, field);
  }

  private skipArray(c: JfrCursor, i: number): void {
    const n = c.count(`array ${this.cls.name}.${this.cls.fields[i].name} length`);
    for (let k = 0; k < n; k++) this.skipOne(c, i);
    if (c.pos > c.end) throw new JfrMalformed(`truncated array ${this.cls.name}.${this.cls.fields[i].name} ending at byte ${c.pos}`);
  }

  private skipOne(c: JfrCursor, i: number): void {
    switch (this.ops[i]) {
      case OP_BYTE: c.pos += 1; break;
      case OP_VARLONG:
      case OP_KEY: c.varlong(); break;
      case OP_FIXED4: c.pos += 4; break;
      case OP_FIXED8: c.pos += 8; break;
      case OP_STRING: c.skipString(); break;
      default: this.inline[i]!.skip(c);
    }
  }
}

/**
 * Readers for classes used as inline fields (nothing captured), one per class, built on first use. A class that
 * reaches itself through inline fields would recurse without end on reading; real metadata never does that (such
 * links go through constant pools), so it is refused.
 */
export class InlinePlans {
  private readonly readers = new Map<number, StructReader>();
  private readonly building = new Set<number>();

  constructor(private readonly metadata: Metadata) {}

  get(cls: JfrClass): StructReader {
    const known = this.readers.get(cls.id);
    if (known) return known;
    if (this.building.has(cls.id)) throw new JfrMalformed(`metadata class ${cls.name} contains itself inline`);
    this.building.add(cls.id);
    const reader = StructReader.of(this.metadata, cls, [], this);
    this.building.delete(cls.id);
    this.readers.set(cls.id, reader);
    return reader;
  }
}
