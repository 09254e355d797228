// `perflens labels <source>` and `perflens fetch --labels`, in-process, against a real store folder holding a real
// Go CPU profile labelled per sample (as pprof.Do labels it) and a fake Pyroscope (which checks the selector).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runFetch } from '../../../src/cli/commands/fetch';
import { runLabels } from '../../../src/cli/commands/labels';
import { writeStoreProfile } from '../../../src/sources/store/store-writer';
import { captureOutput, runCliCaptured } from '../cli/helpers/runCliInProcess';
import { startFakePyroscope, type FakePyroscopeData } from './helpers/fake-pyroscope';
import { decode, fixtureRaw, total, withSampleLabel } from './helpers/profiles';

const T0 = Date.UTC(2026, 7, 1, 9, 0, 0);
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const CHECKOUT = 'POST /checkout';
const endpointOf = (functions: readonly string[]) => (functions.some((f) => f.includes('pricing')) ? CHECKOUT : 'GET /search');


describe('perflens labels / fetch --labels with a source', () => {
  let dir: string;
  let store: string;
  let file: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-cli-labels-'));
    store = join(dir, 'store');
    file = join(dir, 'labelled.pb.gz');
    const labelled = gzipSync(withSampleLabel(fixtureRaw('go/cpu.pb.gz'), 'endpoint', endpointOf));
    writeFileSync(file, labelled);
    await writeStoreProfile(store, { service: 'shop', version: 'v1', type: 'cpu', timeMs: T0, bytes: labelled });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a store\'s labels as it lists the same profile\'s as a file', async () => {
    const fromStore = await captureOutput((io) => runLabels([store, '--service', 'shop', '--type', 'cpu', '--json'], io, {}));
    assert.equal(fromStore.code, 0, fromStore.stderr);
    const fromFile = await runCliCaptured(['labels', file, '--json']);
    assert.deepEqual(JSON.parse(fromStore.stdout), JSON.parse(fromFile.stdout));
    const keys = (JSON.parse(fromStore.stdout) as { keys: { key: string; values: { value: string }[] }[] }).keys;
    assert.deepEqual(keys.map((k) => [k.key, k.values.map((v) => v.value).sort()]), [['endpoint', ['GET /search', CHECKOUT]]]);

    const text = await captureOutput((io) => runLabels([store, '--service', 'shop', '--type', 'cpu'], io, {}));
    assert.match(text.stdout, /^Source: .*store/m);
    assert.match(text.stdout, /^endpoint: .* 2 values$/m);
  });

  it('fetches only the matching samples of a store (filtered after reading), and warns when none match', async () => {
    const out = join(dir, 'checkout.pb.gz');
    const r = await captureOutput((io) => runFetch([store, '--service', 'shop', '--type', 'cpu', '--labels', `endpoint="${CHECKOUT}"`, '-o', out], io, {}));
    assert.equal(r.code, 0, r.stderr);
    const expected = await runCliCaptured(['top', file, '--labels', `endpoint="${CHECKOUT}"`, '--json']);
    const { selected } = JSON.parse(expected.stdout) as { selected: number };
    const fetched = decode(readFileSync(out));
    assert.equal(total(fetched, 'cpu'), selected);
    assert.ok(selected > 0 && selected < total(decode(readFileSync(file)), 'cpu'), 'some samples kept, some dropped');

    const none = await captureOutput((io) => runFetch([store, '--service', 'shop', '--type', 'cpu', '--labels', 'endpoint="GET /nothing"', '-o', join(dir, 'none.pb.gz')], io, {}));
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stderr, /warning: .*no sample matches \{endpoint="GET \/nothing"\} \(of \d+\)/);
  });

  it('refuses a bad selector or filters a server cannot apply, in one line', async () => {
    const bad = await captureOutput((io) => runFetch([store, '--service', 'shop', '--type', 'cpu', '--labels', 'endpoint=~"("', '-o', join(dir, 'x.pb.gz')], io, {}));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^perflens fetch: label filter endpoint=~"\(": .*not a valid regular expression/m);
    const files = await captureOutput((io) => runLabels([file, '--from', 'now-1h'], io, {}));
    assert.equal(files.code, 2);
    assert.match(files.stderr, /--from goes with one source, not profile files/);
  });
});

describe('perflens labels against Pyroscope', () => {
  const data: FakePyroscopeData = {
    types: { checkout: [CPU] },
    labels: { checkout: { endpoint: [CHECKOUT, 'GET /search', 'GET /x"}'], region: ['eu'] } },
    seen: {},
    profiles: { [`checkout|${CPU}|`]: fixtureRaw('go/cpu.pb.gz') },
  };

  it('lists each label\'s values ranked by cost of the service\'s first type, the top N of how many', async () => {
    const server = await startFakePyroscope({ data });
    try {
      const spec = `pyroscope+${server.url}`;
      const r = await captureOutput((io) => runLabels([spec, '--service', 'checkout', '--values', '2', '--labels', 'region="eu"'], io, {}));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Type: cpu \(nanoseconds\)$/m);
      assert.match(r.stdout, /^Filters: labels \{region="eu"\}$/m);
      assert.match(r.stdout, /^endpoint: 3 values\n {2}300 ns {2}"POST \/checkout"\n {2}200 ns {2}"GET \/search"\n {2}\(1 more value\)$/m);
      assert.match(r.stdout, /^region: 1 value\n {2}100 ns {2}"eu"$/m);
      for (const c of server.calls.filter((x) => x.method === 'SelectSeries')) assert.equal(c.body.selector, '{service_name="checkout",region="eu"}');

      const json = await captureOutput((io) => runLabels([spec, '--service', 'checkout', '--key', 'endpoint', '--json'], io, {}));
      assert.deepEqual(JSON.parse(json.stdout), {
        source: JSON.parse(json.stdout).source, service: 'checkout', type: 'cpu', unit: 'nanoseconds',
        keys: [{ key: 'endpoint', valueCount: 3, values: [{ value: CHECKOUT, cost: 300 }, { value: 'GET /search', cost: 200 }, { value: 'GET /x"}', cost: 100 }] }],
      });

      const frames = await captureOutput((io) => runLabels([spec, '--service', 'checkout', '--focus', 'main'], io, {}));
      assert.equal(frames.code, 2);
      assert.match(frames.stderr, /filters by label only \(--labels\); frame and tag filters apply to fetched profiles/);
    } finally {
      await server.close();
    }
  });

  it('`perflens fetch --labels` asks the server for the matching samples and does not filter them again', async () => {
    const server = await startFakePyroscope({ data });
    const dir = mkdtempSync(join(tmpdir(), 'perflens-cli-labels-'));
    try {
      const out = join(dir, 'out.pb.gz');
      const r = await captureOutput((io) => runFetch([`pyroscope+${server.url}`, '--service', 'checkout', '--type', 'cpu', '--labels', `endpoint="${CHECKOUT}"`, '--labels', 'region!=us', '-o', out], io, {}));
      assert.equal(r.code, 0, r.stderr);
      const merge = server.calls.find((c) => c.method === 'SelectMergeProfile')?.body;
      assert.deepEqual(merge?.filters, [{ name: 'endpoint', op: '=', value: CHECKOUT }, { name: 'region', op: '!=', value: 'us' }]);
      // The fake answers the whole (unlabelled) profile: filtered again here, nothing would be left.
      assert.equal(total(decode(readFileSync(out)), 'cpu'), total(decode(fixtureRaw('go/cpu.pb.gz')), 'cpu'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
});
