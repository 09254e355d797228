/**
 * Chrome DevTools / V8 CPU profiles (`.cpuprofile`: Node's --cpu-prof, DevTools' "Save profile", the inspector's
 * Profiler.stop): a call tree of nodes (each a function — name, script URL, 0-based line and column — with its
 * children and, when recorded, its self ticks per source line), and the samples as node ids with the time since the
 * previous sample.
 *
 * Each sample's weight is the time until the next sample (as DevTools and speedscope attribute it); the last sample
 * runs to endTime, and the time from startTime to the first sample is a sample without frames (it counts in the
 * total, as speedscope's total is endTime - startTime, but in no function). A node's own samples go to the lines of its positionTicks in their proportion (the line running
 * when sampled); the frames above it are at their function's first line, since V8 does not record call sites. The
 * synthetic "(root)" node is left out. Read with the pull reader (json/jsonReader.ts): bounded nesting, no
 * document in memory; a node graph that is not a tree (a cycle, a node with two parents) is refused in one line.
 */
import { ProfileError } from '../../profile/errors';
import type { ProfileLimits } from '../../profile/limits';
import type { Profile } from '../../profile/model';
import { MAX_STACK_DEPTH, ProfileBuilder } from '../build/profileBuilder';
import type { ProfileFormat } from '../format';
import { jsonHeadHas } from '../json/detect';
import { JsonError, JsonReader } from '../json/jsonReader';

export const cpuprofileFormat: ProfileFormat = {
  name: '.cpuprofile',
  accepts: 'Chrome/Node .cpuprofile',
  detect: (bytes) => jsonHeadHas(bytes, '"nodes"', '"callFrame"'),
  read(bytes, source, limits) {
    try {
      return [readCpuprofile(bytes, source, limits)];
    } catch (e) {
      if (e instanceof JsonError) throw new ProfileError(source, `not a valid .cpuprofile: ${e.message}`);
      throw e;
    }
  },
};

interface Nodes {
  readonly count: number;
  readonly id: number[];
  readonly name: string[];
  readonly url: string[];
  /** 1-based, 0 = unknown. */
  readonly line: number[];
  readonly column: number[];
  readonly children: number[][];
  /** The older format names the parent instead of the children. */
  readonly parentId: (number | undefined)[];
  /** Self ticks per 1-based line: [line, ticks, line, ticks...]. */
  readonly ticks: (number[] | undefined)[];
  readonly hitCount: number[];
}

export function readCpuprofile(bytes: Uint8Array, source: string, limits: ProfileLimits): Profile {
  const reader = new JsonReader(bytes);
  let nodesAt = -1;
  let samplesAt = -1;
  let deltasAt = -1;
  let startTime = 0;
  let endTime = 0;
  reader.beginObject();
  for (let key = reader.key(); key !== undefined; key = reader.key()) {
    if (key === 'nodes') nodesAt = reader.pos;
    else if (key === 'samples') samplesAt = reader.pos;
    else if (key === 'timeDeltas') deltasAt = reader.pos;
    else if (key === 'startTime' && reader.peek() !== 0x6e) {
      startTime = reader.number();
      continue;
    } else if (key === 'endTime' && reader.peek() !== 0x6e) {
      endTime = reader.number();
      continue;
    }
    reader.skipValue();
  }
  if (!reader.atEnd()) throw reader.error('unexpected content after the document');
  if (nodesAt < 0) throw new ProfileError(source, 'not a .cpuprofile: it has no "nodes"');

  reader.pos = nodesAt;
  const nodes = readNodes(reader);
  const parent = parents(nodes, source);
  const index = new Map<number, number>();
  nodes.id.forEach((id, i) => index.set(id, i));

  // Per node: its samples and their time (µs).
  const count = new Float64Array(nodes.count);
  const time = new Float64Array(nodes.count);
  let beforeFirst = 0;
  if (samplesAt >= 0) {
    const deltas = deltasAt >= 0 ? readNumbers((reader.pos = deltasAt, reader)) : [];
    reader.pos = samplesAt;
    const samples = readNumbers(reader);
    if (deltasAt >= 0 && deltas.length !== samples.length) {
      throw new ProfileError(source, `${samples.length} samples but ${deltas.length} timeDeltas`);
    }
    let at = startTime;
    for (let i = 0; i < samples.length; i++) {
      const node = index.get(samples[i]);
      if (node === undefined) throw new ProfileError(source, `sample ${i + 1} refers to node ${samples[i]}, which is not in "nodes"`);
      at += deltas[i] ?? 0;
      if (i === 0) beforeFirst = Math.max(0, at - startTime);
      const next = i + 1 < samples.length ? at + (deltas[i + 1] ?? 0) : Math.max(endTime, at);
      count[node]++;
      time[node] += Math.max(0, next - at);
    }
  } else {
    // Without samples, hitCount is all there is: counts, no time.
    nodes.hitCount.forEach((hits, i) => (count[i] = hits));
  }

  const builder = new ProfileBuilder(source, limits, {
    sampleTypes: [{ type: 'samples', unit: 'count' }, { type: 'wall', unit: 'nanoseconds' }],
    defaultSampleType: 'wall',
    periodType: { type: 'wall', unit: 'nanoseconds' },
    period: samplesAt >= 0 && count.reduce((a, b) => a + b, 0) > 0 ? Math.round(((endTime - startTime) * 1e3) / count.reduce((a, b) => a + b, 0)) : 0,
    timeNanos: startTime > 0 ? startTime * 1e3 : 0,
    durationNanos: endTime > startTime ? (endTime - startTime) * 1e3 : 0,
  });
  const fnOf = nodes.id.map((_, i) => builder.function(builder.strings.intern(nodes.name[i]), builder.strings.intern(nodes.url[i]), nodes.line[i]));
  const callerFrame = nodes.id.map((_, i) => builder.frame(fnOf[i], nodes.line[i], nodes.column[i]));
  const stack = new Int32Array(MAX_STACK_DEPTH);
  const values = new Float64Array(2);
  if (beforeFirst > 0) {
    values[0] = 0;
    values[1] = beforeFirst * 1e3;
    builder.sample(stack, 0, values);
  }
  for (let n = 0; n < nodes.count; n++) {
    if (count[n] === 0 || nodes.name[n] === '(root)') continue;
    // The callers, leaf's parent first, up to the root (left out).
    let depth = 1;
    for (let p = parent[n]; p >= 0 && depth < MAX_STACK_DEPTH; p = parent[p]) {
      if (nodes.name[p] === '(root)' && parent[p] < 0) break;
      stack[depth++] = callerFrame[p];
    }
    const ticks = nodes.ticks[n];
    let tickTotal = 0;
    if (ticks) for (let k = 1; k < ticks.length; k += 2) tickTotal += ticks[k];
    if (!ticks || tickTotal <= 0) {
      stack[0] = callerFrame[n];
      values[0] = count[n];
      values[1] = time[n] * 1e3;
      builder.sample(stack, depth, values);
      continue;
    }
    for (let k = 0; k < ticks.length; k += 2) {
      const share = ticks[k + 1] / tickTotal;
      stack[0] = builder.frame(fnOf[n], ticks[k], 0);
      values[0] = count[n] * share;
      values[1] = time[n] * 1e3 * share;
      builder.sample(stack, depth, values);
    }
  }
  return builder.build();
}

function readNodes(reader: JsonReader): Nodes {
  const nodes: Nodes = { count: 0, id: [], name: [], url: [], line: [], column: [], children: [], parentId: [], ticks: [], hitCount: [] };
  const ids = nodes.id;
  reader.beginArray();
  while (reader.hasNext()) {
    let id = Number.NaN;
    let name = '';
    let url = '';
    let line = 0;
    let column = 0;
    let hitCount = 0;
    let children: number[] = [];
    let parentId: number | undefined;
    let ticks: number[] | undefined;
    reader.beginObject();
    for (let k = reader.key(); k !== undefined; k = reader.key()) {
      const next = reader.peek();
      if (next === 0x6e) reader.skipValue();
      else if (k === 'id') id = reader.number();
      else if (k === 'hitCount') hitCount = reader.number();
      else if (k === 'parent') parentId = reader.number();
      else if (k === 'children') children = readNumbers(reader);
      else if (k === 'positionTicks') ticks = readTicks(reader);
      else if (k === 'callFrame') {
        reader.beginObject();
        for (let c = reader.key(); c !== undefined; c = reader.key()) {
          const v = reader.peek();
          if (v === 0x6e) reader.skipValue();
          else if (c === 'functionName') name = reader.string();
          else if (c === 'url') url = reader.string();
          else if (c === 'lineNumber') line = reader.number() + 1;
          else if (c === 'columnNumber') column = reader.number() + 1;
          else reader.skipValue();
        }
      } else reader.skipValue();
    }
    if (!Number.isInteger(id)) throw reader.error('a node has no id');
    ids.push(id);
    nodes.name.push(name === '' ? '(anonymous)' : name);
    nodes.url.push(url);
    nodes.line.push(line > 0 ? line : 0);
    nodes.column.push(column > 0 ? column : 0);
    nodes.children.push(children);
    nodes.parentId.push(parentId);
    nodes.ticks.push(ticks);
    nodes.hitCount.push(hitCount);
  }
  return { ...nodes, count: ids.length };
}

function readTicks(reader: JsonReader): number[] {
  const out: number[] = [];
  reader.beginArray();
  while (reader.hasNext()) {
    let line = 0;
    let ticks = 0;
    reader.beginObject();
    for (let k = reader.key(); k !== undefined; k = reader.key()) {
      if (k === 'line' && reader.peek() !== 0x6e) line = reader.number();
      else if (k === 'ticks' && reader.peek() !== 0x6e) ticks = reader.number();
      else reader.skipValue();
    }
    if (ticks > 0) out.push(line > 0 ? line : 0, ticks);
  }
  return out;
}

function readNumbers(reader: JsonReader): number[] {
  const out: number[] = [];
  reader.beginArray();
  while (reader.hasNext()) out.push(reader.number());
  return out;
}

/** Each node's parent index (-1 for a root); refuses a graph that is not a forest. */
function parents(nodes: Nodes, source: string): Int32Array {
  const index = new Map<number, number>();
  nodes.id.forEach((id, i) => {
    if (index.has(id)) throw new ProfileError(source, `node id ${id} is used twice`);
    index.set(id, i);
  });
  const parent = new Int32Array(nodes.count).fill(-1);
  const node = (id: number, from: number) => {
    const i = index.get(id);
    if (i === undefined) throw new ProfileError(source, `node ${nodes.id[from]} refers to node ${id}, which is not in "nodes"`);
    return i;
  };
  for (let n = 0; n < nodes.count; n++) {
    for (const childId of nodes.children[n]) {
      const c = node(childId, n);
      if (parent[c] >= 0 && parent[c] !== n) throw new ProfileError(source, `node ${childId} is a child of both node ${nodes.id[parent[c]]} and node ${nodes.id[n]}; the call tree is not a tree`);
      parent[c] = n;
    }
    const p = nodes.parentId[n];
    if (p !== undefined && parent[n] < 0) parent[n] = node(p, n);
  }
  // A cycle: walking up from a node takes more steps than there are nodes. Depths are remembered, so this is
  // linear in the number of nodes.
  const depth = new Int32Array(nodes.count).fill(-1);
  const path: number[] = [];
  for (let n = 0; n < nodes.count; n++) {
    let p = n;
    path.length = 0;
    while (p >= 0 && depth[p] < 0) {
      if (path.length > nodes.count) throw new ProfileError(source, `the node graph has a cycle (through node ${nodes.id[p]}); the call tree is not a tree`);
      path.push(p);
      depth[p] = -2;
      p = parent[p];
      if (p >= 0 && depth[p] === -2) throw new ProfileError(source, `the node graph has a cycle (through node ${nodes.id[p]}); the call tree is not a tree`);
    }
    let d = p >= 0 ? depth[p] : -1;
    for (let k = path.length - 1; k >= 0; k--) depth[path[k]] = ++d;
  }
  return parent;
}
