/**
 * Pyroscope's span profiles as pprof. SelectMergeSpanProfile (the query Pyroscope and Grafana use for "the profile
 * of these spans") answers a flame graph or a tree, not pprof, on every server version the tests pin; the tree is
 * the compact one: each node, depth first from the root, is
 *     varint(len(name)) name  varint(self)  varint(number of children)   then its children
 * (Pyroscope's pkg/model tree serialization). Its nodes are function names only (no files or lines), so the pprof
 * made of it has one location per function name, and a sample per node with self value: the node's stack.
 */
import { ProtoWriter } from '../proto/writer';

export interface SpanTreeLimits {
  /** Most nodes read; a reply with more is refused (the server's own max_nodes keeps real replies far below). */
  readonly maxNodes: number;
}

/** Thrown for bytes that are not a tree; the message says where. */
export class SpanTreeError extends Error {
  override readonly name = 'SpanTreeError';
}

interface Sample {
  /** Function ids, leaf first. */
  readonly stack: number[];
  readonly value: number;
}

/**
 * pprof (uncompressed) of a serialized tree: one sample type `sampleType`/`unit`, with `periodType`/`periodUnit`
 * (from the profile type id, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds).
 */
export function spanTreeToPprof(tree: Uint8Array, type: { sampleType: string; unit: string; periodType: string; periodUnit: string }, limits: SpanTreeLimits = { maxNodes: 1 << 20 }): Uint8Array {
  const names = new Map<string, number>();
  const nameList: string[] = [];
  const samples: Sample[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let pos = 0;
  let nodes = 0;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= tree.length) throw new SpanTreeError(`the span profile tree ends inside a number at byte ${pos}`);
      const b = tree[pos++];
      v += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return v;
      scale *= 128;
    }
    throw new SpanTreeError(`the span profile tree has a number longer than 10 bytes at byte ${pos}`);
  };
  // Depth first without recursion: each open node's remaining children are counted on a stack.
  const path: number[] = [];
  const remaining: number[] = [];
  const readNode = () => {
    if (++nodes > limits.maxNodes) throw new SpanTreeError(`the span profile tree has more than ${limits.maxNodes} nodes`);
    const length = varint();
    if (pos + length > tree.length) throw new SpanTreeError(`the span profile tree ends inside a name at byte ${pos}`);
    const name = decoder.decode(tree.subarray(pos, pos + length));
    pos += length;
    const self = varint();
    const children = varint();
    return { name, self, children };
  };
  const root = readNode();
  remaining.push(root.children);
  while (remaining.length > 0) {
    if (remaining[remaining.length - 1] === 0) {
      remaining.pop();
      path.pop();
      continue;
    }
    remaining[remaining.length - 1]--;
    const node = readNode();
    let id = names.get(node.name);
    if (id === undefined) {
      id = nameList.length + 1;
      names.set(node.name, id);
      nameList.push(node.name);
    }
    path.push(id);
    if (node.self > 0) samples.push({ stack: [...path].reverse(), value: node.self });
    remaining.push(node.children);
  }
  if (pos !== tree.length) throw new SpanTreeError(`the span profile tree has ${tree.length - pos} bytes after its last node`);

  // Strings: "" first, then the types, then the function names.
  const strings = ['', type.sampleType, type.unit, type.periodType, type.periodUnit, ...nameList];
  const nameString = (id: number) => 4 + id;
  const w = new ProtoWriter();
  w.message(1, (m) => m.varint(1, 1).varint(2, 2));
  for (const s of samples) {
    w.message(2, (m) => {
      m.bytes(1, packed(s.stack));
      m.bytes(2, packed([s.value]));
    });
  }
  for (let id = 1; id <= nameList.length; id++) {
    w.message(4, (m) => m.varint(1, id).message(4, (line) => line.varint(1, id)));
    w.message(5, (m) => m.varint(1, id).varint(2, nameString(id)).varint(3, nameString(id)));
  }
  // string_table[0] is "": an empty field, which the writer leaves out unless written as an (empty) message.
  for (const s of strings) {
    if (s === '') w.message(6, () => {});
    else w.bytes(6, new TextEncoder().encode(s));
  }
  w.message(11, (m) => m.varint(1, 3).varint(2, 4));
  return w.finish();
}

function packed(values: readonly number[]): Uint8Array {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 128) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}
