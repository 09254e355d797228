// Flat/cum semantics on small hand-written stacks, where the right answer can be worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../bench/profile/generate';
import { flatCum, flatCums, type FlatCum } from '../../../src/core/aggregate/flatCum';
import { rowsWithValue, sortedRows, topTable, type AggregateBy } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { select } from '../../../src/core/query/select';
import { stackProfile, type StackProfileSpec } from './helpers/stackProfile';

function rows(spec: StackProfileSpec, by: AggregateBy, type = 1) {
  const selection = select(buildModel([stackProfile(spec)]), { type });
  const table = topTable(selection, by);
  return { total: table.total, rows: sortedRows(selection, table) };
}

const row = (r: { rows: { function: string; file: string; line: number | null; flat: number; cum: number }[] }, fn: string, file?: string) =>
  r.rows.find((x) => x.function === fn && (file === undefined || x.file === file));

describe('flat and cum (topTable over a selection)', () => {
  it('gives flat to the leaf and cum to every function on the stack', () => {
    const r = rows({ samples: [
      { stack: ['leaf@a.go:3', 'mid@a.go:10', 'main@m.go:5'], values: [1, 10] },
      { stack: ['mid@a.go:12', 'main@m.go:5'], values: [2, 20] },
    ] }, 'function');
    assert.equal(r.total, 30);
    assert.deepEqual(r.rows.map((x) => [x.function, x.flat, x.cum]), [['mid', 20, 30], ['leaf', 10, 10], ['main', 0, 30]]);
  });

  it('counts a recursive function once per sample in cum', () => {
    const r = rows({ samples: [
      { stack: ['fib@f.go:4', 'fib@f.go:6', 'fib@f.go:6', 'fib@f.go:6', 'main@m.go:1'], values: [1, 7] },
    ] }, 'function');
    assert.equal(row(r, 'fib')!.cum, 7);
    assert.equal(row(r, 'fib')!.flat, 7);
    assert.equal(row(r, 'main')!.cum, 7);
  });

  it('gives flat to the innermost inlined frame and cum to the functions it is inlined into', () => {
    const r = rows({ samples: [
      { stack: [['small@s.go:2', 'caller@c.go:8'], 'main@m.go:1'], values: [1, 5] },
    ] }, 'function');
    assert.deepEqual([row(r, 'small')!.flat, row(r, 'small')!.cum], [5, 5]);
    assert.deepEqual([row(r, 'caller')!.flat, row(r, 'caller')!.cum], [0, 5]);
  });

  it('tells functions of the same name in different files apart', () => {
    const r = rows({ samples: [
      { stack: ['init@a.go:1'], values: [1, 3] },
      { stack: ['init@b.go:1'], values: [1, 4] },
    ] }, 'function');
    assert.equal(row(r, 'init', 'a.go')!.flat, 3);
    assert.equal(row(r, 'init', 'b.go')!.flat, 4);
  });

  it('aggregates per file:line, counting a line once per sample', () => {
    const r = rows({ samples: [
      { stack: ['f@a.go:3', 'f@a.go:3', 'g@a.go:20'], values: [1, 6] },
      { stack: ['h@a.go:3', 'g@a.go:21'], values: [1, 1] },
    ] }, 'line');
    const line3 = r.rows.find((x) => x.file === 'a.go' && x.line === 3)!;
    assert.deepEqual([line3.flat, line3.cum], [7, 7]);
    assert.equal(line3.function, 'f', 'the first function seen at the line');
    assert.deepEqual(r.rows.filter((x) => x.line === 20 || x.line === 21).map((x) => [x.line, x.cum]).sort(), [[20, 6], [21, 1]]);
  });

  it('aggregates per file with the file counted once per sample', () => {
    const r = rows({ samples: [
      { stack: ['f@a.go:3', 'g@b.go:5', 'h@a.go:9'], values: [1, 4] },
    ] }, 'file');
    assert.deepEqual(r.rows.map((x) => [x.file, x.function, x.line, x.flat, x.cum]), [['a.go', '', null, 4, 4], ['b.go', '', null, 0, 4]]);
  });

  it('counts stacks without locations in the total only, and negative values by magnitude', () => {
    const r = rows({ samples: [
      { stack: [], values: [1, 5] },
      { stack: ['f@a.go:1'], values: [1, -3] },
      { stack: ['g@a.go:2'], values: [1, 2] },
    ] }, 'function');
    assert.equal(r.total, 10);
    assert.deepEqual(r.rows.map((x) => [x.function, x.flat]), [['g', 2], ['f', -3]]);
  });

  it('orders rows of equal flat and cum by name, file and line, also when a limit cuts through them', () => {
    const spec = { samples: [
      { stack: ['delta@d.go:1'], values: [1, 5] },
      { stack: ['bravo@b.go:1'], values: [1, 2] },
      { stack: ['charlie@c.go:1'], values: [1, 2] },
      { stack: ['alpha@z.go:1'], values: [1, 2] },
      { stack: ['alpha@a.go:1'], values: [1, 2] },
      { stack: ['echo@e.go:1'], values: [1, 1] },
    ] };
    const selection = select(buildModel([stackProfile(spec)]), { type: 1 });
    const table = topTable(selection, 'function');
    const all = sortedRows(selection, table).map((x) => `${x.function}@${x.file}`);
    assert.deepEqual(all, ['delta@d.go', 'alpha@a.go', 'alpha@z.go', 'bravo@b.go', 'charlie@c.go', 'echo@e.go']);
    assert.deepEqual(sortedRows(selection, table, 3).map((x) => `${x.function}@${x.file}`), all.slice(0, 3));
    assert.equal(rowsWithValue(table), 6);
  });

  it('leaves out functions whose flat and cum are both zero', () => {
    const r = rows({ samples: [
      { stack: ['f@a.go:1'], values: [1, 0] },
      { stack: ['g@a.go:2'], values: [1, 2] },
    ] }, 'function');
    assert.deepEqual(r.rows.map((x) => x.function), ['g']);
  });

  it('counts a line once per sample when two of its frames differ only in column', () => {
    const r = rows({ samples: [{ stack: ['f@a.js:3', 'g@a.js:3'], values: [1, 4] }] }, 'line');
    assert.deepEqual(r.rows.map((x) => [x.line, x.flat, x.cum]), [[3, 4, 4]]);
  });

  it('aggregates any sample type', () => {
    const r = rows({ samples: [{ stack: ['f@a.go:1'], values: [3, 30] }] }, 'function', 0);
    assert.equal(r.total, 3);
  });
});

describe('flatCum on random stacks and keys, against counting each stack\'s distinct keys by hand', () => {
  // Keys of one frame each (stamped per frame), keys shared by a few frames (stamped per frame and per key), keys of
  // many frames (stamped per key), frames without a key: every way flatCum counts.
  const frameCount = 60;
  const keySets = [
    ['a frame per key', (f: number) => f],
    ['a frame per key, a few keys of two frames, some frames keyless', (f: number) => (f % 11 === 0 ? -1 : f % 13 === 0 ? f - 1 : f)],
    ['many frames per key', (f: number) => f % 7],
    ['more keys than 16 bits number, most of them on no frame', (f: number) => (f % 5 === 0 ? 70_000 + (f % 3) : f * 1_100)],
  ] as const;
  const keysOf = (keyOf: (f: number) => number) => {
    const keyOfFrame = Int32Array.from({ length: frameCount }, (_, f) => keyOf(f));
    return { keyOfFrame, keyCount: Math.max(...keyOfFrame) + 1 };
  };

  function randomStacks(seed: number) {
    const random = seededRandom(seed);
    const start = [0];
    const frames: number[] = [];
    const value: number[] = [];
    for (let s = 0; s < 300; s++) {
      const depth = Math.floor(random() * 12);
      // Recursion and repeats: frames drawn from a small window.
      const base = Math.floor(random() * (frameCount - 15));
      for (let d = 0; d < depth; d++) frames.push(base + Math.floor(random() * 15));
      start.push(frames.length);
      value.push(random() < 0.1 ? 0 : Math.round((random() - 0.2) * 100));
    }
    return { count: value.length, start: Int32Array.from(start), frames: Int32Array.from(frames), value: Float64Array.from(value) };
  }

  function assertCountedByHand(stacks: ReturnType<typeof randomStacks>, keyOfFrame: Int32Array, keyCount: number, got: FlatCum): void {
    const { start, frames, value } = stacks;
    const flat = new Float64Array(keyCount);
    const cum = new Float64Array(keyCount);
    let total = 0;
    for (let s = 0; s < stacks.count; s++) {
      total += Math.abs(value[s]);
      const onStack = Array.from(frames.subarray(start[s], start[s + 1]), (f) => keyOfFrame[f]);
      if (onStack.length > 0 && onStack[0] >= 0) flat[onStack[0]] += value[s];
      for (const k of new Set(onStack)) if (k >= 0) cum[k] += value[s];
    }
    assert.deepEqual(Array.from(got.flat), Array.from(flat));
    assert.deepEqual(Array.from(got.cum), Array.from(cum));
    assert.equal(got.total, total);
  }

  for (const [name, keyOf] of keySets) {
    it(name, () => {
      const stacks = randomStacks(name.length);
      const { keyOfFrame, keyCount } = keysOf(keyOf);
      assertCountedByHand(stacks, keyOfFrame, keyCount, flatCum(stacks, stacks.value, keyOfFrame, keyCount));
    });
  }

  it('counts every key set at once, each frame its own key among them, as each one alone', () => {
    const stacks = randomStacks(7);
    const sets = keySets.map(([, keyOf]) => keysOf(keyOf));
    const got = flatCums(stacks, stacks.value, [...sets, { keyCount: frameCount }]);
    sets.forEach((set, i) => assertCountedByHand(stacks, set.keyOfFrame, set.keyCount, got[i]));
    assertCountedByHand(stacks, Int32Array.from({ length: frameCount }, (_, f) => f), frameCount, got[sets.length]);
    // Without a set counted per frame: only sets stamped per key, in one pass.
    const perKey = flatCums(stacks, stacks.value, [sets[2], keysOf((f) => f % 3)]);
    assertCountedByHand(stacks, sets[2].keyOfFrame, sets[2].keyCount, perKey[0]);
    assertCountedByHand(stacks, keysOf((f) => f % 3).keyOfFrame, 3, perKey[1]);
  });
});
