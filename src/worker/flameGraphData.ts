// The flame graph's data, built in the profile worker from a selection: the call tree, cut as it is built to
// what a page can hold (core/aggregate/callTree), with today's line of every line entry from the workspace mapping,
// serialized to one ArrayBuffer; beside it what the page needs per function — class, package, the workspace file,
// the host's row to open, and the exact flat and cum (the page's functions table never counts a merged
// "(smaller calls…)" node as one function) — and per node the sample count. The page then only lays out and draws.
import { callTree, type CallTreeOptions } from '../core/aggregate/callTree';
import { keptLineKeysBytes } from '../core/aggregate/lineKeys';
import { selectionFlatCum } from '../core/aggregate/flatCumMemo';
import { sandwich } from '../core/aggregate/sandwich';
import { serializeCallTree } from '../core/aggregate/serialize';
import { select } from '../core/query/select';
import type { Selection } from '../core/query/types';
import type { ProfileModel } from '../core/model/types';
import type { ValueType } from '../core/profile/model';
import { NO_LINE_STATE, type WorkspaceMapping } from '../core/symbolicate/workspaceMapping';
import { encodeAnnotations } from '../core/aggregate/flameAnnotations';
import { FRAME_CLASSES } from '../core/symbolicate/types';
import type { FlameGraphBuffers, FunctionFact, SandwichBuffers } from '../shared/flamegraphProtocol';
import { packageOf } from './packageOf';

/**
 * The most nodes a page gets (≈ 17 MB with the annotations). An 80 MB profile's full tree is ~7 M nodes, ~540 MB.
 * In VS Code a page gets its data at ~10 MB/s (bench/load/flamegraphs.ts: from the data posted to the page drawn,
 * 4–7 s for trees of 2^20 nodes, 1.2–1.8 s for 2^18), so a page of a huge profile (re)loads in about two seconds.
 */
export const MAX_FLAME_GRAPH_NODES = 1 << 18;

export interface FlameGraphInputs {
  readonly selection: Selection;
  /** The model's mapping onto the workspace (today's lines, classes, files), when the worker has one. */
  readonly mapping?: WorkspaceMapping;
  /** Per model function: its row in the host's WorkspaceProfile.functions (what the host opens), -1 when none. */
  readonly rowOf?: Int32Array;
  /** The host's facts, read only when the worker has no analysis of these files (matched by name and file). */
  readonly facts?: readonly FunctionFact[];
  readonly maxNodes?: number;
  /**
   * Per function of the selection: its flat and cum, when the analysis of the same selection counted them — of a
   * grouped selection, those of the same selection not grouped (the groups' are added here).
   */
  readonly functionTotals?: { readonly flat: Float64Array; readonly cum: Float64Array };
}

export function flameGraphBuffers(inputs: FlameGraphInputs): FlameGraphBuffers {
  const { selection, mapping } = inputs;
  const counts = companionCounts(selection, mapping);
  const tree = callTree(selection, treeOptions(inputs, counts));
  // Per function flat and cum only: the page's functions table shows no call edges (they cost more than the tree).
  const table = (inputs.functionTotals && groupedTotals(selection, inputs.functionTotals)) ?? selectionFlatCum(selection, selection.frames.function, selection.functions.count, 'function');
  const n = tree.functions.count;
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const intern = (s: string) => {
    let id = stringIds.get(s);
    if (id === undefined) stringIds.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const functionClass = new Uint8Array(n).fill(FRAME_CLASSES.indexOf('unknown'));
  const functionPackage = new Int32Array(n);
  const functionLocation = new Int32Array(n).fill(-1);
  const functionFact = new Int32Array(n).fill(-1);
  const functionSelf = new Float64Array(n);
  const functionTotal = new Float64Array(n);
  functionSelf.set(table.flat);
  functionTotal.set(table.cum);
  const facts = inputs.rowOf || mapping ? undefined : new Map((inputs.facts ?? []).map((f, i) => [`${f.name}\u0000${f.profileFile}`, i]));
  const multiRoot = (mapping?.roots.length ?? 0) > 1;
  for (let f = 0; f < n; f++) {
    const name = tree.strings.get(tree.functions.name[f]);
    const file = tree.strings.get(tree.functions.file[f]);
    functionPackage[f] = intern(packageOf(name, file));
    if (f >= selection.functions.count) continue; // "(smaller calls…)"
    if (inputs.rowOf) functionFact[f] = f < inputs.rowOf.length ? inputs.rowOf[f] : -1;
    if (mapping && f < mapping.functions.classCode.length) {
      functionClass[f] = mapping.functions.classCode[f];
      const id = mapping.functions.fileId[f];
      if (id >= 0 && FRAME_CLASSES[functionClass[f]] === 'app') {
        const ws = mapping.files[id];
        functionLocation[f] = intern(multiRoot ? `${mapping.roots[ws.root].name}/${ws.path}` : ws.path);
      }
    } else if (facts) {
      const k = facts.get(`${name}\u0000${file}`);
      if (k === undefined) continue;
      functionFact[f] = k;
      functionClass[f] = FRAME_CLASSES.indexOf(inputs.facts![k].class);
      if (inputs.facts![k].location !== undefined) functionLocation[f] = intern(inputs.facts![k].location!);
    }
  }
  const annotations = encodeAnnotations({
    functionClass, functionPackage, functionLocation, functionFact, functionSelf, functionTotal,
    nodeCount: counts && tree.nodeCount, countType: counts?.sampleType, strings,
  });
  return { tree: serializeCallTree(tree), annotations };
}

/**
 * Flat and cum per function of the selection from `totals`: as they are when it is not grouped; when it is, a
 * group-by only puts each stack under its group's root frame (the last functions), so every other function keeps
 * its flat and cum, and a group's has the cum of its stacks and the flat of those that are that frame alone —
 * a pass over the stacks' root frames instead of over all their frames. Undefined when `totals` do not cover
 * exactly the grouped selection's other functions.
 */
export function groupedTotals(selection: Selection, totals: { readonly flat: Float64Array; readonly cum: Float64Array }): { flat: Float64Array; cum: Float64Array } | undefined {
  const groups = selection.groups?.frame.length ?? 0;
  if (groups === 0) return { flat: totals.flat, cum: totals.cum };
  const n = selection.functions.count;
  if (totals.flat.length !== n - groups) return undefined;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  flat.set(totals.flat);
  cum.set(totals.cum);
  const { stacks, value } = selection;
  const functionOf = selection.frames.function;
  for (let s = 0; s < stacks.count; s++) {
    const v = value[s];
    if (v === 0) continue;
    const end = stacks.start[s + 1];
    const root = functionOf[stacks.frames[end - 1]];
    cum[root] += v;
    if (end - stacks.start[s] === 1) flat[root] += v;
  }
  return { flat, cum };
}

/**
 * The exact sandwich of function `fn` of the selection (its callers' and callees' trees), with the same lines, counts
 * and cut as the graph's tree, for the page to draw instead of deriving it from a tree that was cut.
 */
export function sandwichBuffers(inputs: FlameGraphInputs, fn: number): SandwichBuffers {
  const s = sandwich(inputs.selection, fn, treeOptions(inputs, companionCounts(inputs.selection, inputs.mapping)));
  return { callers: serializeCallTree(s.callers), callees: serializeCallTree(s.callees) };
}

function treeOptions(inputs: FlameGraphInputs, counts: { value: Float64Array } | undefined): CallTreeOptions {
  const { selection, mapping } = inputs;
  return { maxNodes: inputs.maxNodes ?? MAX_FLAME_GRAPH_NODES, currentLine: mapping && todaysLines(selection, mapping), extra: counts?.value };
}

/** Today's lines made, per frames' line column and mapping (the tree's line keys are kept per the array). */
const keptTodaysLines = new WeakMap<Float64Array, WeakMap<WorkspaceMapping, Float64Array>>();

/**
 * Per frame: today's line of application code in the workspace (0: deleted since), else the line as profiled —
 * one array per frames table and mapping, so every tree of the model under that mapping reads the same lines.
 */
export function todaysLines(selection: Pick<Selection, 'frames'>, mapping: WorkspaceMapping): Float64Array {
  const profiled = selection.frames.line;
  let byMapping = keptTodaysLines.get(profiled);
  if (!byMapping) keptTodaysLines.set(profiled, (byMapping = new WeakMap()));
  let lines = byMapping.get(mapping);
  if (!lines) {
    const { lineState, currentLine } = mapping.frames;
    lines = Float64Array.from(profiled, (line, f) => (f < lineState.length && lineState[f] !== NO_LINE_STATE ? currentLine[f] : line));
    byMapping.set(mapping, lines);
  }
  return lines;
}

/**
 * Bytes kept for the trees of a frames table (its line column) under `mapping`: today's lines and their line keys
 * (12 bytes per frame); 0 when no tree of it was made under that mapping. They live while both do, so the model cache
 * counts them with the model.
 */
export function todaysLinesBytes(line: Float64Array, mapping: WorkspaceMapping): number {
  const lines = keptTodaysLines.get(line)?.get(mapping);
  return lines ? lines.byteLength + keptLineKeysBytes(line, lines) : 0;
}

/**
 * The profile's count type to show beside the shown one (Go CPU: samples next to cpu nanoseconds; heap:
 * alloc_objects next to alloc_space); undefined when the shown type is itself a count, or when the selection is
 * grouped by a label (another type could rank the groups otherwise, so stacks would differ). A selection made with
 * it as SelectContext.companionType carries its values per stack already.
 */
export function companionCountType(model: ProfileModel, typeIndex: number, grouped: boolean): number | undefined {
  const types = model.sampleTypes;
  const shown = types[typeIndex];
  if (shown.unit === 'count' || grouped) return undefined;
  const family = shown.type.split('_')[0];
  const candidates = types.map((t, i) => ({ t, i })).filter(({ t, i }) => i !== typeIndex && t.unit === 'count');
  return (candidates.find(({ t }) => t.type.split('_')[0] === family) ?? candidates[0])?.i;
}

/** The count type's values per stack of the selection (companionCountType), selected the same way when not carried. */
function companionCounts(selection: Selection, mapping: WorkspaceMapping | undefined): { sampleType: ValueType; value: Float64Array } | undefined {
  const pick = companionCountType(selection.model, selection.typeIndex, selection.groups !== undefined);
  if (pick === undefined) return undefined;
  const value = selection.companion?.typeIndex === pick
    ? selection.companion.value
    : select(selection.model, { ...selection.query, type: pick }, { frameClass: mapping?.frames.classCode }).value;
  return { sampleType: selection.model.sampleTypes[pick], value };
}
