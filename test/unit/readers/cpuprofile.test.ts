// Chrome/Node .cpuprofile: a real profile of a small program made here with `node --cpu-prof` (its planted hot
// function and hot line come out on top, with speedscope's total and DevTools' per-function self times), a
// hand-checked file, and node graphs that are not trees refused in one line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/core/profile/errors';
import { readProfiles } from '../../../src/core/readers';
import { sampleLines, totals } from '../core/helpers/profileText';
import { topRows } from './helpers/figures';
import { speedscopeFigures } from '../../../bench/readers/speedscopeImporter';

const PROGRAM = `'use strict';
function hot(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i); // HOT LINE
  return s;
}
function cold(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += i;
  return s;
}
function loop() {
  const end = Date.now() + 700;
  let x = 0;
  while (Date.now() < end) { x += hot(200000); x += cold(20000); }
  return x;
}
loop();
`;

const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const frame = (functionName: string, url = 'file:///app/a.js', lineNumber = 0, columnNumber = 0) => ({ functionName, scriptId: '1', url, lineNumber, columnNumber });

function refusal(o: unknown, what: RegExp): void {
  assert.throws(() => readProfiles(json(o), 'bad.cpuprofile'), (e: unknown) => e instanceof ProfileError && !/\n/.test(e.message) && what.test(e.message));
}

describe('.cpuprofile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-cpuprofile-'));
  const script = join(dir, 'busy.js');
  writeFileSync(script, PROGRAM);
  execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=busy.cpuprofile', script]);
  const file = join(dir, 'busy.cpuprofile');

  it('reads node --cpu-prof output: the planted hot function and line on top, speedscope\'s total', async () => {
    assert.ok(readdirSync(dir).includes('busy.cpuprofile'));
    const bytes = readFileSync(file);
    const [p] = readProfiles(file);
    assert.equal(p.format, '.cpuprofile');
    assert.deepEqual(p.sampleTypes, [{ type: 'samples', unit: 'count' }, { type: 'wall', unit: 'nanoseconds' }]);
    assert.equal(totals(p)[0], (JSON.parse(bytes.toString()) as { samples: number[] }).samples.length, 'every sample counted');

    const [reference] = await speedscopeFigures('busy.cpuprofile', bytes);
    const wall = topRows([p], 'wall', 'function-name');
    assert.ok(Math.abs(wall.total - reference.totalWeight * 1e3) < 1, `total ${wall.total} vs speedscope ${reference.totalWeight * 1e3}`);
    const top = [...wall.rows.values()].sort((a, b) => b.flat - a.flat)[0];
    assert.equal(top.function, 'hot');
    assert.ok(top.flat > 0.5 * wall.total, 'hot has most of the time');
    // Each function's self time is its samples' time until the next sample, as DevTools counts it (speedscope moves
    // "(program)" and "(garbage collector)" samples onto the stack before them, so its per-function figures differ).
    const nodes = (JSON.parse(bytes.toString()) as { nodes: { id: number; callFrame: { functionName: string } }[] }).nodes;
    const nameOf = new Map(nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
    const { samples, timeDeltas, endTime, startTime } = JSON.parse(bytes.toString()) as { samples: number[]; timeDeltas: number[]; endTime: number; startTime: number };
    const self = new Map<string, number>();
    let at = startTime;
    const times = timeDeltas.map((d) => (at += d));
    samples.forEach((id, i) => self.set(nameOf.get(id)!, (self.get(nameOf.get(id)!) ?? 0) + ((i + 1 < times.length ? times[i + 1] : endTime) - times[i]) * 1e3));
    for (const [name, ns] of self) {
      if (name === '(root)') continue;
      assert.ok(Math.abs(wall.rows.get(name)!.flat - ns) < 1, `self of ${name}: ${wall.rows.get(name)!.flat} vs ${ns}`);
    }
    const lines = topRows([p], 'wall', 'line');
    const hotLine = lines.list.find((r) => r.function === 'hot')!;
    assert.equal(hotLine.line, PROGRAM.split('\n').findIndex((l) => l.includes('HOT LINE')) + 1, 'hot\'s time is on its loop line');
  });

  it('reads a hand-made profile: time until the next sample, self ticks by line, callers at their first line', () => {
    const [p] = readProfiles(json({
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1, -1), children: [2] },
        { id: 2, callFrame: frame('main', 'file:///app/a.js', 9, 0), children: [3] },
        { id: 3, callFrame: frame('', 'file:///app/a.js', 19, 4), positionTicks: [{ line: 21, ticks: 3 }, { line: 23, ticks: 1 }] },
      ],
      startTime: 1000, endTime: 1100, samples: [3, 2, 3, 3, 3], timeDeltas: [10, 20, 20, 20, 20],
    }), 'x.cpuprofile');
    // Samples at 1010 (node 3), 1030 (node 2), 1050, 1070, 1090 (node 3); the last runs to 1100; 1000..1010 is before
    // any. Node 3: 4 samples, 20 + 20 + 20 + 10 µs, split 3:1 between its lines.
    assert.deepEqual(sampleLines(p), [
      ' {} 0,10000',
      '(anonymous)@file:///app/a.js:21 < main@file:///app/a.js:10 {} 3,52500',
      '(anonymous)@file:///app/a.js:23 < main@file:///app/a.js:10 {} 1,17500',
      'main@file:///app/a.js:10 {} 1,20000',
    ]);
    assert.equal(p.durationNanos, 100e3);
  });

  it('reads the older format with parent ids', () => {
    const [p] = readProfiles(json({
      nodes: [{ id: 1, callFrame: frame('(root)', '', -1, -1) }, { id: 2, callFrame: frame('main'), parent: 1 }, { id: 3, callFrame: frame('leaf'), parent: 2 }],
      startTime: 0, endTime: 30, samples: [3, 3], timeDeltas: [0, 10],
    }), 'old.cpuprofile');
    assert.deepEqual(sampleLines(p), ['leaf@file:///app/a.js:1 < main@file:///app/a.js:1 {} 2,30000']);
  });

  it('refuses node graphs that are not trees and samples of unknown nodes, in one line', () => {
    const nodes = (children: Record<number, number[]>) => Object.entries(children).map(([id, c]) => ({ id: Number(id), callFrame: frame(`f${id}`), children: c }));
    refusal({ nodes: nodes({ 1: [2], 2: [3], 3: [2] }), samples: [3], timeDeltas: [1] }, /child of both node 1 and node 3|cycle/);
    refusal({ nodes: nodes({ 1: [2], 2: [1] }), samples: [1], timeDeltas: [1] }, /cycle/);
    refusal({ nodes: nodes({ 1: [1] }), samples: [1], timeDeltas: [1] }, /cycle/);
    refusal({ nodes: nodes({ 1: [2, 3], 2: [3], 3: [] }), samples: [3], timeDeltas: [1] }, /node 3 is a child of both node 1 and node 2/);
    refusal({ nodes: nodes({ 1: [7] }), samples: [1], timeDeltas: [1] }, /node 1 refers to node 7, which is not in "nodes"/);
    refusal({ nodes: nodes({ 1: [] }), samples: [1, 5], timeDeltas: [1, 1] }, /sample 2 refers to node 5/);
    refusal({ nodes: nodes({ 1: [] }), samples: [1, 1], timeDeltas: [1] }, /2 samples but 1 timeDeltas/);
    const bomb = `{"nodes":[{"id":1,"callFrame":{"functionName":"f"},"x":${'['.repeat(300_000)}${']'.repeat(300_000)}}]}`;
    assert.throws(() => readProfiles(new TextEncoder().encode(bomb), 'bomb.cpuprofile'), /not a valid \.cpuprofile: nested deeper than 256 levels/);
  });

  it('reads a 10^5-deep call chain without overflowing the stack', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: i + 1, callFrame: frame(`f${i % 100}`), children: i + 1 < n ? [i + 2] : [] }));
    const [p] = readProfiles(json({ nodes, startTime: 0, endTime: 10, samples: [n], timeDeltas: [0] }), 'deep.cpuprofile');
    assert.deepEqual(totals(p), [1, 10e3]);
  });
});
