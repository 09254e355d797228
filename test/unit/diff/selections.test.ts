// `perflens diff` / `perflens check` comparing any two selections — one profile's endpoints against each other, two
// time windows of stamped profiles, two versions of a store, a Pyroscope service under two label filters — with
// the absolute change (per second of profiled time, or per profile) beside the share change, each with its noise
// test. The profiles are the real Go CPU fixture, labelled per sample as pprof.Do labels it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runCheck } from '../../../src/cli/commands/check';
import { runDiff, type DiffJsonRow } from '../../../src/cli/commands/diff';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { captureOutput, runCliCaptured } from '../cli/helpers/runCliInProcess';
import { startFakePyroscope } from '../sources/helpers/fake-pyroscope';
import { decode, fixtureRaw, profileFixtures, withSampleLabel } from '../sources/helpers/profiles';

const T0 = Date.UTC(2026, 7, 1, 9, 0, 0);
const MINUTE = 60_000;
const CHECKOUT = 'POST /checkout';
const SEARCH = 'GET /search';
const HOT = 'example.com/shop/pricing.SumPrices';
const endpointOf = (functions: readonly string[]) => (functions.some((f) => f.includes('pricing')) ? CHECKOUT : SEARCH);
const labelled = (timeMs?: number) => gzipSync(withSampleLabel(fixtureRaw('go/cpu.pb.gz'), 'endpoint', endpointOf, timeMs));

interface DiffJson {
  baseTotal: number;
  headTotal: number;
  absolutePer: 'second' | 'profile';
  base: string;
  head: string;
  functions: DiffJsonRow[];
}

const diffJson = async (args: string[]) => {
  const r = await captureOutput((io) => runDiff([...args, '--json'], io, {}));
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DiffJson;
};
const selected = async (file: string, labels: string) => (JSON.parse((await runCliCaptured(['top', file, '--labels', labels, '--json'])).stdout) as { selected: number }).selected;

describe('perflens diff / check of any two selections', () => {
  let dir: string;
  let file: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-diff-selections-'));
    file = join(dir, 'labelled.pb.gz');
    writeFileSync(file, labelled(T0));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('one endpoint against all: the share says the checkout code rose, the absolute change says it did not move', async () => {
    const out = await diffJson(['--base', file, '--head-labels', `endpoint="${CHECKOUT}"`]);
    assert.equal(out.headTotal, await selected(file, `endpoint="${CHECKOUT}"`));
    assert.equal(out.absolutePer, 'second');
    assert.match(out.head, /\{endpoint="POST \/checkout"\}$/);
    const seconds = decode(readFileSync(file)).durationNanos / 1e9;
    const pricing = out.functions.filter((r) => r.function.includes('/pricing.'));
    assert.ok(pricing.length >= 3);
    for (const r of pricing) {
      assert.ok(r.delta > 0, `the share of ${r.function} rose: ${r.delta}`);
      assert.equal(r.absolute.change, 0, `every sample of ${r.function} is on both sides`);
      assert.equal(r.absolute.significant, false);
      assert.equal(r.absolute.base, r.base / seconds, 'per second of the profile\'s duration');
    }
    const searchOnly = out.functions.filter((r) => r.head === 0 && r.base > 0);
    assert.ok(searchOnly.length > 0);
    for (const r of searchOnly) assert.ok(r.absolute.change === -r.absolute.base && r.absolute.change < 0, r.function);
    assert.ok(searchOnly.some((r) => r.absolute.significant), 'the largest search-only costs are gone beyond noise');

    const text = await captureOutput((io) => runDiff(['--head', file, '--base-labels', `endpoint="${SEARCH}"`, '--head-labels', `endpoint="${CHECKOUT}"`, '--compare', 'absolute'], io, {}));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Regressions \(cost per second rose by more than noise\), largest first:$/m);
    assert.match(text.stdout, /share +base +head +self base +self head +per second +abs change +function/);
    assert.match(text.stdout, new RegExp(`\\+\\d+(\\.\\d+)? ms/s +${HOT.replace(/\./g, '\\.')} \\[new\\]`));
  });

  it('two time windows of stamped profiles (the same files on both sides): same rate, no change', async () => {
    const files = [0, 10, 60].map((m) => {
      const f = join(dir, `at-${m}.pb.gz`);
      writeFileSync(f, labelled(T0 + m * MINUTE));
      return f;
    });
    const iso = (m: number) => new Date(T0 + m * MINUTE).toISOString();
    const out = await diffJson(['--base', ...files, '--base-from', iso(0), '--base-to', iso(30), '--head-from', iso(30), '--head-to', iso(90)]);
    assert.equal(out.baseTotal, 2 * out.headTotal, 'two profiles in the first window, one in the second');
    for (const r of out.functions) {
      assert.equal(r.delta, 0, r.function);
      assert.ok(Math.abs(r.absolute.change) < 1e-6 * r.absolute.base && !r.absolute.significant, r.function);
    }
    const none = await captureOutput((io) => runDiff(['--base', ...files, '--base-from', iso(100), '--base-to', iso(120), '--head-from', iso(0), '--head-to', iso(30)], io, {}));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^perflens diff: the base side: no profile was taken between 2026-08-01T10:40:00.000Z and 2026-08-01T11:00:00.000Z$/m);
  });

  it('a frame filter on both sides, as perflens top applies it: one endpoint against all, only the stacks through pricing', async () => {
    const out = await diffJson(['--base', file, '--head-labels', `endpoint="${CHECKOUT}"`, '--focus', 'pricing\\.']);
    const top = async (args: string[]) => {
      const r = JSON.parse((await runCliCaptured(['top', file, ...args, '--json'])).stdout) as { selected?: number; total: number };
      return r.selected ?? r.total;
    };
    assert.equal(out.baseTotal, await top(['--focus', 'pricing\\.']));
    assert.equal(out.headTotal, await top(['--labels', `endpoint="${CHECKOUT}"`, '--focus', 'pricing\\.']));
    assert.ok(out.baseTotal < await top([]), 'the focus kept fewer samples than the whole profile');
    assert.match(out.base, /, \{focus="pricing[^"]*"\}$/);
    for (const [args, message] of [
      [['--focus', 'nothing-is-called-this'], /the base side: no sample passes the frame filter \{focus="nothing-is-called-this"\}/],
      [['--hide', '('], /hide/],
      [['--preset', 'app-only'], /--preset app-only \(my code only\) needs --root DIR/],
    ] as const) {
      const r = await captureOutput((io) => runDiff(['--base', file, '--head-labels', `endpoint="${CHECKOUT}"`, ...args], io, {}));
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('says what cannot be compared, in one line', async () => {
    for (const [args, message] of [
      [['--base', file], /--head <profile\.\.\.> is required \(or select the sides apart/],
      [['--base', file, '--head-labels', 'endpoint="GET /nothing"'], /the head side: no sample matches \{endpoint="GET \/nothing"\}/],
      [['--base', file, '--head-labels', 'endpoint=~"("'], /label filter endpoint=~"\(": .*not a valid regular expression/],
      [['--base', file, '--head', file, '--compare', 'both'], /--compare must be share or absolute/],
      [['--base', file, '--head-version', 'v2'], /--head-version goes with a source \(--source, --base-source, --head-source\)/],
      [['--base-source', dir, '--head', file], /--base-source needs --service/],
      [['--base-source', dir, '--base', file, '--head', file, '--service', 'shop', '--type', 'cpu'], /give the base side's profile files \(--base\) or its source \(--base-source, --source\), not both/],
      [['--head-source', dir, '--service', 'shop', '--type', 'cpu'], /the base side needs its profile files \(--base\) or a source \(--base-source, --source\)/],
      [['--head-source', '', '--base', file, '--service', 'shop', '--type', 'cpu'], /--head-source needs a source: a store folder, pyroscope\+https/],
      [['--base', file, '--head-source', dir, '--service', 'shop', '--type', 'cpu', '--base-version', 'v1'], /--base-version goes with a source for the base side/],
      [['--source', dir, '--service', 'shop', '--base', file], /give profile files \(--base\/--head\) or --source, not both/],
      [['--base', join(dir, 'nowhere.pb.gz'), '--head-labels', 'a=b'], /nowhere\.pb\.gz/],
    ] as const) {
      const r = await captureOutput((io) => runDiff([...args], io, {}));
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('perflens check gates on a selection: one endpoint against the other', async () => {
    const fail = await captureOutput((io) => runCheck(['--base', file, '--base-labels', `endpoint="${SEARCH}"`, '--head-labels', `endpoint="${CHECKOUT}"`, '--max-regression', '5'], io, {}));
    assert.equal(fail.code, 1, fail.stderr);
    assert.match(fail.stdout, /^Base: .*\{endpoint="GET \/search"\}: 620 ms total/m);
    assert.match(fail.stdout, new RegExp(`^ {2}\\+30\\.10pp {2}0\\.00% → 30\\.10% {2}${HOT.replace(/\./g, '\\.')} `, 'm'));
    const pass = await captureOutput((io) => runCheck(['--base', file, '--head', file, '--labels', `endpoint="${CHECKOUT}"`, '--max-regression', '0', '--json'], io, {}));
    assert.equal(pass.code, 0, pass.stderr);
    assert.equal(JSON.parse(pass.stdout).passed, true);
  });

  it('fetches each side from a store by version, and from Pyroscope with each side\'s label filter in the query', async () => {
    const store = join(dir, 'store');
    await writeStoreProfile(store, { service: 'shop', version: 'v1', type: 'cpu', timeMs: T0, bytes: labelled(T0) });
    await writeStoreProfile(store, { service: 'shop', version: 'v2', type: 'cpu', timeMs: T0 + MINUTE, bytes: labelled(T0 + MINUTE) });
    const byVersion = await diffJson(['--source', store, '--service', 'shop', '--type', 'cpu', '--base-version', 'v1', '--head-version', 'v2', '--head-labels', `endpoint="${CHECKOUT}"`]);
    assert.equal(byVersion.headTotal, await selected(file, `endpoint="${CHECKOUT}"`));
    assert.match(byVersion.base, /^shop v1$/);

    const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
    const server = await startFakePyroscope({ data: { types: { shop: [CPU] }, labels: {}, seen: {}, profiles: { [`shop|${CPU}|`]: fixtureRaw('go/cpu.pb.gz') } } });
    try {
      const out = await diffJson(['--source', `pyroscope+${server.url}`, '--service', 'shop', '--type', 'cpu', '--labels', 'region="eu"',
        '--base-labels', `endpoint="${SEARCH}"`, '--head-labels', `endpoint="${CHECKOUT}"`, '--base-from', 'now-25h', '--base-to', 'now-24h']);
      const merges = server.calls.filter((c) => c.method === 'SelectMergeProfile').map((c) => c.body);
      assert.deepEqual(merges.map((m) => m.filters), [
        [{ name: 'region', op: '=', value: 'eu' }, { name: 'endpoint', op: '=', value: SEARCH }],
        [{ name: 'region', op: '=', value: 'eu' }, { name: 'endpoint', op: '=', value: CHECKOUT }],
      ]);
      assert.equal((merges[1].end as number) - (merges[1].start as number), 3_600_000, 'the head: the last hour');
      assert.ok((merges[1].start as number) - (merges[0].start as number) >= 24 * 3_600_000 - 60_000, 'the base: the same hour a day before');
      // The fake answers the whole profile on both sides: the server did the filtering, nothing is filtered again.
      assert.equal(out.baseTotal, out.headTotal);
    } finally {
      await server.close();
    }
  });

  it('takes each side from its own source: a Pyroscope server against the local store, files against a store', async () => {
    const store = join(dir, 'store-two-sources');
    await writeStoreProfile(store, { service: 'shop', version: 'v2', type: 'cpu', timeMs: T0, bytes: labelled(T0) });
    const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
    const server = await startFakePyroscope({ data: { types: { shop: [CPU] }, labels: {}, seen: {}, profiles: { [`shop|${CPU}|`]: fixtureRaw('go/cpu.pb.gz') } } });
    try {
      const pyroscope = `pyroscope+${server.url}`;
      const out = await diffJson(['--base-source', pyroscope, '--head-source', store, '--service', 'shop', '--type', 'cpu',
        '--base-from', 'now-1h', '--head-version', 'v2', '--head-labels', `endpoint="${CHECKOUT}"`]);
      const merges = server.calls.filter((c) => c.method === 'SelectMergeProfile');
      assert.equal(merges.length, 1, 'only the base side is fetched from the server');
      assert.equal(out.base, `shop from ${pyroscope}, ${out.base.split(', ').slice(1).join(', ')}`);
      assert.match(out.base, /^shop from pyroscope\+http:\/\/127\.0\.0\.1:\d+, \d{4}-/);
      assert.equal(out.head, `shop v2 from ${store}, {endpoint="${CHECKOUT}"}`);
      assert.equal(out.headTotal, await selected(file, `endpoint="${CHECKOUT}"`), 'the head: the store\'s v2, POST /checkout only');
      assert.equal(out.baseTotal, (JSON.parse((await runCliCaptured(['top', file, '--json'])).stdout) as { total: number }).total, 'the base: the server\'s whole profile');
      assert.ok(out.functions.some((f) => f.function === HOT));
    } finally {
      await server.close();
    }
    // Files on one side, a source on the other.
    const mixed = await diffJson(['--base', file, '--base-labels', `endpoint="${SEARCH}"`, '--head-source', store, '--service', 'shop', '--type', 'cpu']);
    assert.deepEqual([mixed.base, mixed.head], [`${file}, {endpoint="${SEARCH}"}`, `shop from ${store}`]);
    assert.equal(mixed.baseTotal, await selected(file, `endpoint="${SEARCH}"`));
  });
  it('reads one server as two tenants, one per side (PERFLENS_BASE_TENANT, PERFLENS_HEAD_TENANT), with its credentials on both', async () => {
    const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
    const data = (rel: string) => ({ types: { shop: [CPU] }, labels: {}, seen: {}, profiles: { [`shop|${CPU}|`]: fixtureRaw(rel) } });
    // The fake answers each tenant with its own profile, and only with the token it expects.
    const server = await startFakePyroscope({ data: data('diff/v1-a.pb.gz'), tenants: { a: data('diff/v1-a.pb.gz'), b: data('diff/v2.pb.gz') }, authorization: 'Bearer one-token' });
    try {
      const url = `pyroscope+${server.url}`;
      const args = ['--base-source', url, '--head-source', url, '--service', 'shop', '--type', 'cpu', '--base-from', 'now-1h', '--head-from', 'now-1h', '--json'];
      const run = await captureOutput((io) => runDiff(args, io, { PERFLENS_TOKEN: 'one-token', PERFLENS_BASE_TENANT: 'a', PERFLENS_HEAD_TENANT: 'b' }));
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { baseTotal: number; headTotal: number; functions: DiffJsonRow[] };
      const total = async (rel: string) => (JSON.parse((await runCliCaptured(['top', join(profileFixtures, rel), '--json'])).stdout) as { total: number }).total;
      assert.deepEqual([out.baseTotal, out.headTotal], [await total('diff/v1-a.pb.gz'), await total('diff/v2.pb.gz')], 'each side is its own tenant\'s profile');
      assert.equal(server.calls.filter((c) => c.method === 'SelectMergeProfile').length, 2);
    } finally {
      await server.close(); // rejects when a request named no tenant or another token
    }
  });

  it('gives each of two servers its own credentials, and refuses a token that would go to both', async () => {
    const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
    const data = { types: { shop: [CPU] }, labels: {}, seen: {}, profiles: { [`shop|${CPU}|`]: fixtureRaw('go/cpu.pb.gz') } };
    // Each fake answers only the exact Authorization it expects: a token sent to the wrong server breaks its protocol.
    const staging = await startFakePyroscope({ data, authorization: 'Bearer staging-token' });
    const prod = await startFakePyroscope({ data, authorization: 'Bearer prod-token', tenant: 'prod' });
    try {
      const args = ['--base-source', `pyroscope+${staging.url}`, '--head-source', `pyroscope+${prod.url}`, '--service', 'shop', '--type', 'cpu', '--base-from', 'now-1h', '--head-from', 'now-1h', '--json'];
      const shared = await captureOutput((io) => runDiff(args, io, { PERFLENS_TOKEN: 'prod-token', PERFLENS_TENANT: 'prod' }));
      assert.equal(shared.code, 2, shared.stdout);
      assert.match(shared.stderr, /PERFLENS_TOKEN, PERFLENS_TENANT would go to both http:\/\/127\.0\.0\.1:\d+ and http:\/\/127\.0\.0\.1:\d+: set PERFLENS_BASE_TOKEN, PERFLENS_BASE_TENANT or PERFLENS_HEAD_TOKEN, PERFLENS_HEAD_TENANT/);
      assert.deepEqual([staging.calls.length, prod.calls.length], [0, 0], 'nothing asked of either server');
      const own = await captureOutput((io) => runDiff(args, io, { PERFLENS_BASE_TOKEN: 'staging-token', PERFLENS_HEAD_TOKEN: 'prod-token', PERFLENS_HEAD_TENANT: 'prod' }));
      assert.equal(own.code, 0, own.stderr);
      assert.ok(staging.calls.some((c) => c.method === 'SelectMergeProfile') && prod.calls.some((c) => c.method === 'SelectMergeProfile'), 'both sides fetched');
    } finally {
      await Promise.all([staging.close(), prod.close()]); // rejects when a server got credentials it did not expect
    }
  });
});
