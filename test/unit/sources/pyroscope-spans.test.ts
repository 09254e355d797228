// Pyroscope span profiles: a fetch that names spans asks SelectMergeSpanProfile for the tree of those spans
// (querier.proto; SelectMergeStacktraces has no span selector on the servers the tests pin) and turns it into
// pprof; the cache keeps span answers apart from the whole window's; a trace id is refused (Pyroscope selects
// spans); sources that cannot select spans refuse.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { parseProfile } from '../../../src/core/profile/parse';
import { topTable, sortedRows } from '../../../src/core/aggregate/topTable';
import { select } from '../../../src/core/query/select';
import { createSource } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import { spanTreeToPprof } from '../../../src/sources/pyroscope/span-tree';
import { startFakePyroscope } from './helpers/fake-pyroscope';
import { fixtureRaw } from './helpers/profiles';
import { Enc, fields, num, str, strs } from './helpers/wire';

const NOW = Date.UTC(2026, 7, 1, 12, 0, 0);
const HOUR = 3_600_000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const whole = fixtureRaw('go/cpu.pb.gz');
/**
 * A real reply: the tree Grafana Pyroscope v1.12.0 answered for three spans of the peers tier's Go service (its
 * flame graph for the same request said total 140000000, in main.searchProducts and main.chargeCard, 70 ms each).
 */
const REAL_TREE = Buffer.from('AAABD21haW4uc2VydmVTcGFucwABEHJ1bnRpbWUvcHByb2YuRG8AARVtYWluLnNlcnZlU3BhbnMuZnVuYzEAAhNtYWluLnNlYXJjaFByb2R1Y3RzAAEJbWFpbi5zcGlugOHrFwEUcnVudGltZS5hc3luY1ByZWVtcHSA2sQJAA9tYWluLmNoYXJnZUNhcmQAAQltYWluLnNwaW6A2sQJARRydW50aW1lLmFzeW5jUHJlZW1wdIDh6xcA', 'base64');
const CPU_TYPE = { sampleType: 'cpu', unit: 'nanoseconds', periodType: 'cpu', periodUnit: 'nanoseconds' };

function cumOf(pprof: Uint8Array): { total: number; cum: Map<string, number> } {
  const selection = select(buildModel([parseProfile(pprof, 'span.pb')]), { type: 'cpu' });
  return { total: selection.total, cum: new Map(sortedRows(selection, topTable(selection, 'function-name')).map((r) => [r.function, r.cum])) };
}

describe('Pyroscope span profiles', () => {
  it('a span profile tree becomes a pprof profile with the tree\'s totals', () => {
    const { total, cum } = cumOf(spanTreeToPprof(REAL_TREE, CPU_TYPE));
    assert.equal(total, 140_000_000);
    assert.equal(cum.get('main.searchProducts'), 70_000_000);
    assert.equal(cum.get('main.chargeCard'), 70_000_000);
    assert.equal(cum.get('main.serveSpans'), 140_000_000);
  });

  it('refuses a truncated or bloated tree in one line', () => {
    for (const bad of [REAL_TREE.subarray(0, 40), Buffer.concat([REAL_TREE, Buffer.from([0])]), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80])]) {
      assert.throws(() => spanTreeToPprof(bad, CPU_TYPE), /^SpanTreeError: the span profile tree (ends inside|has)/);
    }
    assert.throws(() => spanTreeToPprof(REAL_TREE, CPU_TYPE, { maxNodes: 3 }), /more than 3 nodes/);
  });

  it('asks SelectMergeSpanProfile for the tree of the spans, and returns it as pprof', async () => {
    const asked: Record<string, unknown>[] = [];
    const server = await startFakePyroscope({
      data: { types: { checkout: [CPU] }, labels: {}, seen: {}, profiles: { [`checkout|${CPU}|`]: whole } },
      override: (method, req, res) => {
        if (method !== 'SelectMergeSpanProfile') return false;
        // SelectMergeSpanProfileRequest { profile_typeID = 1; label_selector = 2; span_selector = 3; start = 4; end = 5; format = 7 }
        const f = fields(req.body, { 1: 2, 2: 2, 3: 2, 4: 0, 5: 0, 7: 0 });
        asked.push({ type: str(f.get(1)?.[0]), selector: str(f.get(2)?.[0]), spans: strs(f.get(3)), start: num(f.get(4)?.[0]), end: num(f.get(5)?.[0]), format: num(f.get(7)?.[0]) });
        res.writeHead(200, { 'content-type': 'application/proto' });
        // SelectMergeSpanProfileResponse { FlameGraph flamegraph = 1; bytes tree = 2 }
        res.end(new Enc().bytesField(2, REAL_TREE).done());
        return true;
      },
    });
    const cache = mkdtempSync(join(tmpdir(), 'perflens-span-cache-'));
    try {
      const source = createSource(`pyroscope+${server.url}`, { now: () => NOW, retry: { retries: 0 }, cacheDir: cache });
      const range = { fromMs: NOW - 3 * HOUR, toMs: NOW - 2 * HOUR };
      const [span] = await source.fetchProfiles({ service: 'checkout', type: 'cpu', range, spans: { spanIds: ['00f067aa0ba902b7', '7f34be5414721824'] } });
      assert.deepEqual(asked, [{ type: CPU, selector: '{service_name="checkout"}', spans: ['00f067aa0ba902b7', '7f34be5414721824'], start: range.fromMs, end: range.toMs, format: 2 }]);
      assert.equal(cumOf(span.bytes).total, 140_000_000, 'the span profile the server sent');
      const [all] = await source.fetchProfiles({ service: 'checkout', type: 'cpu', range });
      assert.deepEqual(Buffer.from(all.bytes), whole, 'the whole window is not answered from the span\'s cache entry');
      await source.fetchProfiles({ service: 'checkout', type: 'cpu', range, spans: { spanIds: ['00f067aa0ba902b7', '7f34be5414721824'] } });
      assert.equal(asked.length, 1, 'the settled span profile came from the cache the second time');
      await assert.rejects(source.fetchProfiles({ service: 'checkout', type: 'cpu', range, spans: { spanIds: [], traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'] } }),
        (e: unknown) => e instanceof SourceError && e.kind === 'config' && /selects the samples of spans, not of whole traces/.test(e.message));
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
