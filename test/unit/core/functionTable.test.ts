// Call edges of a profile of many random stacks (the hovers' "Calls" / "Called by"), checked against edges counted
// the plain way — a map of (caller, callee) pairs, each stack counted once per pair — including recursion, inlined
// frames of one function, functions with more callers than a hover lists, and enough edges for the table to grow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callEdges, callEdgesByChunk, edgeLists, functionTable } from '../../../src/core/aggregate/functionTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { rowEdges, workspaceFunctions } from '../../../src/core/aggregate/workspaceFunctions';
import { select } from '../../../src/core/query/select';
import { stackProfile } from './helpers/stackProfile';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomProfile(seed: number, functions: number, stacks: number) {
  const next = random(seed);
  const samples = Array.from({ length: stacks }, () => {
    const depth = 1 + Math.floor(next() * 12);
    const stack = Array.from({ length: depth }, () => {
      const f = Math.floor(next() * functions);
      // Some locations hold an inlined frame of the same function (an edge of a function to itself: none).
      return next() < 0.1 ? [`f${f}@f${f}.go:${f + 1}`, `f${f}@f${f}.go:${f + 2}`] : `f${f}@f${f}.go:${f + 1}`;
    });
    return { stack, values: [1, Math.floor(next() * 100) - 10] };
  });
  return select(buildModel([stackProfile({ samples })]), { type: 'cpu' });
}

/** Edges the plain way: per stack, each distinct adjacent (caller, callee) of different functions once. */
function plainEdges(selection: ReturnType<typeof randomProfile>): Map<string, number> {
  const edges = new Map<string, number>();
  const { start, frames } = selection.stacks;
  const fn = selection.frames.function;
  for (let s = 0; s < selection.stacks.count; s++) {
    if (selection.value[s] === 0) continue;
    const seen = new Set<string>();
    for (let i = start[s]; i + 1 < start[s + 1]; i++) {
      const callee = fn[frames[i]];
      const caller = fn[frames[i + 1]];
      const key = `${caller}>${callee}`;
      if (caller === callee || seen.has(key)) continue;
      seen.add(key);
      edges.set(key, (edges.get(key) ?? 0) + selection.value[s]);
    }
  }
  return edges;
}

describe('call edges', () => {
  it('are the distinct caller → callee pairs, each stack counted once per pair, in first-seen order', () => {
    const selection = randomProfile(7, 40, 3_000);
    const table = functionTable(selection);
    const expected = plainEdges(selection);
    const got = new Map<string, number>();
    for (let e = 0; e < table.edgeCaller.length; e++) got.set(`${table.edgeCaller[e]}>${table.edgeCallee[e]}`, table.edgeValue[e]);
    assert.equal(table.edgeCaller.length, got.size, 'each pair once');
    assert.deepEqual(got, expected);
    assert.deepEqual([...got.keys()], [...expected.keys()], 'first-seen order');
  });

  it('list the highest first per function, the same with a limit as in a whole sort', () => {
    const selection = randomProfile(11, 30, 2_000);
    const table = functionTable(selection);
    const n = selection.functions.count;
    const whole = edgeLists(n, table.edgeCallee, table.edgeValue);
    const top = edgeLists(n, table.edgeCallee, table.edgeValue, 8);
    let cut = 0;
    for (let f = 0; f < n; f++) {
      const list = [...whole.edges.subarray(whole.start[f], whole.start[f + 1])];
      for (let k = 1; k < list.length; k++) {
        const [a, b] = [list[k - 1], list[k]];
        assert.ok(table.edgeValue[a] > table.edgeValue[b] || (table.edgeValue[a] === table.edgeValue[b] && a < b), `function ${f}: by value, then first seen`);
      }
      if (list.length > 8) cut++;
      assert.deepEqual([...top.edges.subarray(top.start[f], top.start[f] + Math.min(8, list.length))], list.slice(0, 8), `function ${f}`);
    }
    assert.ok(cut > 10, 'functions with more callers than the limit');
  });

  it('asked for after rows made without them (the heat first), are the rows\' own: same callers and callees', () => {
    const selection = randomProfile(13, 60, 4_000);
    const whole = workspaceFunctions(selection, undefined);
    const bare = workspaceFunctions(selection, undefined, undefined, undefined, false);
    assert.deepEqual([...bare.rowOf], [...whole.rowOf], 'the same rows in the same order');
    assert.ok(bare.rows.every((r) => r.callers.length === 0 && r.callees.length === 0), 'no edge counted for the heat');
    const later = rowEdges(selection, bare.rowOf);
    const list = (c: typeof later.callers, r: number) => [...c.fn.subarray(c.start[r], c.start[r + 1])].map((fn, k) => ({ fn, value: c.value[c.start[r] + k] }));
    let withEdges = 0;
    whole.rows.forEach((row, r) => {
      assert.deepEqual(list(later.callers, r), row.callers, `row ${r}: callers`);
      assert.deepEqual(list(later.callees, r), row.callees, `row ${r}: callees`);
      if (row.callers.length > 0 && row.callees.length > 0) withEdges++;
    });
    assert.ok(withEdges > 20, 'rows with both callers and callees');
  });

  it('counted in chunks of stacks (the worker gives way between two), are the same edges whatever the chunk size', () => {
    const selection = randomProfile(17, 60, 4_000);
    const whole = callEdges(selection);
    assert.ok(whole.edgeCaller.length > 100, 'a profile with many edges');
    for (const chunk of [1, 7, 999, selection.stacks.count, Infinity]) {
      const counting = callEdgesByChunk(selection, chunk);
      const yielded: number[] = [];
      let next = counting.next();
      while (!next.done) {
        yielded.push(next.value);
        next = counting.next();
      }
      const pauses: number[] = [];
      for (let at = chunk; at < selection.stacks.count; at += chunk) pauses.push(at);
      assert.deepEqual(yielded, pauses, `chunk ${chunk}: a pause between two chunks, with the stacks counted so far`);
      assert.deepEqual([...next.value.edgeCaller], [...whole.edgeCaller], `chunk ${chunk}: callers`);
      assert.deepEqual([...next.value.edgeCallee], [...whole.edgeCallee], `chunk ${chunk}: callees`);
      assert.deepEqual([...next.value.edgeValue], [...whole.edgeValue], `chunk ${chunk}: values (each stack counted once per edge)`);
    }
  });
});
