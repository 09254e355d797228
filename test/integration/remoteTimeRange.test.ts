// The time-range step of "Load Profiles from a Source..." against a Pyroscope server: the protocol-strict fake of
// the source tests (a real HTTP server on 127.0.0.1, here inside the extension host), configured in user settings.
// Its SelectMergeProfile answers as Grafana Pyroscope does: the fixture merged for the window, stamped with
// time_nanos = the window's end and duration_nanos = its length.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { timeRange } from '../../src/editor/profileLabel';
import { startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';
import { fields, num, str } from '../unit/sources/helpers/wire';
import { ENTER, LAST, answerPrompts, useSources } from './workbenchHelpers';

const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const SOURCE = 'Team Pyroscope';
const HOUR = 3_600_000;
const MIN = 60_000;
const shopProfile = readFileSync(join(__dirname, '../../../test/fixtures/go/cpu-trimpath.pb.gz'));

/** Grafana Pyroscope's SelectMergeProfile reply for a window (querier.go: TimeNanos = End, DurationNanos = End - Start). */
function mergedAsPyroscopeSendsIt(startMs: number, endMs: number): Uint8Array {
  const p = Profile.decode(gunzipSync(shopProfile));
  p.timeNanos = BigInt(endMs) * 1_000_000n;
  p.durationNanos = BigInt(endMs - startMs) * 1_000_000n;
  return p.encode();
}

describe('the time range of "Load Profiles from a Source...", against a Pyroscope server', () => {
  let api: PerfLensApi;
  let server: FakePyroscope;
  const merges: { start: number; end: number }[] = [];
  let forgetSources: (() => Promise<void>) | undefined;

  before(async () => {
    api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    server = await startFakePyroscope({
      data: { types: { shop: [CPU] }, labels: {}, seen: {}, profiles: {} },
      override: (method, req, res) => {
        if (method !== 'SelectMergeProfile') return false;
        // querier.v1.SelectMergeProfileRequest { profile_typeID = 1; label_selector = 2; int64 start = 3; int64 end = 4; }
        const f = fields(req.body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 0 });
        const start = num(f.get(3)?.[0]);
        const end = num(f.get(4)?.[0]);
        assert.equal(str(f.get(1)?.[0]), CPU);
        assert.equal(str(f.get(2)?.[0]), '{service_name="shop"}');
        assert.ok(start > 0 && end > start, 'start/end in ms');
        merges.push({ start, end });
        res.writeHead(200, { 'content-type': 'application/proto' });
        res.end(mergedAsPyroscopeSendsIt(start, end));
        return true;
      },
    });
    forgetSources = await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
  });

  after(async () => {
    await forgetSources?.();
    await server.close(); // rejects when a request broke the protocol
  });

  it('"Custom range..." asks from and to, prefilled now-6h and now, and the server is asked for that window', async () => {
    const before = Date.now();
    // Service, type and version have one choice each: the first question is the time range. End on its list
    // (Custom range...), then Enter on it and on both boxes.
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource', { source: SOURCE }),
      (q) => (q.prompt === 'Which time range?' ? [LAST, ENTER] : [ENTER]));
    const after = Date.now();
    assert.deepEqual(asked.map((q) => q.kind), ['pick', 'text', 'text'], JSON.stringify(asked));
    assert.equal(asked[0].items.at(-1), 'Custom range...', 'the range list ends with the custom range');
    assert.deepEqual(asked.slice(1).map((q) => q.title), ['PerfLens: load profiles: time range from', 'PerfLens: load profiles: time range to']);

    assert.equal(merges.length, 1, `one merge request: ${JSON.stringify(merges)}`);
    const { start, end } = merges[0];
    assert.equal(end - start, 6 * HOUR, 'now-6h to now: no preset is six hours');
    assert.ok(end >= before && end <= after, 'the window ends when the boxes were shown');
    const p = api.session.current!.profile;
    assert.equal(p.service, 'shop');
    assert.ok(p.files.some((f) => f.relativePath === 'pricing/prices.go'), 'the fetched profile maps onto the workspace');
    assert.deepEqual({ startMs: p.startMs, durationMs: p.durationMs }, { startMs: start, durationMs: 6 * HOUR },
      'the status bar shows the window fetched, not the server\'s end-stamped one');
  });

  it('the session\'s range, dragged on the store\'s timeline, is offered first and fetched as it is', async () => {
    // The workspace's store: shop/v1/cpu/<millis>.pb.gz.
    const cpuFolder = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store/shop/v1/cpu');
    const name = readdirSync(cpuFolder).find((f) => /^\d+\.pb\.gz$/.test(f))!;
    const taken = Number(name.split('.')[0]);
    await api.session.load({ sources: [join(cpuFolder, name)], type: 'cpu', hints: { service: 'shop', version: 'v1' } });
    const window = { fromMs: taken - 5 * MIN, toMs: taken + 25 * MIN };
    await api.timeRange.selectFromTimeline(window);
    assert.deepEqual(api.timeRange.choice, { kind: 'custom', ...window });

    const merged = merges.length;
    // Enter on the first item of each question: "Current range: ...".
    const { asked } = await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource', { source: SOURCE }));
    assert.match(asked[0]?.items[0] ?? '', /^Current range/, JSON.stringify(asked));

    assert.deepEqual(merges.slice(merged), [{ start: window.fromMs, end: window.toMs }], 'the exact window, not one relative to now');
    const p = api.session.current!.profile;
    assert.equal(p.sources.length, 1);
    assert.ok(!p.sources[0].startsWith(cpuFolder), 'the fetched profile is loaded, not the store\'s');
    // The store file is 2026-11-24T10:00Z (test/harness/workspaces.mjs): the window is 09:55 to 10:25.
    assert.equal(timeRange(p.startMs, p.durationMs), '2026-11-24 09:55–10:25 UTC', 'the status bar\'s time label');
  });
});
