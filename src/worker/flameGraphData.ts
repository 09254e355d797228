// The flame graph's data, built in the profile worker: the core's call tree of the chosen sample type (serialized
// to one ArrayBuffer) and, beside it, what the webview needs per function — class, package, the workspace file
// to open and the line drift — and per node the sample count. The webview then only lays out and draws.
import { buildCallTree, type CallTree } from '../core/aggregate/callTree';
import { mergeProfiles } from '../core/aggregate/merge';
import { serializeCallTree } from '../core/aggregate/serialize';
import type { StackSet } from '../core/aggregate/stackSet';
import type { Profile } from '../core/profile/model';
import { encodeAnnotations, FRAME_CLASSES, type FlameGraphBuffers, type FunctionFact } from '../shared/flamegraphProtocol';
import { packageOf } from './packageOf';

/** Merges the profiles, builds the call tree of `typeName` and annotates it with the host's facts. */
export function buildFlameGraphBuffers(profiles: readonly Profile[], typeName: string, facts: readonly FunctionFact[], set = mergeProfiles(profiles)): FlameGraphBuffers {
  const typeIndex = set.sampleTypes.findIndex((t) => t.type === typeName);
  if (typeIndex < 0) throw new Error(`the profile has no sample type ${typeName} (it has ${set.sampleTypes.map((t) => t.type).join(', ')})`);
  const tree = buildCallTree(set, typeIndex);
  const annotations = annotate(set, tree, facts);
  return { tree: serializeCallTree(tree), annotations };
}

function annotate(set: StackSet, tree: CallTree, facts: readonly FunctionFact[]): ArrayBuffer {
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
  const count = countColumn(set, tree);
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
 * The sample count of every node, when the profile has a count type besides the one shown (Go CPU: samples
 * next to cpu nanoseconds; heap: alloc_objects next to alloc_space). Built as a second tree and matched by path.
 */
function countColumn(set: StackSet, tree: CallTree): { values: Float64Array; type: { type: string; unit: string } } | undefined {
  if (set.sampleTypes[tree.typeIndex].unit === 'count') return undefined;
  const shownKind = set.sampleTypes[tree.typeIndex].type.split('_')[0];
  const candidates = set.sampleTypes.map((t, i) => ({ t, i })).filter(({ t, i }) => i !== tree.typeIndex && t.unit === 'count');
  // Prefer the count of the same family (alloc_objects for alloc_space, inuse_objects for inuse_space).
  const pick = candidates.find(({ t }) => t.type.split('_')[0] === shownKind) ?? candidates[0];
  if (!pick) return undefined;
  const other = buildCallTree(set, pick.i);
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
  return { values, type: { type: pick.t.type, unit: pick.t.unit } };
}
