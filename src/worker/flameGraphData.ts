// The flame graph's data, built in the profile worker: the core's call tree of the chosen sample type, cut down to
// what a page can hold (trimCallTree), serialized to one ArrayBuffer, and beside it what the webview needs per
// function — class, package, the workspace file to open and the line drift — and per node the sample count. The
// webview then only lays out and draws.
import { buildCallTree, type CallTree } from '../core/aggregate/callTree';
import { mergeProfiles } from '../core/aggregate/merge';
import { serializeCallTree } from '../core/aggregate/serialize';
import type { StackSet } from '../core/aggregate/stackSet';
import type { Profile } from '../core/profile/model';
import { encodeAnnotations, FRAME_CLASSES, type FlameGraphBuffers, type FunctionFact } from '../shared/flamegraphProtocol';
import { packageOf } from './packageOf';
import { trimCallTree } from './trimCallTree';

/**
 * The most nodes a page gets (≈ 17 MB with the annotations). An 80 MB profile's full tree is ~7 M nodes, ~540 MB.
 * In VS Code a page gets its data at ~10 MB/s (bench/load/flamegraphs.ts: from the data posted to the page drawn,
 * 4–7 s for trees of 2^20 nodes, 1.2–1.8 s for 2^18), so a page of a huge profile (re)loads in about two seconds.
 * That bench's 80 MB heap profile then has its calls under 0.002–0.004% of the total merged.
 */
export const MAX_FLAME_GRAPH_NODES = 1 << 18;

/** Merges the profiles, builds the call tree of `typeName`, cuts it to `maxNodes` and annotates it with the host's facts. */
export function buildFlameGraphBuffers(profiles: readonly Profile[], typeName: string, facts: readonly FunctionFact[], set = mergeProfiles(profiles), maxNodes = MAX_FLAME_GRAPH_NODES): FlameGraphBuffers {
  const typeIndex = set.sampleTypes.findIndex((t) => t.type === typeName);
  if (typeIndex < 0) throw new Error(`the profile has no sample type ${typeName} (it has ${set.sampleTypes.map((t) => t.type).join(', ')})`);
  // The count type's tree first, reduced to the three columns the matching needs, so its other columns are garbage
  // before the shown type's tree is built (an 80 MB profile's trees are ~500 MB each).
  const countType = countTypeOf(set, typeIndex);
  const other = countType === undefined ? undefined : slim(buildCallTree(set, countType));
  const full = buildCallTree(set, typeIndex);
  const counts = other && countColumn(full, other);
  const { tree, extra } = trimCallTree(full, maxNodes, counts);
  const count = extra && { values: extra, type: { type: set.sampleTypes[countType!].type, unit: set.sampleTypes[countType!].unit } };
  return { tree: serializeCallTree(tree), annotations: annotate(tree, facts, count) };
}

function annotate(tree: CallTree, facts: readonly FunctionFact[], count: { values: Float64Array; type: { type: string; unit: string } } | undefined): ArrayBuffer {
  const n = tree.functions.count;
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const intern = (s: string) => {
    let id = stringIds.get(s);
    if (id === undefined) stringIds.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const factOf = new Map(facts.map((f, i) => [`${f.name}\u0000${f.profileFile}`, i]));
  const functionClass = new Uint8Array(n).fill(FRAME_CLASSES.indexOf('unknown'));
  const functionPackage = new Int32Array(n);
  const functionLocation = new Int32Array(n).fill(-1);
  const functionFact = new Int32Array(n).fill(-1);
  const functionLineShift = new Int32Array(n);
  for (let f = 0; f < n; f++) {
    const name = tree.strings.get(tree.functions.name[f]);
    const file = tree.strings.get(tree.functions.file[f]);
    functionPackage[f] = intern(packageOf(name, file));
    const k = factOf.get(`${name}\u0000${file}`);
    if (k === undefined) continue;
    functionFact[f] = k;
    functionClass[f] = FRAME_CLASSES.indexOf(facts[k].class);
    if (facts[k].location !== undefined) functionLocation[f] = intern(facts[k].location!);
  }
  lineShifts(tree, facts, functionFact, functionLineShift);
  return encodeAnnotations({
    functionClass, functionPackage, functionLocation, functionFact, functionLineShift,
    nodeCount: count?.values, countType: count?.type, strings,
  });
}

/**
 * Line drift per function: the host knows the lowest of today's lines with cost (firstLine); the tree knows the
 * profiled lines. Their difference moves every line of the function — exact when the function's code moved as a
 * whole, the common case (lines added above it); within an edited function the line is approximate.
 */
function lineShifts(tree: CallTree, facts: readonly FunctionFact[], functionFact: Int32Array, out: Int32Array): void {
  const lowest = new Float64Array(tree.functions.count).fill(Infinity);
  for (let node = 1; node < tree.count; node++) {
    const f = tree.function[node];
    for (let l = tree.lineStart[node]; l < tree.lineStart[node + 1]; l++) {
      const line = tree.lineNumber[l];
      if (line > 0 && tree.lineTotal[l] !== 0 && line < lowest[f]) lowest[f] = line;
    }
  }
  for (let f = 0; f < tree.functions.count; f++) {
    const k = functionFact[f];
    if (k >= 0 && facts[k].firstLine > 0 && Number.isFinite(lowest[f])) out[f] = facts[k].firstLine - lowest[f];
  }
}

/**
 * The profile's count type to show next to `typeIndex` (Go CPU: samples next to cpu nanoseconds; heap: alloc_objects
 * next to alloc_space), undefined when the shown type is itself a count or there is none.
 */
function countTypeOf(set: StackSet, typeIndex: number): number | undefined {
  if (set.sampleTypes[typeIndex].unit === 'count') return undefined;
  const shownKind = set.sampleTypes[typeIndex].type.split('_')[0];
  const candidates = set.sampleTypes.map((t, i) => ({ t, i })).filter(({ t, i }) => i !== typeIndex && t.unit === 'count');
  // Prefer the count of the same family (alloc_objects for alloc_space, inuse_objects for inuse_space).
  return (candidates.find(({ t }) => t.type.split('_')[0] === shownKind) ?? candidates[0])?.i;
}

interface SlimTree {
  readonly count: number;
  readonly parent: Int32Array;
  readonly function: Int32Array;
  readonly total: Float64Array;
}

const slim = (t: CallTree): SlimTree => ({ count: t.count, parent: t.parent, function: t.function, total: t.total });

/**
 * The sample count of every node of `tree`, from the count type's tree `other`, matched by path. When both types
 * are non-zero on the same samples (alloc_objects and alloc_space, samples and cpu) the two trees are built alike,
 * node for node, and the column is `other`'s totals as they are.
 */
function countColumn(tree: CallTree, other: SlimTree): Float64Array {
  if (other.count === tree.count && sameInt32(other.parent, tree.parent) && sameInt32(other.function, tree.function)) return other.total;
  const functions = tree.functions.count;
  const childOf = new Map<number, number>();
  for (let c = 1; c < other.count; c++) childOf.set(other.parent[c] * functions + other.function[c], c);
  const match = new Int32Array(tree.count).fill(-1);
  const values = new Float64Array(tree.count);
  match[0] = 0;
  values[0] = other.total[0];
  for (let node = 1; node < tree.count; node++) {
    const p = match[tree.parent[node]];
    if (p < 0) continue;
    const c = childOf.get(p * functions + tree.function[node]);
    if (c === undefined) continue;
    match[node] = c;
    values[node] = other.total[c];
  }
  return values;
}

function sameInt32(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
