// perflens trend on a local store of generated CPU profiles: the function whose share grows hour by hour ranks
// first, a noisy flat history flags nothing, --max-rise gates, summaries are cached (a second run reads no
// profile), a store too large for the cap is sampled and says so, and profiles that do not decode are skipped.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runTrend } from '../../../src/cli/commands/trend';
import { stackProfileBytes } from '../core/helpers/stackProfile';
import { seeded } from './helpers/random';

const T0 = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

function writeProfile(store: string, version: string, timeMs: number, counts: Record<string, number>) {
  const dir = join(store, 'shop', version, 'cpu');
  mkdirSync(dir, { recursive: true });
  const samples = Object.entries(counts).map(([fn, n]) => ({ stack: [`${fn}@/b/shop/${fn.split('.')[1]}.go:7`, 'main.serve@/b/shop/main.go:20'], values: [n, n * 1e7] }));
  writeFileSync(join(dir, `${timeMs}.pb.gz`), gzipSync(stackProfileBytes({ timeNanos: timeMs * 1e6, durationNanos: 10e9, periodType: ['cpu', 'nanoseconds'], samples })));
}

describe('perflens trend', () => {
  let dir: string;
  let store: string;
  const env = () => ({ XDG_CACHE_HOME: join(dir, 'cache') });
  const run = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runTrend([store, '--service', 'shop', '--until', String(T0 + 48 * HOUR), ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, env());
    return { code, stdout, stderr };
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-trend-'));
    store = join(dir, 'store');
    const rand = seeded(21);
    for (let h = 0; h < 48; h++) {
      for (const minute of [5, 35]) {
        const noise = () => Math.floor(rand() * 40);
        // pricing.total grows from 2% to ~12% over two days, one step every 6 hours; the rest wobble.
        writeProfile(store, h < 24 ? 'v1' : 'v2', T0 + h * HOUR + minute * 60_000, {
          'main.total': 20 + Math.floor(h / 6) * 15 + noise(),
          'main.render': 400 + noise(),
          'main.parse': 300 + noise(),
          'main.log': 100 + noise(),
        });
      }
    }
    writeFileSync(join(store, 'shop', 'v2', 'cpu', `${T0 + 47 * HOUR}.pb.gz`), 'not a profile');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ranks the steadily growing function first, with its sparkline, and only it', async () => {
    const r = await run('--since', '2d', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.buckets.length, 48);
    assert.deepEqual(out.functions.map((f: { function: string }) => f.function), ['main.total']);
    const total = out.functions[0];
    assert.equal(total.file, 'shop/total.go');
    assert.ok(total.rise > 0.06 && total.rise < 0.14, `rise ${total.rise}`);
    assert.ok(total.slopePerDay > 0.03);
    assert.match(total.sparkline, /^[▁▂▃].*█$/u, 'low at the start, highest at the end');
    assert.match(r.stderr, /not a profile|cannot|skipped/);
  });

  it('text: the rising function with its change, and what was read', async () => {
    const r = await run('--since', '2d');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^shop, cpu, 2026-03-01 00:00 → 2026-03-03 00:00 UTC, by hour: 48 buckets with profiles$/m);
    assert.match(r.stdout, /Rising \(share rose beyond noise\), largest first:\n\s+\+\d+\.\d\dpp\s+\d\.\d\d% → \d+\.\d\d%\s+\S+\s+main\.total\s+\(shop\/total\.go\)/);
  });

  it('reads each profile once: a second run takes every summary from the cache', async () => {
    const again = await run('--since', '2d');
    assert.match(again.stdout, /0 profiles read, 96 from the summary cache, 1 unreadable/);
  });

  it('--lines: the growing line first; line summaries are read once, when first asked for', async () => {
    const first = await run('--since', '2d', '--lines', '--json');
    assert.equal(first.code, 0, first.stderr);
    const parsed = JSON.parse(first.stdout);
    assert.deepEqual(parsed.functions.map((f: { function: string }) => f.function), ['shop/total.go:7']);
    assert.ok(parsed.notes.includes('96 profiles read, 0 from the summary cache, 1 unreadable'), parsed.notes.join('; '));
    const again = await run('--since', '2d', '--lines');
    assert.match(again.stdout, /0 profiles read, 96 from the summary cache, 1 unreadable/);
  });

  it('--max-rise: exit 1 above the limit, 0 below it', async () => {
    const fail = await run('--since', '2d', '--max-rise', '2');
    assert.equal(fail.code, 1);
    assert.match(fail.stdout, /FAIL: 1 function rose by more than 2 percentage points: main\.total \+\d+\.\d\dpp/);
    const pass = await run('--since', '2d', '--max-rise', '50');
    assert.equal(pass.code, 0);
    assert.match(pass.stdout, /PASS/);
  });

  it('a flat stretch of the history flags nothing', async () => {
    // The first six hours: main.total has not stepped yet.
    const r = await runTrend([store, '--service', 'shop', '--since', '2026-03-01T00:00:00Z', '--until', '2026-03-01T06:00:00Z', '--json'], { stdout: { write: (s: string) => void (out += s) }, stderr: { write: () => undefined } }, env());
    assert.equal(r, 0);
    assert.deepEqual(JSON.parse(out).functions, []);
  });
  let out = '';

  it('by version, and one function\'s series with --function', async () => {
    const r = await run('--since', '2d', '--by', 'version', '--function', 'main.total');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /by version: 2 buckets/);
    assert.match(r.stdout, /\n\s+v1\s+\d+\.\d{3}%\n\s+v2\s+\d+\.\d{3}%/);
  });

  it('a store over the cap is sampled evenly per bucket, and says so', async () => {
    const r = await run('--since', '2d', '--max-profiles', '48', '--no-cache', '--json');
    const parsed = JSON.parse(r.stdout);
    assert.ok(parsed.notes.some((n: string) => /^sampled 48 of 97 profiles: at most 1 per bucket/.test(n)), parsed.notes.join('; '));
    assert.equal(parsed.buckets.length, 48);
    assert.equal(parsed.functions[0].function, 'main.total');
  });

  it('usage errors', async () => {
    assert.equal((await runTrend([store], { stdout: { write: () => undefined }, stderr: { write: () => undefined } }, env())), 2);
    assert.equal((await run('--by', 'week')).code, 2);
    assert.equal((await run('--max-rise', 'lots')).code, 2);
  });
});
