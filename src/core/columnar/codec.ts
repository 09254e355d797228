/**
 * One binary layout for every table and tree that crosses a thread or webview boundary (call trees, flame graph
 * annotations, the diff flame graph): one ArrayBuffer, transferred with postMessage, never turned into JSON.
 *
 * Layout: magic "PLCB" (uint32 LE), header length (uint32 LE), the header as UTF-8 JSON (kind, version, the
 * caller's small `meta` values, and each column's type, byte offset and length), zero padding to 8 bytes, then the
 * columns, each 8-byte aligned. A list of strings is stored as two columns: UTF-8 bytes and Int32 offsets.
 * Decoding returns views on the buffer (no copy) and checks that every column lies inside it.
 */

export type Column = Uint8Array | Int32Array | Uint32Array | Float64Array;

const TYPES = { u8: Uint8Array, i32: Int32Array, u32: Uint32Array, f64: Float64Array } as const;
type ColumnType = keyof typeof TYPES;
type ColumnOf<T extends ColumnType> = InstanceType<(typeof TYPES)[T]>;

const MAGIC = 0x4243_4c50; // "PLCB" read as little-endian uint32
const align8 = (n: number) => (n + 7) & ~7;

interface Header {
  kind: string;
  version: number;
  meta: unknown;
  columns: Record<string, { type: ColumnType; offset: number; length: number }>;
  strings: string[];
}

export interface ColumnarInput<M> {
  readonly kind: string;
  readonly version: number;
  /** Small values (counts, names, units): JSON. */
  readonly meta: M;
  readonly columns: Readonly<Record<string, Column>>;
  readonly strings?: Readonly<Record<string, readonly string[]>>;
}

function typeOf(c: Column): ColumnType {
  if (c instanceof Uint8Array) return 'u8';
  if (c instanceof Int32Array) return 'i32';
  if (c instanceof Uint32Array) return 'u32';
  return 'f64';
}

/** Strings as one UTF-8 byte array and their offsets (no array per string: 10^6 names are 10^6 buffers otherwise). */
function utf8(strings: readonly string[], encoder: TextEncoder): { offsets: Int32Array; bytes: Uint8Array } {
  let room = 0;
  for (const s of strings) room += s.length * 3; // a UTF-16 unit is at most 3 bytes of UTF-8
  const bytes = new Uint8Array(room);
  const offsets = new Int32Array(strings.length + 1);
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    at += encoder.encodeInto(strings[i], bytes.subarray(at)).written;
    offsets[i + 1] = at;
  }
  return { offsets, bytes: bytes.subarray(0, at) };
}

export function encodeColumnar<M>(input: ColumnarInput<M>): ArrayBuffer {
  const encoder = new TextEncoder();
  const columns: Record<string, Column> = { ...input.columns };
  const stringNames = Object.keys(input.strings ?? {});
  for (const name of stringNames) {
    const { offsets, bytes } = utf8(input.strings![name], encoder);
    columns[`${name}#offsets`] = offsets;
    columns[`${name}#bytes`] = bytes;
  }
  const layout: Header['columns'] = {};
  let size = 0;
  for (const [name, c] of Object.entries(columns)) {
    layout[name] = { type: typeOf(c), offset: size, length: c.length };
    size = align8(size + c.byteLength);
  }
  const header = encoder.encode(JSON.stringify({ kind: input.kind, version: input.version, meta: input.meta, columns: layout, strings: stringNames } satisfies Header));
  const dataStart = align8(8 + header.length);
  const buffer = new ArrayBuffer(dataStart + size);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  new Uint8Array(buffer, 8, header.length).set(header);
  for (const [name, c] of Object.entries(columns)) {
    new Uint8Array(buffer, dataStart + layout[name].offset, c.byteLength).set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  }
  return buffer;
}

/** A decoded buffer: its meta values, and its columns and string lists by name (views, not copies). */
export class ColumnarReader<M> {
  readonly meta: M;
  private readonly header: Header;
  private readonly dataStart: number;

  constructor(private readonly buffer: ArrayBuffer, kind: string, version: number) {
    const what = `PerfLens ${kind} data`;
    if (buffer.byteLength < 8 || new DataView(buffer).getUint32(0, true) !== MAGIC) throw new Error(`not ${what}`);
    const headerLength = new DataView(buffer).getUint32(4, true);
    if (8 + headerLength > buffer.byteLength) throw new Error(`${what} is truncated`);
    let header: Header;
    try {
      header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Header;
    } catch {
      throw new Error(`${what} has a damaged header`);
    }
    if (header.kind !== kind) throw new Error(`not ${what} (it holds ${String(header.kind)})`);
    if (header.version !== version) throw new Error(`${what} has version ${header.version}, expected ${version}`);
    this.header = header;
    this.meta = header.meta as M;
    this.dataStart = align8(8 + headerLength);
  }

  has(name: string): boolean {
    return name in this.header.columns;
  }

  column<T extends ColumnType>(name: string, type: T): ColumnOf<T> {
    const c = this.header.columns[name];
    if (!c || c.type !== type) throw new Error(`PerfLens ${this.header.kind} data lacks column ${name}`);
    const Type = TYPES[type];
    const start = this.dataStart + c.offset;
    if (!(Number.isInteger(c.length) && c.length >= 0 && start % Type.BYTES_PER_ELEMENT === 0 && start + c.length * Type.BYTES_PER_ELEMENT <= this.buffer.byteLength)) {
      throw new Error(`PerfLens ${this.header.kind} data: column ${name} lies outside the buffer`);
    }
    return new Type(this.buffer, start, c.length) as ColumnOf<T>;
  }

  strings(name: string): string[] {
    const offsets = this.column(`${name}#offsets`, 'i32');
    const bytes = this.column(`${name}#bytes`, 'u8');
    const decoder = new TextDecoder();
    const out = new Array<string>(Math.max(0, offsets.length - 1));
    for (let i = 0; i < out.length; i++) {
      const a = offsets[i];
      const b = offsets[i + 1];
      if (!(a >= 0 && b >= a && b <= bytes.length)) throw new Error(`PerfLens ${this.header.kind} data: string ${i} of ${name} lies outside its bytes`);
      out[i] = decoder.decode(bytes.subarray(a, b));
    }
    return out;
  }
}
