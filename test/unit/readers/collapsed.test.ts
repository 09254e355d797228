// Collapsed stacks: hand-checked small files in each profiler's dialect, the same totals and per-function figures
// as speedscope's own importer on a real perf file, and bad input that is refused or read in bounded form.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/core/profile/errors';
import { readProfiles } from '../../../src/core/readers';
import { MAX_STACK_DEPTH } from '../../../src/core/readers/build/profileBuilder';
import { parseFrameText } from '../../../src/core/readers/collapsed/frameText';
import { sampleLines, totals } from '../core/helpers/profileText';
import { topRows } from './helpers/figures';
import { speedscopeFigures } from '../../../bench/readers/speedscopeImporter';

const text = (s: string) => new TextEncoder().encode(s);
const read = (s: string) => {
  const profiles = readProfiles(text(s), 'stacks.txt');
  assert.equal(profiles.length, 1);
  assert.equal(profiles[0].format, 'collapsed stacks');
  return profiles[0];
};

describe('collapsed stacks', () => {
  it('reads stacks root first, counts summed for identical stacks, comments and blank lines skipped', () => {
    const p = read('# made by hand\nmain;serve;handle 3\r\n\nmain;serve 2\nmain;serve;handle 4\n  \nmain;gc\t1.5\n');
    assert.deepEqual(p.sampleTypes, [{ type: 'samples', unit: 'count' }]);
    assert.deepEqual(sampleLines(p), [
      'gc@:0 < main@:0 {} 1.5',
      'handle@:0 < serve@:0 < main@:0 {} 7',
      'serve@:0 < main@:0 {} 2',
    ]);
    assert.deepEqual(totals(p), [10.5]);
  });

  it('splits frames wherever the \';\' falls, and tells apart frames that differ only in their last bytes', () => {
    // Frames of 1 to 9 characters put each separator at every offset within a four-byte word.
    const names = ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefghj', 'abcdefgj'];
    const lines: string[] = [];
    const expected = new Map<string, number>();
    for (let i = 0; i < names.length; i++) {
      const stack = [names[i], ...names.slice(0, i).reverse(), names[(i * 7) % names.length]];
      lines.push(`${stack.join(';')} ${i + 1}`);
      for (const name of new Set(stack)) expected.set(name, (expected.get(name) ?? 0) + i + 1);
    }
    const { list } = topRows([read(`${lines.join('\n')}\n`)], 0, 'function-name');
    assert.deepEqual(new Map(list.map((r) => [r.function, r.cum])), expected);
  });

  it('reads each profiler\'s frames into function, file and line', () => {
    const p = read([
      'process 4242:"python app.py";<module> (app.py:30);main (app.py:22);hot_loop (app/work.py:7) 40',
      '<main> - /srv/app/jobs.rb:3;block in process - app/models/order.rb:17 5',
      'java/lang/Thread.run_[j];com/example/Worker.spin_[i];os::javaTimeNanos_[k] 9',
      'node;LazyCompile:*render /srv/web/view.js:10:5;Builtin:ArrayMap 2',
      'app;operator new(unsigned long);std::vector<int>::push_back(int const&) 1',
    ].join('\n'));
    assert.deepEqual(sampleLines(p), [
      'Builtin:ArrayMap@:0 < render@/srv/web/view.js:10 < node@:0 {} 2',
      'block in process@app/models/order.rb:17 < <main>@/srv/app/jobs.rb:3 {} 5',
      'hot_loop@app/work.py:7 < main@app.py:22 < <module>@app.py:30 < process 4242:"python app.py"@:0 {} 40',
      'os::javaTimeNanos@:0 < com/example/Worker.spin@:0 < java/lang/Thread.run@:0 {} 9',
      'std::vector<int>::push_back(int const&)@:0 < operator new(unsigned long)@:0 < app@:0 {} 1',
    ]);
    assert.equal(parseFrameText('LazyCompile:*render /srv/web/view.js:10:5').column, 5);
    assert.deepEqual(parseFrameText('compute (lib/core.py)'), { name: 'compute', file: 'lib/core.py', line: 0, column: 0 });
  });

  it('gives speedscope\'s totals and per-function figures on a real perf file', async () => {
    const dir = join(import.meta.dirname, '../../../node_modules/speedscope/dist/release');
    const file = readdirSync(dir).find((f) => f.startsWith('perf-vertx-stacks-01-collapsed-all'))!;
    const bytes = readFileSync(join(dir, file));
    const [reference] = await speedscopeFigures(file, bytes);
    const [profile] = readProfiles(bytes, file);
    assert.equal(totals(profile)[0], reference.totalWeight);

    const { total, rows: ours } = topRows([profile], 0, 'function-name');
    assert.equal(total, reference.totalWeight);
    const expected = new Map<string, { self: number; total: number }>();
    for (const [name, f] of reference.frames) {
      // speedscope keeps the kind suffix (`_[k]`) in the name, and the space before the count in a blank frame;
      // PerfLens reads both off, and calls a nameless frame <unknown>, as pprof does.
      const key = parseFrameText(name.trim()).name || '<unknown>';
      const known = expected.get(key) ?? { self: 0, total: 0 };
      // Two suffixed spellings of one function are one function on a stack: its total is counted once there.
      expected.set(key, { self: known.self + f.self, total: Math.max(known.total, f.total) });
    }
    assert.ok(expected.size > 100, `${expected.size} functions`);
    for (const [name, f] of expected) {
      const row = ours.get(name);
      assert.ok(row, `no row for ${name}`);
      assert.equal(row.flat, f.self, `flat of ${name}`);
      if (reference.frames.has(name) || name === '<unknown>') assert.equal(row.cum, f.total, `cum of ${name}`);
    }
    assert.equal(ours.size, expected.size);
  });

  it('keeps the innermost frames of a 10^6-frame line, and says so', () => {
    const frames = Array.from({ length: 1_000_000 }, (_, i) => `f${i % 1000}`).join(';');
    const p = read(`main;leaf 1\n${frames};leaf 2\n`);
    assert.deepEqual(totals(p), [3]);
    assert.equal(p.samples.locationStart[2] - p.samples.locationStart[1], MAX_STACK_DEPTH);
    assert.match(p.comments.join('\n'), /1 stack\(s\) deeper than 65536 frames keep their 65536 innermost frames/);
    const leaf = p.samples.locations[p.samples.locationStart[1]];
    assert.equal(p.strings.get(p.functions.name[p.lines.function[p.locations.lineStart[leaf]]]), 'leaf');
  });

  it('skips lines without a count and says how many; refuses a file with none', () => {
    const p = read('main;a 1\nmain;b 2\nthis line has no count\nmain;c 3\n');
    assert.deepEqual(totals(p), [6]);
    assert.match(p.comments.join('\n'), /1 line\(s\) without a sample count were skipped \(the first is line 3\)/);
    assert.throws(() => readProfiles(text('a\nb\nc\n'), 'x.txt'), (e: unknown) => e instanceof ProfileError && /not a profile PerfLens reads: text starting "a"/.test(e.message));
  });

  it('is not fooled by binary data or prose ending in numbers', () => {
    assert.throws(() => readProfiles(new Uint8Array([0x61, 0x3b, 0x62, 0x00, 0x20, 0x31, 0x0a]), 'bin'), ProfileError);
    assert.throws(() => readProfiles(text('The build took 12\nand then it failed\n'), 'log.txt'), /not a profile PerfLens reads/);
  });
});
