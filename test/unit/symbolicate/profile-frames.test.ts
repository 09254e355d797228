// The frame table the workspace analysis reads (columns: a function and a path key per frame, summed stacks),
// checked against the real fixture profiles as pprof-format reads them, with no PerfLens code on that side.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readProfileFile } from '../../../src/core/profile/parse';
import { frameAt, profileFrames, type ProfileFrameTable } from '../../../src/core/symbolicate/profile-frames';
import { fixturesDir, readFixture, valueIndex } from '../fixtures/read-fixture';

/** Each distinct stack as "fn file:line" frames leaf first, with its summed value. */
function stacksOf(table: ProfileFrameTable): Map<string, number> {
  const stacks = new Map<string, number>();
  const { count, value, start, frames } = table.stacks;
  for (let s = 0; s < count; s++) {
    const key = Array.from(frames.subarray(start[s], start[s + 1]), (f) => {
      const frame = frameAt(table, f);
      return `${frame.functionName} ${frame.file}:${frame.line}`;
    }).join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + value[s]);
  }
  return stacks;
}

function referenceStacks(relPath: string, sampleType: string): Map<string, number> {
  const fixture = readFixture(relPath);
  const index = valueIndex(fixture, sampleType);
  const stacks = new Map<string, number>();
  for (const sample of fixture.samples) {
    const key = sample.locations.flatMap((lines) => lines.map((l) => `${l.fn} ${l.file}:${l.line}`)).join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + sample.values[index]);
  }
  return stacks;
}

for (const [relPath, sampleType] of [['go/cpu.pb.gz', 'cpu/nanoseconds'], ['node/wall-inlined.pb.gz', 'wall/nanoseconds']] as const) {
  describe(`the frame table of ${relPath}`, () => {
    const profile = readProfileFile(join(fixturesDir, relPath));
    const typeIndex = profile.sampleTypes.findIndex((t) => `${t.type}/${t.unit}` === sampleType);
    const table = profileFrames([profile], typeIndex);

    it('has the stacks pprof-format reads, inlined frames expanded, equal stacks summed', () => {
      assert.deepEqual(stacksOf(table), referenceStacks(relPath, sampleType));
    });

    it('numbers functions by (name, file) and paths by file, once each', () => {
      const functions = new Map<string, number>();
      const paths = new Map<string, number>();
      for (let f = 0; f < table.frameCount; f++) {
        const frame = frameAt(table, f);
        const fn = functions.get(`${frame.functionName}\u0000${frame.file}`) ?? table.frameFunction[f];
        functions.set(`${frame.functionName}\u0000${frame.file}`, fn);
        assert.equal(table.frameFunction[f], fn, `${frame.functionName} in ${frame.file}`);
        if (frame.file === '') continue;
        const path = paths.get(frame.file) ?? table.framePath[f];
        paths.set(frame.file, path);
        assert.equal(table.framePath[f], path, frame.file);
      }
      assert.equal(table.functionCount, functions.size);
      assert.equal(new Set(table.frameFunction).size, functions.size);
      assert.ok(new Set(table.framePath).size >= paths.size);
    });

    it('merged with itself: no frame or function added, every stack worth twice as much', () => {
      const twice = profileFrames([profile, profile], typeIndex);
      assert.equal(twice.frameCount, table.frameCount);
      assert.equal(twice.functionCount, table.functionCount);
      const doubled = new Map([...stacksOf(table)].map(([key, v]) => [key, 2 * v]));
      assert.deepEqual(stacksOf(twice), doubled);
    });
  });
}
