// A fetched window's profile is kept saying the window it was fetched for, read back by PerfLens's decoder, by the
// reference decoder (pprof-format) and by `go tool pprof` when Go is installed.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { parseProfile } from '../../../src/core/profile/parse';
import { stampWindow } from '../../../src/worker/stampWindow';

const fixture = join(__dirname, '../../fixtures/go/cpu.pb.gz');
const FROM = Date.UTC(2026, 10, 24, 9, 55);
const TO = Date.UTC(2026, 10, 24, 10, 25);
const MAX = 64 << 20;
const dir = mkdtempSync(join(tmpdir(), 'perflens-stamp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What Grafana Pyroscope's SelectMergeProfile answers for a window: uncompressed, time_nanos = the window's end. */
function asPyroscopeSendsIt(fromMs: number, toMs: number): Uint8Array {
  const p = Profile.decode(gunzipSync(readFileSync(fixture)));
  p.timeNanos = BigInt(toMs) * 1_000_000n;
  p.durationNanos = BigInt(toMs - fromMs) * 1_000_000n;
  return p.encode();
}

function reference(bytes: Uint8Array): Profile {
  return Profile.decode(bytes[0] === 0x1f ? gunzipSync(bytes) : bytes);
}

const goPprof = (() => {
  try { execFileSync('go', ['version'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

describe('a fetched profile says the window it was fetched for', () => {
  it('a Pyroscope reply stamped with the window\'s end reads as starting at the window\'s start, samples untouched', () => {
    const sent = asPyroscopeSendsIt(FROM, TO);
    assert.equal(Number(reference(sent).timeNanos) / 1e6, TO, 'the server stamps the end');
    const kept = stampWindow(sent, FROM, TO, MAX);

    const ours = parseProfile(kept, 'kept');
    assert.equal(ours.timeNanos / 1e6, FROM);
    assert.equal(ours.durationNanos / 1e6, TO - FROM);
    const ref = reference(kept);
    assert.equal(ref.timeNanos, BigInt(FROM) * 1_000_000n);
    assert.equal(ref.durationNanos, BigInt(TO - FROM) * 1_000_000n);
    const before = reference(sent);
    assert.equal(ref.sample.length, before.sample.length);
    assert.deepEqual(ref.sample.map((s) => s.value.map(Number)), before.sample.map((s) => s.value.map(Number)));
    assert.equal(ours.samples.count, before.sample.length);
  });

  it('a gzipped reply (as Parca sends) stays gzip and reads the same in every decoder', (t) => {
    const sent = readFileSync(fixture);
    const kept = stampWindow(sent, FROM, TO, MAX);
    assert.equal(kept[0], 0x1f, 'still gzip');
    assert.equal(parseProfile(kept, 'kept').timeNanos / 1e6, FROM);
    assert.equal(reference(kept).durationNanos, BigInt(TO - FROM) * 1_000_000n);
    assert.equal(reference(kept).sample.length, reference(sent).sample.length);

    if (!goPprof) return t.skip('go is not installed: go tool pprof not checked');
    const file = join(dir, 'kept.pb.gz');
    writeFileSync(file, kept);
    const raw = execFileSync('go', ['tool', 'pprof', '-raw', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(raw, /^Time: 2026-11-24 09:55:00 \+0000 UTC$/m);
    assert.match(raw, /^Duration: 30m/m);
  });

  it('a Pyroscope reply keeps one time_nanos, which go tool pprof requires', { skip: !goPprof && 'go is not installed' }, () => {
    const file = join(dir, 'kept.pb');
    writeFileSync(file, stampWindow(asPyroscopeSendsIt(FROM, TO), FROM, TO, MAX));
    const raw = execFileSync('go', ['tool', 'pprof', '-raw', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(raw, /^Time: 2026-11-24 09:55:00 \+0000 UTC$/m);
  });

  it('bytes that are not a profile, or a gzip bomb over the limit, are left for the decoder to report', () => {
    const junk = Buffer.from('<html>502 Bad Gateway</html>');
    assert.equal(stampWindow(junk, FROM, TO, MAX), junk);
    const truncated = asPyroscopeSendsIt(FROM, TO).subarray(0, 1000);
    assert.equal(stampWindow(truncated, FROM, TO, MAX), truncated);
    const gz = readFileSync(fixture);
    assert.equal(stampWindow(gz, FROM, TO, 100), gz, 'more than 100 bytes once gunzipped: not gunzipped here');
  });

  it('a window that is not one (no start, end not after start) leaves the bytes as they were', () => {
    const sent = asPyroscopeSendsIt(FROM, TO);
    assert.equal(stampWindow(sent, 0, TO, MAX), sent);
    assert.equal(stampWindow(sent, TO, FROM, MAX), sent);
    assert.equal(stampWindow(sent, FROM, FROM, MAX), sent);
  });
});
