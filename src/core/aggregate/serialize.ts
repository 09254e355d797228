/**
 * A CallTree in one ArrayBuffer (core/columnar's layout), to post to a webview or worker with a transfer list
 * (`postMessage(buf, [buf])`: no copy, no JSON of a million nodes; send the ArrayBuffer, not a Node Buffer, which
 * VS Code would turn into JSON). `deserializeCallTree` returns views on the buffer and decodes the strings once.
 */
import { ColumnarReader, encodeColumnar } from '../columnar/codec';
import type { CallTree } from './callTree';
import { childListsByWeight } from './childLists';
import { ArrayStrings } from './mergedStrings';

const KIND = 'callTree';
const VERSION = 3;

interface Meta {
  typeIndex: number;
  sampleType: { type: string; unit: string };
  count: number;
  functionCount: number;
  merged: number;
  hasNodeCount: boolean;
  /** Line numbers sent as Int32 (they all are 32-bit integers, as real ones are); else as Float64. */
  intLines: boolean;
}

/**
 * What a page can work out is not sent (a tree is the bulk of what a flame graph panel moves through VS Code, which
 * copies it more than once on the extension host): a node's depth (from its parent) and its children (the parents,
 * ordered by total as the tree was: core/aggregate/childLists), and the self and total of a node's line when the
 * node has that one line (they are the node's). Line numbers travel as Int32 when they fit.
 */
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
  const { lineSelf, lineTotal, linesOwn } = ownLineValues(tree);
  const intLines = fitsInt32(tree.lineNumber) && fitsInt32(tree.lineCurrent);
  return encodeColumnar<Meta>({
    kind: KIND,
    version: VERSION,
    meta: {
      typeIndex: tree.typeIndex, sampleType: { type: tree.sampleType.type, unit: tree.sampleType.unit }, count: tree.count,
      functionCount: tree.functions.count, merged: tree.merged, hasNodeCount: tree.nodeCount !== undefined, intLines,
    },
    columns: {
      parent: tree.parent, function: tree.function, self: tree.self, total: tree.total,
      lineStart: tree.lineStart, linesOwn,
      lineNumber: intLines ? Int32Array.from(tree.lineNumber) : tree.lineNumber,
      lineCurrent: intLines ? Int32Array.from(tree.lineCurrent) : tree.lineCurrent,
      lineSelf, lineTotal,
      nodeCount: tree.nodeCount ?? new Float64Array(0),
      functionName, functionFile, functionStartLine: fns.startLine,
    },
    strings: { strings },
  });
}

/**
 * The line values to send: a node of one line whose values are the node's sends none (linesOwn[n] = 0); every
 * other node sends its lines' (linesOwn[n] = 1), in node order.
 */
function ownLineValues(tree: CallTree): { lineSelf: Float64Array; lineTotal: Float64Array; linesOwn: Uint8Array } {
  const linesOwn = new Uint8Array(tree.count);
  let sent = 0;
  for (let n = 0; n < tree.count; n++) {
    const a = tree.lineStart[n];
    const b = tree.lineStart[n + 1];
    const same = b - a === 1 && Object.is(tree.lineSelf[a], tree.self[n]) && Object.is(tree.lineTotal[a], tree.total[n]);
    if (!same && b > a) {
      linesOwn[n] = 1;
      sent += b - a;
    }
  }
  const lineSelf = new Float64Array(sent);
  const lineTotal = new Float64Array(sent);
  for (let n = 0, at = 0; n < tree.count; n++) {
    if (!linesOwn[n]) continue;
    for (let e = tree.lineStart[n]; e < tree.lineStart[n + 1]; e++, at++) {
      lineSelf[at] = tree.lineSelf[e];
      lineTotal[at] = tree.lineTotal[e];
    }
  }
  return { lineSelf, lineTotal, linesOwn };
}

function fitsInt32(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if ((values[i] | 0) !== values[i]) return false;
  return true;
}

export function deserializeCallTree(buffer: ArrayBuffer): CallTree {
  const r = new ColumnarReader<Meta>(buffer, KIND, VERSION);
  const m = r.meta;
  const lineColumn = (name: string) => (m.intLines ? Float64Array.from(r.column(name, 'i32')) : r.column(name, 'f64'));
  const parent = r.column('parent', 'i32');
  const self = r.column('self', 'f64');
  const total = r.column('total', 'f64');
  const lineStart = r.column('lineStart', 'i32');
  const lineNumber = lineColumn('lineNumber');
  checkShape(m.count, parent, self, total, lineStart, lineNumber.length);
  const { lineSelf, lineTotal } = lineValues(self, total, lineStart, r.column('linesOwn', 'u8'), r.column('lineSelf', 'f64'), r.column('lineTotal', 'f64'));
  const { childStart, children } = childListsByWeight(parent, (node) => total[node]);
  const tree: CallTree = {
    typeIndex: m.typeIndex,
    sampleType: m.sampleType,
    count: m.count,
    parent,
    function: r.column('function', 'i32'),
    depth: depthsOf(parent),
    self,
    total,
    childStart,
    children,
    lineStart,
    lineNumber,
    lineCurrent: lineColumn('lineCurrent'),
    lineSelf,
    lineTotal,
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

/** Parents must come before their children before depths and child lists are worked out from them. */
function checkShape(n: number, parent: Int32Array, self: Float64Array, total: Float64Array, lineStart: Int32Array, lines: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw damaged('no root');
  for (const [name, c] of [['parent', parent], ['self', self], ['total', total]] as const) {
    if (c.length !== n) throw damaged(`${name} has ${c.length} entries for ${n} nodes`);
  }
  if (lineStart.length !== n + 1) throw damaged('child or line lists');
  for (let node = 1; node < n; node++) if (!(parent[node] >= 0 && parent[node] < node)) throw damaged(`node ${node} has parent ${parent[node]}`);
  for (let node = 0; node < n; node++) {
    if (!(lineStart[node] >= 0 && lineStart[node] <= lineStart[node + 1] && lineStart[node + 1] <= lines)) throw damaged(`lines of node ${node}`);
  }
}

function depthsOf(parent: Int32Array): Int32Array {
  const depth = new Int32Array(parent.length);
  for (let n = 1; n < parent.length; n++) depth[n] = depth[parent[n]] + 1;
  return depth;
}

/** Every line's self and total: the node's for a node that sent none, else the next sent ones. */
function lineValues(self: Float64Array, total: Float64Array, lineStart: Int32Array, own: Uint8Array, sentSelf: Float64Array, sentTotal: Float64Array) {
  const n = self.length;
  if (own.length !== n || sentSelf.length !== sentTotal.length) throw damaged('line columns');
  const lines = lineStart[n];
  const lineSelf = new Float64Array(lines);
  const lineTotal = new Float64Array(lines);
  let at = 0;
  for (let node = 0; node < n; node++) {
    const a = lineStart[node];
    const b = lineStart[node + 1];
    if (!own[node]) {
      if (b - a > 1) throw damaged(`lines of node ${node}`);
      if (b > a) {
        lineSelf[a] = self[node];
        lineTotal[a] = total[node];
      }
      continue;
    }
    if (at + (b - a) > sentSelf.length) throw damaged('line columns');
    for (let e = a; e < b; e++, at++) {
      lineSelf[e] = sentSelf[at];
      lineTotal[e] = sentTotal[at];
    }
  }
  if (at !== sentSelf.length) throw damaged('line columns');
  return { lineSelf, lineTotal };
}

const damaged = (what: string) => new Error(`the serialized call tree is damaged: ${what}`);

/** A page must not draw garbage: every column has its length and every index points inside its table. */
function checkTree(t: CallTree): void {
  const bad = damaged;
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
