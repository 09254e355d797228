/**
 * A compact, self-contained form of a CallTree in one ArrayBuffer, to post to a webview or worker with a
 * transfer list (`postMessage(buf, [buf])`: no copy, no JSON of a million nodes; send the ArrayBuffer, not a Node
 * Buffer, which VS Code would turn into JSON).
 *
 * Layout: "PLCT" magic (4 bytes), a little-endian uint32 header length, the header as UTF-8 JSON (version,
 * sample type, counts, and the byte offset and length of every column), zero padding to 8 bytes, then the columns
 * (typed arrays, each 8-byte aligned) and the strings (UTF-8 bytes + Int32 offsets). `deserializeCallTree`
 * returns views on the buffer (no copy) and decodes the strings once.
 */
import type { CallTree } from './callTree';
import { ArrayStrings } from './mergedStrings';

const MAGIC = 0x5443_4c50; // "PLCT" read as little-endian uint32
const VERSION = 1;

type Column = Int32Array | Float64Array | Uint8Array;
const COLUMN_TYPES = { i32: Int32Array, f64: Float64Array, u8: Uint8Array } as const;
type ColumnType = keyof typeof COLUMN_TYPES;

interface Header {
  version: number;
  typeIndex: number;
  sampleType: { type: string; unit: string };
  count: number;
  functionCount: number;
  columns: Record<string, { type: ColumnType; offset: number; length: number }>;
}

const align8 = (n: number) => (n + 7) & ~7;

function columnsOf(tree: CallTree, stringOffsets: Int32Array, stringBytes: Uint8Array): Record<string, Column> {
  return {
    parent: tree.parent, function: tree.function, depth: tree.depth, self: tree.self, total: tree.total,
    childStart: tree.childStart, children: tree.children,
    lineStart: tree.lineStart, lineNumber: tree.lineNumber, lineSelf: tree.lineSelf, lineTotal: tree.lineTotal,
    functionName: tree.functions.name, functionFile: tree.functions.file, functionStartLine: tree.functions.startLine,
    stringOffsets, stringBytes,
  };
}

export function serializeCallTree(tree: CallTree): ArrayBuffer {
  const encoder = new TextEncoder();
  const encoded = Array.from({ length: tree.strings.count }, (_, i) => encoder.encode(tree.strings.get(i)));
  const stringOffsets = new Int32Array(encoded.length + 1);
  for (let i = 0; i < encoded.length; i++) stringOffsets[i + 1] = stringOffsets[i] + encoded[i].length;
  const stringBytes = new Uint8Array(stringOffsets[encoded.length]);
  encoded.forEach((bytes, i) => stringBytes.set(bytes, stringOffsets[i]));

  const columns = columnsOf(tree, stringOffsets, stringBytes);
  const layout: Header['columns'] = {};
  let offset = 0;
  for (const [name, column] of Object.entries(columns)) {
    const type: ColumnType = column instanceof Int32Array ? 'i32' : column instanceof Float64Array ? 'f64' : 'u8';
    layout[name] = { type, offset, length: column.length };
    offset = align8(offset + column.byteLength);
  }
  const header: Header = {
    version: VERSION, typeIndex: tree.typeIndex, sampleType: { ...tree.sampleType }, count: tree.count,
    functionCount: tree.functions.count, columns: layout,
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const dataStart = align8(8 + headerBytes.length);
  const buffer = new ArrayBuffer(dataStart + offset);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  new Uint8Array(buffer, 8, headerBytes.length).set(headerBytes);
  for (const [name, column] of Object.entries(columns)) {
    new Uint8Array(buffer, dataStart + layout[name].offset, column.byteLength)
      .set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  return buffer;
}

export function deserializeCallTree(buffer: ArrayBuffer): CallTree {
  const view = new DataView(buffer);
  if (buffer.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a serialized PerfLens call tree');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Header;
  if (header.version !== VERSION) throw new Error(`unsupported call tree version ${header.version}`);
  const dataStart = align8(8 + headerLength);
  const column = <T extends ColumnType>(name: string, type: T): InstanceType<(typeof COLUMN_TYPES)[T]> => {
    const c = header.columns[name];
    if (!c || c.type !== type) throw new Error(`serialized call tree lacks column ${name}`);
    return new COLUMN_TYPES[type](buffer, dataStart + c.offset, c.length) as InstanceType<(typeof COLUMN_TYPES)[T]>;
  };
  const stringOffsets = column('stringOffsets', 'i32');
  const stringBytes = column('stringBytes', 'u8');
  const decoder = new TextDecoder();
  const strings = new ArrayStrings(Array.from({ length: stringOffsets.length - 1 }, (_, i) =>
    decoder.decode(stringBytes.subarray(stringOffsets[i], stringOffsets[i + 1]))));
  return {
    typeIndex: header.typeIndex,
    sampleType: header.sampleType,
    count: header.count,
    parent: column('parent', 'i32'),
    function: column('function', 'i32'),
    depth: column('depth', 'i32'),
    self: column('self', 'f64'),
    total: column('total', 'f64'),
    childStart: column('childStart', 'i32'),
    children: column('children', 'i32'),
    lineStart: column('lineStart', 'i32'),
    lineNumber: column('lineNumber', 'f64'),
    lineSelf: column('lineSelf', 'f64'),
    lineTotal: column('lineTotal', 'f64'),
    functions: {
      count: header.functionCount,
      name: column('functionName', 'i32'),
      file: column('functionFile', 'i32'),
      startLine: column('functionStartLine', 'f64'),
    },
    strings,
  };
}
