/**
 * The `labels` part the Pyroscope Java agent uploads beside a JFR recording: its samples carry only a context id
 * (and span ids), and this snapshot says which labels each context id stands for. Protobuf:
 *   message LabelsSnapshot { map<int64, Context> contexts = 1; map<int64, string> strings = 2; }
 *   message Context { map<int64, int64> labels = 1; }   // label key string id → value string id
 * Decoded into plain maps; a malformed snapshot is refused with one line, as a profile would be.
 */
import { Cursor, WIRE_LENGTH, WIRE_VARINT } from '../../profile/cursor';
import { MalformedProfile } from '../../profile/errors';

export interface LabelsSnapshot {
  /** Context id → (key string id → value string id). */
  readonly contexts: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly strings: ReadonlyMap<number, string>;
}

export const EMPTY_LABELS: LabelsSnapshot = { contexts: new Map(), strings: new Map() };

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes the (already gunzipped) snapshot; throws MalformedProfile naming the problem. */
export function decodeLabelsSnapshot(bytes: Uint8Array): LabelsSnapshot {
  const contexts = new Map<number, Map<number, number>>();
  const strings = new Map<number, string>();
  const c = new Cursor(bytes);
  const end = bytes.length;
  while (c.pos < end) {
    const tag = c.tag();
    if (tag === (1 << 3 | WIRE_LENGTH)) {
      const entryEnd = c.lengthEnd(end);
      let id = 0;
      let labels = new Map<number, number>();
      while (c.pos < entryEnd) {
        const t = c.tag();
        if (t === (1 << 3 | WIRE_VARINT)) id = c.s();
        else if (t === (2 << 3 | WIRE_LENGTH)) labels = readContext(c, c.lengthEnd(entryEnd));
        else c.skip(t & 7, entryEnd);
      }
      c.expectEnd(entryEnd, 'labels context', entryEnd);
      contexts.set(id, labels);
    } else if (tag === (2 << 3 | WIRE_LENGTH)) {
      const entryEnd = c.lengthEnd(end);
      let id = 0;
      let value = '';
      while (c.pos < entryEnd) {
        const t = c.tag();
        if (t === (1 << 3 | WIRE_VARINT)) id = c.s();
        else if (t === (2 << 3 | WIRE_LENGTH)) {
          const valueEnd = c.lengthEnd(entryEnd);
          value = utf8.decode(bytes.subarray(c.pos, valueEnd));
          c.pos = valueEnd;
        } else c.skip(t & 7, entryEnd);
      }
      c.expectEnd(entryEnd, 'labels string', entryEnd);
      strings.set(id, value);
    } else {
      c.skip(tag & 7, end);
    }
  }
  if (c.pos !== end) throw new MalformedProfile('labels snapshot ends inside a field');
  return { contexts, strings };
}

function readContext(c: Cursor, end: number): Map<number, number> {
  const labels = new Map<number, number>();
  while (c.pos < end) {
    const tag = c.tag();
    if (tag !== (1 << 3 | WIRE_LENGTH)) {
      c.skip(tag & 7, end);
      continue;
    }
    const entryEnd = c.lengthEnd(end);
    let key = 0;
    let value = 0;
    while (c.pos < entryEnd) {
      const t = c.tag();
      if (t === (1 << 3 | WIRE_VARINT)) key = c.s();
      else if (t === (2 << 3 | WIRE_VARINT)) value = c.s();
      else c.skip(t & 7, entryEnd);
    }
    c.expectEnd(entryEnd, 'labels context entry', entryEnd);
    labels.set(key, value);
  }
  c.expectEnd(end, 'labels context', end);
  return labels;
}
