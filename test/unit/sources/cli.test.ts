// `perflens fetch` and `perflens sources ls`, run in-process against a real store folder and a fake Pyroscope.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { runFetch } from '../../../src/cli/commands/fetch';
import { runSources } from '../../../src/cli/commands/sources';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { captureOutput } from '../cli/helpers/runCliInProcess';
import { startFakePyroscope } from './helpers/fake-pyroscope';
import { startServer } from './helpers/test-server';
import { decode, fixtureBytes, fixtureRaw, flatByFunction, topFlat, total } from './helpers/profiles';

const T0 = Date.UTC(2026, 7, 1, 9, 0, 0);
const NOW = T0 + 24 * 3_600_000;


describe('CLI: perflens fetch / perflens sources', () => {
  let store: string;
  let out: string;

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'perflens-cli-store-'));
    out = mkdtempSync(join(tmpdir(), 'perflens-cli-out-'));
    await writeStoreProfile(store, { service: 'shop', version: 'v1', type: 'cpu', timeMs: T0, bytes: fixtureBytes('go/cpu.pb.gz') });
    await writeStoreProfile(store, { service: 'shop', version: 'v2', type: 'cpu', timeMs: T0 + 60_000, bytes: fixtureBytes('go/cpu-trimpath.pb.gz') });
    await writeStoreProfile(store, { service: 'shop', version: 'v2', type: 'heap', timeMs: T0 + 120_000, bytes: fixtureBytes('go/heap.pb.gz') });
  });

  after(() => {
    rmSync(store, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('fetches one profile from a store into a file', async () => {
    const file = join(out, 'cpu-v1.pb.gz');
    const r = await captureOutput((io) => runFetch([store, '--service', 'shop', '--type', 'cpu', '--version', 'v1', '-o', file], io, {}));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readFileSync(file), fixtureBytes('go/cpu.pb.gz'));
    assert.match(r.stdout, new RegExp(`^${file}\\tcpu\\tshop\\tv1\\t2026-08-01T09:00:00.000Z\\t\\d+ bytes\\n$`));
  });

  it('asks for a folder when several profiles match, and writes each one there', async () => {
    const file = join(out, 'all.pb.gz');
    const r = await captureOutput((io) => runFetch([store, '--service', 'shop', '--type', 'cpu', '-o', file], io, {}));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /2 profiles matched \(versions v1, v2\); give a folder to -o/);
    const dir = join(out, 'each') + '/';
    const ok = await captureOutput((io) => runFetch([store, '--service', 'shop', '--type', 'cpu', '-o', dir], io, {}));
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(readdirSync(dir).sort(), [`shop_v1_cpu_${T0}.pb.gz`, `shop_v2_cpu_${T0 + 60_000}.pb.gz`]);
  });

  it('lists a store as text and as JSON', async () => {
    const text = await captureOutput((io) => runSources(['ls', store, '--service', 'shop'], io, {}));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /services \(1\):\n {2}shop\n/);
    assert.match(text.stdout, /profile types of shop \(5\):\n {2}cpu\s*\n {2}alloc_space +heap\n/);
    assert.match(text.stdout, /versions of shop \(2, oldest first\):\n {2}v1 +first 2026-08-01T09:00:00\.000Z +last 2026-08-01T09:00:00\.000Z\n {2}v2 +first 2026-08-01T09:01:00\.000Z +last 2026-08-01T09:02:00\.000Z\n/);
    const json = await captureOutput((io) => runSources(['ls', store, '--service', 'shop', '--type', 'cpu', '--json'], io, {}));
    const parsed = JSON.parse(json.stdout) as { services: string[]; types: { type: string }[]; versions: { version: string; lastSeen: string }[] };
    assert.deepEqual(parsed.services, ['shop']);
    assert.deepEqual(parsed.types.map((t) => t.type), ['cpu', 'alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects']);
    assert.deepEqual(parsed.versions, [
      { version: 'v1', firstSeen: '2026-08-01T09:00:00.000Z', lastSeen: '2026-08-01T09:00:00.000Z', label: null },
      { version: 'v2', firstSeen: '2026-08-01T09:01:00.000Z', lastSeen: '2026-08-01T09:01:00.000Z', label: null },
    ]);
  });

  it('fetches from Pyroscope with credentials and tenant from the environment only', async () => {
    const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
    const server = await startFakePyroscope({
      authorization: 'Bearer glc_from_env',
      tenant: 'team-a',
      data: { types: { checkout: [CPU] }, labels: { checkout: { service_git_ref: ['abc1234'] } }, seen: {}, profiles: { [`checkout|${CPU}|abc1234`]: fixtureRaw('go/cpu.pb.gz') } },
    });
    try {
      const file = join(out, 'pyro.pb.gz');
      const env = { PERFLENS_TOKEN: 'glc_from_env', PERFLENS_TENANT: 'team-a' };
      const r = await captureOutput((io) => runFetch([`pyroscope+${server.url}`, '--service', 'checkout', '--type', 'cpu', '--version', 'abc1234', '--from', 'now-2h', '--to', 'now-1h', '-o', file], io, env, { now: () => NOW }));
      assert.equal(r.code, 0, r.stderr);
      const bytes = readFileSync(file);
      assert.deepEqual(gunzipSync(bytes), fixtureRaw('go/cpu.pb.gz'), 'written gzipped');
      assert.ok((flatByFunction(decode(bytes), 'cpu').get('example.com/shop/pricing.SumPrices') ?? 0) > 0);
      const merge = server.calls.find((c) => c.method === 'SelectMergeProfile')?.body as { start: number; end: number };
      assert.deepEqual([merge.start, merge.end], [NOW - 2 * 3_600_000, NOW - 3_600_000]);

    } finally {
      await server.close();
    }
  });

  it('writes one merged file when Pyroscope answers a long range in windows, and says so', async () => {
    const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
    const server = await startFakePyroscope({
      maxQueryMs: 24 * 3_600_000,
      data: { types: { checkout: [CPU] }, labels: {}, seen: {}, profiles: { [`checkout|${CPU}|`]: fixtureRaw('go/cpu.pb.gz') } },
    });
    try {
      const file = join(out, 'windows.pb.gz');
      const r = await captureOutput((io) => runFetch([`pyroscope+${server.url}`, '--service', 'checkout', '--type', 'cpu', '--from', 'now-60h', '-o', file], io, {}, { now: () => NOW }));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.calls.filter((c) => c.method === 'SelectMergeProfile').length, 3);
      assert.match(r.stderr, /checkout unknown cpu: the server answered in 3 time windows \(it limits the range of one query\); merged into one profile/);
      assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
      const merged = decode(readFileSync(file));
      const one = decode(fixtureRaw('go/cpu.pb.gz'));
      assert.equal(total(merged, 'cpu'), 3 * total(one, 'cpu'), 'the three windows summed');
      assert.equal(topFlat(merged, 'cpu'), topFlat(one, 'cpu'));
    } finally {
      await server.close();
    }
  });

  it('prints one line naming the source, and exit code 1, when the source refuses; never the token', async () => {
    const denying = await startServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'unauthenticated', message: `bad token ${String(req.headers.authorization)}` }));
    });
    try {
      const denied = await captureOutput((io) => runFetch([`pyroscope+${denying.url}`, '--service', 'checkout', '--type', 'cpu', '-o', join(out, 'no.pb.gz')], io, { PERFLENS_TOKEN: 'glc_wrong_token' }, { now: () => NOW }));
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, /^perflens fetch: Pyroscope http:\/\/127\.0\.0\.1:\d+: the server refused the credentials/);
      assert.doesNotMatch(denied.stderr, /glc_wrong_token/);
      assert.equal(denied.stderr.trim().split('\n').length, 1);
      assert.equal(readdirSync(out).includes('no.pb.gz'), false);
    } finally {
      await denying.close();
    }
  });

  it('rejects bad usage with exit code 2', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[store, '--service', 'shop', '-o', 'x'], {}, /--type is required/],
      [[store, '--type', 'cpu', '-o', 'x'], {}, /--service is required/],
      [[store, '--service', 'shop', '--type', 'cpu'], {}, /-o\/--output is required/],
      [['pyroscope+http://h', '--service', 's', '--type', 'cpu', '--token', 'secret', '-o', 'x'], {}, /Unknown option '--token'/],
      [['pyroscope+http://h', '--service', 's', '--type', 'cpu', '-o', 'x'], { PERFLENS_BASIC_AUTH: 'nocolon' }, /PERFLENS_BASIC_AUTH must be user:password/],
      [['pyroscope+http://u:p@h', '--service', 's', '--type', 'cpu', '-o', 'x'], {}, /credentials in the URL are not accepted/],
      [[store, '--service', 'shop', '--type', 'cpu', '--from', 'yesterday', '-o', 'x'], {}, /--from: cannot read 'yesterday'/],
    ];
    for (const [args, env, message] of cases) {
      const r = await captureOutput((io) => runFetch(args, io, env));
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    const ls = await captureOutput((io) => runSources(['list', store], io, {}));
    assert.equal(ls.code, 2);
    assert.match(ls.stderr, /unknown subcommand 'list'/);
  });
});
