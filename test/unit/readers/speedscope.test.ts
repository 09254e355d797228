// speedscope JSON: hand-checked small files (sampled, evented, several profiles), speedscope's own importer's totals
// and per-frame figures on generated files, and hostile JSON refused in one line without building the document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/core/profile/errors';
import { readProfiles } from '../../../src/core/readers';
import { profilesOfType } from '../../../src/core/readers/groups';
import { speedscopeEvented, speedscopeSampled } from '../../../bench/readers/generate';
import { sampleLines, totals } from '../core/helpers/profileText';
import { topRows } from './helpers/figures';
import { speedscopeFigures } from '../../../bench/readers/speedscopeImporter';

const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const SCHEMA = 'https://www.speedscope.app/file-format-schema.json';
const frames = [
  { name: 'main', file: 'app.py', line: 30 },
  { name: 'handle', file: 'app/views.py', line: 12, col: 5 },
  { name: 'hot', file: 'app/work.py', line: 7 },
];

function refusal(bytes: Uint8Array, what: RegExp): void {
  assert.throws(() => readProfiles(bytes, 'bad.speedscope.json'), (e: unknown) => {
    assert.ok(e instanceof ProfileError, String(e));
    assert.ok(!/\n/.test(e.message));
    assert.match(e.message, what);
    return true;
  });
}


describe('speedscope JSON', () => {
  it('reads a sampled profile: stacks root first, weights in nanoseconds, samples counted', () => {
    const [p] = readProfiles(json({
      $schema: SCHEMA, shared: { frames },
      profiles: [{ type: 'sampled', name: 'main thread', unit: 'milliseconds', startValue: 0, endValue: 50, samples: [[0, 1, 2], [0, 1], [0, 1, 2]], weights: [10, 5, 20] }],
    }), 'x.json');
    assert.equal(p.format, 'speedscope');
    assert.deepEqual(p.sampleTypes, [{ type: 'samples', unit: 'count' }, { type: 'wall', unit: 'nanoseconds' }]);
    assert.equal(p.defaultSampleType, 'wall');
    assert.equal(p.durationNanos, 50e6);
    assert.deepEqual(sampleLines(p), [
      'handle@app/views.py:12 < main@app.py:30 {} 1,5000000',
      'hot@app/work.py:7 < handle@app/views.py:12 < main@app.py:30 {} 2,30000000',
    ]);
  });

  it('reads an evented profile: the time between events goes to the stack open then', () => {
    const [p] = readProfiles(json({
      $schema: SCHEMA, shared: { frames },
      profiles: [{ type: 'evented', name: 'trace', unit: 'microseconds', startValue: 0, endValue: 100, events: [
        { type: 'O', frame: 0, at: 0 }, { type: 'O', frame: 1, at: 10 }, { type: 'O', frame: 2, at: 15 }, { type: 'C', frame: 2, at: 40 },
        { type: 'C', frame: 1, at: 60 }, { at: 100, frame: 0, type: 'C' },
      ] }],
    }), 'x.json');
    assert.deepEqual(p.sampleTypes, [{ type: 'wall', unit: 'nanoseconds' }]);
    assert.deepEqual(sampleLines(p), [
      'handle@app/views.py:12 < main@app.py:30 {} 25000',
      'hot@app/work.py:7 < handle@app/views.py:12 < main@app.py:30 {} 25000',
      'main@app.py:30 {} 50000',
    ]);
  });

  it('puts profiles of one kind in one profile, labelled by thread, and other kinds apart', () => {
    const profiles = readProfiles(json({
      shared: { frames }, $schema: SCHEMA,
      profiles: [
        { type: 'sampled', name: 'worker 1', unit: 'milliseconds', startValue: 0, endValue: 1, samples: [[0, 2]], weights: [3] },
        { type: 'sampled', name: 'worker 2', unit: 'milliseconds', startValue: 0, endValue: 1, samples: [[0, 2]], weights: [4] },
        { type: 'sampled', name: 'allocations', unit: 'bytes', startValue: 0, endValue: 1, samples: [[0, 1]], weights: [4096] },
      ],
    }), 'x.json');
    assert.equal(profiles.length, 2);
    assert.deepEqual(sampleLines(profiles[0]), ['hot@app/work.py:7 < main@app.py:30 {thread=worker 1} 1,3000000', 'hot@app/work.py:7 < main@app.py:30 {thread=worker 2} 1,4000000']);
    assert.deepEqual(profiles[1].sampleTypes, [{ type: 'samples', unit: 'count' }, { type: 'alloc_space', unit: 'bytes' }]);
    assert.deepEqual(profilesOfType([profiles], 'alloc_space'), [profiles[1]]);
  });

  it('gives speedscope\'s totals and per-frame figures on generated sampled and evented files', async () => {
    for (const [name, bytes, typeIndex, scale] of [
      ['sampled.json', speedscopeSampled(400_000, { profiles: 1, seed: 7 }), 1, 1e6],
      ['threads.json', speedscopeSampled(400_000, { profiles: 3, seed: 8 }), 1, 1e6],
      ['evented.json', speedscopeEvented(20_000, { seed: 9 }), 0, 1e3],
    ] as const) {
      const reference = await speedscopeFigures(name, bytes);
      const profiles = readProfiles(bytes, name);
      assert.equal(profiles.length, 1, name);
      const ours = totals(profiles[0])[typeIndex];
      assert.equal(ours, reference.reduce((s, r) => s + r.totalWeight, 0) * scale, `${name}: total`);
      if (reference.length > 1) continue; // speedscope figures frames per profile; ours merge the threads
      const { rows } = topRows(profiles, typeIndex, 'function-name');
      for (const [frame, f] of reference[0].frames) {
        const row = rows.get(frame);
        assert.ok(row, `${name}: ${frame}`);
        assert.ok(Math.abs(row.flat - f.self * scale) < 1e-6 * scale, `${name}: self of ${frame}: ${row.flat} vs ${f.self * scale}`);
        assert.ok(Math.abs(row.cum - f.total * scale) < 1e-6 * scale, `${name}: total of ${frame}: ${row.cum} vs ${f.total * scale}`);
      }
    }
  });

  it('refuses broken and hostile files in one line', () => {
    const deep = `{"$schema":"${SCHEMA}","shared":{"frames":[]},"profiles":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    refusal(new TextEncoder().encode(deep), /nested deeper than 256 levels/);
    const deepFrames = `{"$schema":"${SCHEMA}","shared":{"frames":[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]},"profiles":[]}`;
    refusal(new TextEncoder().encode(deepFrames), /nested deeper than 256 levels/);
    refusal(json({ $schema: SCHEMA, shared: { frames }, profiles: [{ type: 'sampled', name: 't', unit: 'none', startValue: 0, endValue: 1, samples: [[0, 9]], weights: [1] }] }),
      /frame index 9 is not one of the 3 shared frames/);
    refusal(json({ $schema: SCHEMA, shared: { frames }, profiles: [{ type: 'evented', name: 't', unit: 'none', startValue: 0, endValue: 1, events: [{ type: 'O', frame: 0, at: 0 }, { type: 'C', frame: 1, at: 1 }] }] }),
      /closes frame 1 while frame 0 is open/);
    refusal(json({ $schema: SCHEMA, shared: { frames }, profiles: [{ type: 'sampled', name: 't', unit: 'parsecs', startValue: 0, endValue: 1, samples: [], weights: [] }] }),
      /unit "parsecs"/);
    refusal(json({ $schema: SCHEMA, shared: { frames }, profiles: [{ type: 'sampled', name: 't', unit: 'none', startValue: 0, endValue: 1, samples: [[0], [0]], weights: [1] }] }),
      /more samples than weights/);
    const cut = speedscopeSampled(20_000);
    refusal(cut.subarray(0, cut.length - 100), /not a valid speedscope file: .* at byte \d+/);
    refusal(new TextEncoder().encode(`{"$schema":"${SCHEMA}","profiles":[]}`), /no "shared"/);
  });

  it('reads a file with a huge array of one frame without building it as objects', () => {
    const n = 2_000_000;
    const bytes = new TextEncoder().encode(`{"$schema":"${SCHEMA}","shared":{"frames":[{"name":"f"}]},"profiles":[{"type":"sampled","name":"t","unit":"none","startValue":0,"endValue":1,"samples":[${'[0],'.repeat(n - 1)}[0]],"weights":[${'1,'.repeat(n - 1)}1]}]}`);
    const [p] = readProfiles(bytes, 'huge.json');
    assert.deepEqual(totals(p), [n]);
    assert.equal(p.samples.count, 1);
  });
});
