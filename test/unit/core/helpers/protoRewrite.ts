/**
 * Test-side protobuf surgery, independent of the decoder under test: split a message into raw fields and
 * re-emit them in another order or with packed repeated fields written unpacked. Both are legal encodings of
 * the same profile, so every decoder must read them identically.
 */
import { ProtoWriter } from '../../../../src/core/profile/protoWriter';

export interface RawField {
  field: number;
  wire: number;
  /** Varint fields: the value. */
  value: bigint;
  /** Length-delimited fields: the payload. */
  payload: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint in test data');
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return [result, pos];
    shift += 7n;
  }
}

export function splitFields(buf: Uint8Array): RawField[] {
  const fields: RawField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [value, next] = readVarint(buf, afterTag);
      fields.push({ field, wire, value, payload: new Uint8Array(0) });
      pos = next;
    } else if (wire === 2) {
      const [length, start] = readVarint(buf, afterTag);
      const end = start + Number(length);
      fields.push({ field, wire, value: 0n, payload: buf.subarray(start, end) });
      pos = end;
    } else {
      throw new Error(`unexpected wire type ${wire} in test data`);
    }
  }
  return fields;
}

export function joinFields(fields: readonly RawField[]): Uint8Array {
  const w = new ProtoWriter();
  for (const f of fields) {
    w.tag(f.field, f.wire);
    if (f.wire === 0) w.bigVarint(f.value);
    else {
      w.varint(f.payload.length);
      w.raw(f.payload);
    }
  }
  return w.bytes().slice();
}

function packedValues(payload: Uint8Array): bigint[] {
  const values: bigint[] = [];
  let pos = 0;
  while (pos < payload.length) {
    const [v, next] = readVarint(payload, pos);
    values.push(v);
    pos = next;
  }
  return values;
}

/** Writes each packed run (sample.location_id, sample.value, comment) as one varint field per element. */
export function unpackRepeated(profile: Uint8Array): Uint8Array {
  const unpack = (fields: RawField[], which: number[]) => fields.flatMap((f) =>
    f.wire === 2 && which.includes(f.field)
      ? packedValues(f.payload).map((value) => ({ field: f.field, wire: 0, value, payload: new Uint8Array(0) }))
      : [f]);
  const top = splitFields(profile).map((f) => (f.field === 2 && f.wire === 2
    ? { ...f, payload: joinFields(unpack(splitFields(f.payload), [1, 2])) }
    : f));
  return joinFields(unpack(top, [13]));
}

/** The same top-level fields in a shuffled order (protobuf fields may come in any order). */
export function shuffleTopLevel(profile: Uint8Array, random: () => number): Uint8Array {
  const fields = splitFields(profile);
  for (let i = fields.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [fields[i], fields[j]] = [fields[j], fields[i]];
  }
  // Repeated fields keep their relative order (it is their meaning); only different fields interleave.
  const byField = new Map<number, RawField[]>();
  for (const f of splitFields(profile)) byField.set(f.field, [...(byField.get(f.field) ?? []), f]);
  const taken = new Map<number, number>();
  return joinFields(fields.map((f) => {
    const k = taken.get(f.field) ?? 0;
    taken.set(f.field, k + 1);
    return byField.get(f.field)![k];
  }));
}
