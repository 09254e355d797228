/**
 * A CallTree in one ArrayBuffer (core/columnar's layout), to post to a webview or worker with a transfer list
 * (`postMessage(buf, [buf])`: no copy, no JSON of a million nodes; send the ArrayBuffer, not a Node Buffer, which
 * VS Code would turn into JSON). `deserializeCallTree` returns views on the buffer and decodes the strings once.
 */
import { ColumnarReader, encodeColumnar } from '../columnar/codec';
import type { CallTree } from './callTree';
import { ArrayStrings } from './mergedStrings';

const KIND = 'callTree';
const VERSION = 2;

interface Meta {
  typeIndex: number;
  sampleType: { type: string; unit: string };
  count: number;
  functionCount: number;
  merged: number;
  hasNodeCount: boolean;
}

export function serializeCallTree(tree: CallTree): ArrayBuffer {
  // Only the strings the functions name (a model's strings also hold label values, mapping files...).
  const fns = tree.functions;
  const renumbered = new Map<number, number>([[0, 0]]);
  const strings = [''];
  const idOf = (i: number) => {
    let id = renumbered.get(i);
    if (id === undefined) renumbered.set(i, (id = strings.push(tree.strings.get(i)) - 1));
    return id;
  };
  const functionName = Int32Array.from(fns.name, idOf);
  const functionFile = Int32Array.from(fns.file, idOf);
  return encodeColumnar<Meta>({
    kind: KIND,
    version: VERSION,
    meta: {
      typeIndex: tree.typeIndex, sampleType: { type: tree.sampleType.type, unit: tree.sampleType.unit }, count: tree.count,
      functionCount: tree.functions.count, merged: tree.merged, hasNodeCount: tree.nodeCount !== undefined,
    },
    columns: {
      parent: tree.parent, function: tree.function, depth: tree.depth, self: tree.self, total: tree.total,
      childStart: tree.childStart, children: tree.children,
      lineStart: tree.lineStart, lineNumber: tree.lineNumber, lineCurrent: tree.lineCurrent, lineSelf: tree.lineSelf, lineTotal: tree.lineTotal,
      nodeCount: tree.nodeCount ?? new Float64Array(0),
      functionName, functionFile, functionStartLine: fns.startLine,
    },
    strings: { strings },
  });
}

export function deserializeCallTree(buffer: ArrayBuffer): CallTree {
  const r = new ColumnarReader<Meta>(buffer, KIND, VERSION);
  const m = r.meta;
  const tree: CallTree = {
    typeIndex: m.typeIndex,
    sampleType: m.sampleType,
    count: m.count,
    parent: r.column('parent', 'i32'),
    function: r.column('function', 'i32'),
    depth: r.column('depth', 'i32'),
    self: r.column('self', 'f64'),
    total: r.column('total', 'f64'),
    childStart: r.column('childStart', 'i32'),
    children: r.column('children', 'i32'),
    lineStart: r.column('lineStart', 'i32'),
    lineNumber: r.column('lineNumber', 'f64'),
    lineCurrent: r.column('lineCurrent', 'f64'),
    lineSelf: r.column('lineSelf', 'f64'),
    lineTotal: r.column('lineTotal', 'f64'),
    nodeCount: m.hasNodeCount ? r.column('nodeCount', 'f64') : undefined,
    functions: {
      count: m.functionCount,
      name: r.column('functionName', 'i32'),
      file: r.column('functionFile', 'i32'),
      startLine: r.column('functionStartLine', 'f64'),
    },
    strings: new ArrayStrings(r.strings('strings')),
    merged: m.merged,
  };
  checkTree(tree);
  return tree;
}

/** A page must not draw garbage: every column has its length and every index points inside its table. */
function checkTree(t: CallTree): void {
  const bad = (what: string) => new Error(`the serialized call tree is damaged: ${what}`);
  const n = t.count;
  if (!(Number.isInteger(n) && n >= 1)) throw bad('no root');
  for (const [name, c] of [['parent', t.parent], ['function', t.function], ['depth', t.depth], ['self', t.self], ['total', t.total]] as const) {
    if (c.length !== n) throw bad(`${name} has ${c.length} entries for ${n} nodes`);
  }
  if (t.childStart.length !== n + 1 || t.lineStart.length !== n + 1 || t.children.length !== n - 1) throw bad('child or line lists');
  for (let node = 1; node < n; node++) {
    if (!(t.parent[node] >= 0 && t.parent[node] < node)) throw bad(`node ${node} has parent ${t.parent[node]}`);
    if (!(t.function[node] >= 0 && t.function[node] < t.functions.count)) throw bad(`node ${node} has function ${t.function[node]}`);
  }
  for (let k = 0; k < t.children.length; k++) if (!(t.children[k] >= 1 && t.children[k] < n)) throw bad(`child ${k} is ${t.children[k]}`);
  const lines = t.lineNumber.length;
  if (t.lineCurrent.length !== lines || t.lineSelf.length !== lines || t.lineTotal.length !== lines) throw bad('line columns');
  for (let node = 0; node < n; node++) {
    if (!(t.lineStart[node] >= 0 && t.lineStart[node] <= t.lineStart[node + 1] && t.lineStart[node + 1] <= lines)) throw bad(`lines of node ${node}`);
    if (!(t.childStart[node] >= 0 && t.childStart[node] <= t.childStart[node + 1] && t.childStart[node + 1] <= n - 1)) throw bad(`children of node ${node}`);
  }
  if (t.nodeCount && t.nodeCount.length !== n) throw bad('node counts');
  for (let f = 0; f < t.functions.count; f++) if (!(t.functions.name[f] >= 0 && t.functions.name[f] < t.strings.count)) throw bad(`function ${f} has no name`);
}
