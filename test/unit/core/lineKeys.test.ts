// The call tree's line keys (per frame: its profiled and today's line, numbered in line order), and the keys kept per
// frames table and today's lines, which every tree of a model's selections under one mapping shares.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { keptLineKeys, lineKeys } from '../../../src/core/aggregate/lineKeys';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfiles } from '../../../src/core/readers';

describe('line keys', () => {
  const model = buildModel(readProfiles(join(__dirname, '../../fixtures/spans/cpu.pb.gz')));
  const frames = model.frames;

  it('numbers each (profiled, today\'s) line pair in line order, frames without a line at line 0', () => {
    const today = Float64Array.from(frames.line, (l, f) => (f % 2 === 0 ? l + 3 : l));
    const keys = lineKeys(frames, today);
    for (let f = 0; f < frames.count; f++) {
      const k = keys.keyOfFrame[f];
      assert.equal(keys.line[k], frames.line[f] > 0 ? frames.line[f] : 0);
      if (frames.line[f] > 0) assert.equal(keys.current[k], today[f]);
    }
    for (let k = 1; k < keys.count; k++) assert.ok(keys.line[k - 1] < keys.line[k] || (keys.line[k - 1] === keys.line[k] && keys.current[k - 1] < keys.current[k]), `key ${k} in line order`);
  });

  it('keeps the keys per frames table and today\'s lines: the same for the same columns, made anew for others', () => {
    const today = Float64Array.from(frames.line, (l) => l + 1);
    const kept = keptLineKeys(frames, today);
    assert.equal(keptLineKeys(frames, today), kept);
    assert.deepEqual(kept, lineKeys(frames, today));
    const otherDay = Float64Array.from(frames.line, (l) => l + 2);
    assert.deepEqual(keptLineKeys(frames, otherDay), lineKeys(frames, otherDay));
    assert.notEqual(keptLineKeys(frames, otherDay), kept);
    const profiled = keptLineKeys(frames);
    assert.equal(keptLineKeys(frames), profiled);
    assert.deepEqual(profiled, lineKeys(frames));
    const extended = { count: frames.count + 1, line: Float64Array.from([...frames.line, 7]) };
    assert.equal(keptLineKeys(extended).keyOfFrame.length, frames.count + 1, 'another frames table (a filter\'s made-up frames) has keys of its own');
  });
});
