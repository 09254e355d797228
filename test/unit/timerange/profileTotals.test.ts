import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { Profile } from 'pprof-format';
import { profileTotals } from '../../../src/worker/profileTotals';

const fixtures = join(__dirname, '../../fixtures/go');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const dir = mkdtempSync(join(tmpdir(), 'perflens-totals-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The reference decoder's sum of one sample type's values. */
function referenceTotal(file: string, typeName: string): number {
  const p = Profile.decode(gunzipSync(readFileSync(file)));
  const strings = p.stringTable.strings;
  const t = p.sampleType.findIndex((v) => strings[Number(v.type)] === typeName);
  assert.ok(t >= 0, `${file} has ${typeName}`);
  return p.sample.reduce((sum, s) => sum + Number(s.value[t]), 0);
}

describe('each profile file\'s total for the timeline', () => {
  it('equals the reference decoder\'s sum of that type\'s values, for CPU and for allocations', () => {
    const cpu = join(fixtures, 'cpu.pb.gz');
    const heap = join(fixtures, 'heap.pb.gz');
    const [c, a] = profileTotals({ files: [cpu, heap], typeName: 'cpu', limits }).slice(0, 1).concat(profileTotals({ files: [heap], typeName: 'alloc_space', limits }));
    assert.equal(c.total, referenceTotal(cpu, 'cpu'));
    assert.ok(c.total > 0);
    assert.ok(c.durationMs > 0 && c.timeMs > 0, 'a Go CPU profile says when and how long');
    assert.equal(a.total, referenceTotal(heap, 'alloc_space'));
  });

  it('a corrupt file or a missing type gives an error naming the file, not a crash, and the others still count', () => {
    const bad = join(dir, 'bad.pb.gz');
    writeFileSync(bad, 'not a profile');
    const good = join(dir, 'good.pb.gz');
    copyFileSync(join(fixtures, 'cpu.pb.gz'), good);
    const [b, g, missing] = profileTotals({ files: [bad, good, join(dir, 'gone.pb.gz')], typeName: 'cpu', limits });
    assert.match(b.error ?? '', /bad\.pb\.gz/);
    assert.equal(b.total, 0);
    assert.ok(g.total > 0 && !g.error);
    assert.match(missing.error ?? '', /gone\.pb\.gz/);
    const [wrongType] = profileTotals({ files: [good], typeName: 'alloc_space', limits });
    assert.match(wrongType.error ?? '', /alloc_space/);
  });

  it('a file replaced under the same name is read again', () => {
    const file = join(dir, 'replaced.pb.gz');
    copyFileSync(join(fixtures, 'cpu.pb.gz'), file);
    const first = profileTotals({ files: [file], typeName: 'cpu', limits })[0].total;
    copyFileSync(join(fixtures, 'cpu-trimpath.pb.gz'), file);
    const second = profileTotals({ files: [file], typeName: 'cpu', limits })[0];
    assert.equal(second.total, profileTotals({ files: [join(fixtures, 'cpu-trimpath.pb.gz')], typeName: 'cpu', limits })[0].total);
    assert.notEqual(first, second.total, 'the two fixtures differ, so a stale figure would show');
  });
});
