// Pyroscope span profiles: a fetch that names spans or traces asks SelectMergeStacktraces for pprof with the
// span and trace selectors (querier.proto, the version the tests pin), and keeps only what that returns; the
// cache keeps span answers apart from the whole window's; sources that cannot select spans refuse.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSource } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import { startFakePyroscope } from './helpers/fake-pyroscope';
import { fixtureRaw } from './helpers/profiles';
import { Enc, fields, num, str, strs } from './helpers/wire';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const HOUR = 3_600_000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const whole = fixtureRaw('go/cpu.pb.gz');
const spanOnly = fixtureRaw('go/cpu-trimpath.pb.gz');

describe('Pyroscope span profiles', () => {
  it('asks SelectMergeStacktraces for pprof of the spans and traces, and returns that profile', async () => {
    const asked: Record<string, unknown>[] = [];
    const server = await startFakePyroscope({
      data: { types: { checkout: [CPU] }, labels: {}, seen: {}, profiles: { [`checkout|${CPU}|`]: whole } },
      override: (method, req, res) => {
        if (method !== 'SelectMergeStacktraces') return false;
        // SelectMergeStacktracesRequest { profile_typeID = 1; label_selector = 2; start = 3; end = 4; format = 6; trace_id_selector = 10; span_selector = 11 }
        const f = fields(req.body, { 1: 2, 2: 2, 3: 0, 4: 0, 6: 0, 10: 2, 11: 2 });
        asked.push({ type: str(f.get(1)?.[0]), selector: str(f.get(2)?.[0]), start: num(f.get(3)?.[0]), end: num(f.get(4)?.[0]), format: num(f.get(6)?.[0]), traces: strs(f.get(10)), spans: strs(f.get(11)) });
        res.writeHead(200, { 'content-type': 'application/proto' });
        // SelectMergeStacktracesResponse { PprofProfile pprof = 5 } / PprofProfile { google.v1.Profile profile = 1 }
        res.end(new Enc().msg(5, new Enc().bytesField(1, spanOnly)).done());
        return true;
      },
    });
    const cache = mkdtempSync(join(tmpdir(), 'perflens-span-cache-'));
    try {
      const source = createSource(`pyroscope+${server.url}`, { now: () => NOW, retry: { retries: 0 }, cacheDir: cache });
      const range = { fromMs: NOW - 3 * HOUR, toMs: NOW - 2 * HOUR };
      const [span] = await source.fetchProfiles({ service: 'checkout', type: 'cpu', range, spans: { spanIds: ['00f067aa0ba902b7'], traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'] } });
      assert.deepEqual(asked, [{ type: CPU, selector: '{service_name="checkout"}', start: range.fromMs, end: range.toMs, format: 4, traces: ['4bf92f3577b34da6a3ce929d0e0e4736'], spans: ['00f067aa0ba902b7'] }]);
      assert.deepEqual(Buffer.from(span.bytes), spanOnly, 'the span profile as the server sent it');
      const [all] = await source.fetchProfiles({ service: 'checkout', type: 'cpu', range });
      assert.deepEqual(Buffer.from(all.bytes), whole, 'the whole window is not answered from the span\'s cache entry');
      await source.fetchProfiles({ service: 'checkout', type: 'cpu', range, spans: { spanIds: ['00f067aa0ba902b7'], traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'] } });
      assert.equal(asked.length, 1, 'the settled span profile came from the cache the second time');
    } finally {
      rmSync(cache, { recursive: true, force: true });
      await server.close();
    }
  });

  it('the local store and pprof endpoints refuse span selections with the reason', async () => {
    const store = createSource(mkdtempSync(join(tmpdir(), 'perflens-span-store-')));
    await assert.rejects(store.fetchProfiles({ service: 's', type: 'cpu', spans: { spanIds: ['00f067aa0ba902b7'] } }), (e: unknown) => e instanceof SourceError && e.kind === 'config' && /cannot select the samples of a span or trace/.test(e.message));
  });
});
