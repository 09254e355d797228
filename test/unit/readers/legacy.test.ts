// pprof's legacy formats (binary CPU, heap/growth, contention, threadz, Go's count text, Java heapz/contentionz/CPU)
// read as go tool pprof reads them: every legacy profile of the shared corpus (google/pprof's test data) and
// hand-written Go debug=1 texts give the same sample types, totals and top rows as `go tool pprof -proto` of the
// same file; what pprof refuses is refused in one line; truncated binary profiles never crash or hang.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/core/profile/errors';
import type { Profile } from '../../../src/core/profile/model';
import { readProfiles } from '../../../src/core/readers';
import { goPprofUnavailable } from '../core/helpers/goPprof';
import { totals } from '../core/helpers/profileText';
import { corpusFile, corpusFiles } from './helpers/corpus';
import { topRows } from './helpers/figures';

const skip = goPprofUnavailable();

/** go tool pprof's own reading of a file, as protobuf, read back with PerfLens's pprof decoder. */
function pprofReading(file: string): Profile {
  const proto = execFileSync('go', ['tool', 'pprof', '-proto', '-symbolize=none', file], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  const [p] = readProfiles(proto, `go tool pprof -proto ${basename(file)}`);
  assert.equal(p.format, 'pprof');
  return p;
}

function assertSameAsPprof(file: string): void {
  const [ours] = readProfiles(file);
  assert.equal(ours.format, 'legacy pprof', file);
  const ref = pprofReading(file);
  assert.deepEqual(ours.sampleTypes, ref.sampleTypes, 'sample types');
  assert.deepEqual(ours.periodType, ref.periodType, 'period type');
  assert.equal(ours.period, ref.period, 'period');
  assert.equal(ours.durationNanos, ref.durationNanos, 'duration');
  assert.equal(ours.dropFrames, ref.dropFrames, 'drop_frames');
  assert.equal(ours.keepFrames, ref.keepFrames, 'keep_frames');
  assert.deepEqual(totals(ours), totals(ref), 'totals');
  for (const by of ['function-name', 'function', 'line'] as const) {
    for (let t = 0; t < ours.sampleTypes.length; t++) {
      const a = topRows([ours], t, by);
      const b = topRows([ref], t, by);
      assert.equal(a.total, b.total, `${by} ${ours.sampleTypes[t].type}: total`);
      assert.deepEqual([...a.rows.values()].map((r) => [r.function, r.flat, r.cum]), [...b.rows.values()].map((r) => [r.function, r.flat, r.cum]), `${by} ${ours.sampleTypes[t].type}: rows`);
    }
  }
}

const LEGACY = /google\+pprof\/(profile\/testdata\/(cppbench\.(cpu|contention|growth|heap|thread.*)|go\.(crc32\.cpu|godoc\.thread)|java\.(cpu|contention))|internal\/driver\/testdata\/(cppbench\.(cpu|contention|small\.contention)|go\.crc32\.cpu)|fuzz\/corpus\/.*\.pb)$/;

describe('pprof\'s legacy formats', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-legacy-'));

  it('reads every legacy profile of the corpus as go tool pprof -proto does', () => {
    const files = corpusFiles(LEGACY);
    assert.ok(files.length >= 18, `${files.length} legacy files`);
    for (const file of files) {
      try {
        assertSameAsPprof(file);
      } catch (e) {
        (e as Error).message = `${file}: ${(e as Error).message}`;
        throw e;
      }
    }
  });

  it('reads Go\'s debug=1 heap and goroutine text as go tool pprof does', () => {
    const heap = join(dir, 'heap.txt');
    writeFileSync(heap, [
      'heap profile: 3: 3072 [10: 40960] @ heap/1048576',
      '1: 1024 [4: 16384] @ 0x4a2f1c 0x4a3000 0x401200',
      '#\t0x4a2f1b\tmain.alloc+0x3b\t/src/app/main.go:12',
      '2: 2048 [6: 24576] @ 0x4a2f80 0x401200',
      '',
      '# runtime.MemStats',
      '# Alloc = 123',
    ].join('\n'));
    assertSameAsPprof(heap);
    const goroutines = join(dir, 'goroutine.txt');
    writeFileSync(goroutines, [
      'goroutine profile: total 12',
      '10 @ 0x43a2c6 0x4089b2 0x46c3e1',
      '#\t0x4089b1\truntime.chanrecv+0x1b1\t/usr/local/go/src/runtime/chan.go:583',
      '',
      '2 @ 0x43a2c6 0x46c3e1',
      '',
    ].join('\n'));
    assertSameAsPprof(goroutines);
    const [p] = readProfiles(goroutines);
    assert.deepEqual(p.sampleTypes, [{ type: 'goroutine', unit: 'count' }]);
    assert.deepEqual(totals(p), [12]);
  });

  it('refuses what go tool pprof refuses, saying why', () => {
    const file = corpusFile('google+pprof/fuzz/testdata/7e3c92482f6f39fc502b822ded792c589849cca8')!;
    assert.notEqual(spawnSync('go', ['tool', 'pprof', '-raw', '-symbolize=none', file]).status, 0, 'go tool pprof refuses it');
    assert.throws(() => readProfiles(file), (e: unknown) => e instanceof ProfileError && /legacy pprof profile: parsing sample 0 0 @ 0: second value must be non-zero/.test(e.message));
    const badHeap = join(dir, 'bad-heap.txt');
    writeFileSync(badHeap, 'heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [3: 4] @ zzz\nnot a sample\n');
    assert.throws(() => readProfiles(badHeap), /legacy pprof profile: malformed sample: not a sample/);
  });

  it('refuses every truncation of a binary CPU profile in one line, or reads it as pprof does', () => {
    const bytes = readFileSync(corpusFile('google+pprof/profile/testdata/cppbench.cpu')!);
    let refused = 0;
    for (let cut = 20; cut < bytes.length; cut += 97) {
      try {
        const [p] = readProfiles(bytes.subarray(0, cut), 'cut.prof');
        assert.ok(totals(p)[0] <= 712, 'no more samples than the whole file');
      } catch (e) {
        assert.ok(e instanceof ProfileError, `cut at ${cut}: ${String(e)}`);
        assert.ok(!/\n/.test(e.message));
        refused++;
      }
    }
    assert.ok(refused > 0, 'cuts inside the samples are refused');
  });
});
