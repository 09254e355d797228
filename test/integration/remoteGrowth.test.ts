// The Memory growth view on a Pyroscope source: heap snapshots loaded from the server (the source tests' protocol-
// strict fake, a real HTTP server on 127.0.0.1 inside the extension host) show the growth of the server's history.
// The fake holds the committed real snapshots of the leaking Go test service (test/fixtures/growth) from two
// processes, 25 s apart: a SelectMergeProfile adds every snapshot of its window up (as Pyroscope does), and
// SelectSeries answers the sum or the average of the snapshots' totals per step and process, as Pyroscope's
// RangeSeries does (a step ending at S holds (S - step, S]). Off screen, the view asks nothing; on screen, it ranks
// the planted leak first and says where its figures come from.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseProfile } from '../../src/core/profile/parse';
import { snapshotSites } from '../../src/core/trends/snapshotSites';
import { KeyIndex } from '../../src/core/trends/summary';
import type { PerfLensApi } from '../../src/extension';
import { until } from '../harness/wait';
import { mergeWindow, startFakePyroscope, type FakePyroscope } from '../unit/sources/helpers/fake-pyroscope';
import { dbl, Enc, fields, num, strs } from '../unit/sources/helpers/wire';
import { sumProfiles } from '../unit/trends/helpers/sumProfiles';
import { answerPrompts, useSources } from './workbenchHelpers';

const INUSE = 'memory:inuse_space:bytes:space:bytes';
const SOURCE = 'Growth Pyroscope';
const INSTANCES = ['a', 'b'];
// From test/integration, or from the in-host suite's bundle in out/test/integration.
const folder = [join(__dirname, '../fixtures/growth/store/sessions/v1/inuse_space'), join(__dirname, '../../../test/fixtures/growth/store/sessions/v1/inuse_space')].find((f) => existsSync(f))!;

describe('the Memory growth view, on heap snapshots loaded from a Pyroscope server', () => {
  let api: PerfLensApi;
  let server: FakePyroscope;
  let forgetSources: (() => Promise<void>) | undefined;
  const series: { aggregation: number; groupBy: string[] }[] = [];
  let merges = 0;

  before(async () => {
    // The last snapshot just before a round ten minutes, so that every bucket with snapshots is whole whatever the
    // width (a bucket cut by the span's end to under two snapshots per series would be left out).
    const end = Math.floor(Date.now() / 600_000) * 600_000 - 1_000;
    const files = readdirSync(folder).sort();
    const snapshots = files.map((f, i) => {
      const bytes = new Uint8Array(readFileSync(join(folder, f)));
      return { bytes, timeMs: end - (files.length - 1 - i) * 25_000, total: snapshotSites(parseProfile(bytes, f), 'inuse_space', new KeyIndex()).sites.totals[0] };
    });
    server = await startFakePyroscope({
      data: { types: { sessions: [INUSE] }, labels: { sessions: { instance: INSTANCES } }, seen: {}, profiles: {} },
      override: (method, req, res) => {
        if (method === 'SelectMergeProfile') {
          merges++;
          const { start, end } = mergeWindow(req.body);
          const inside = snapshots.filter((s) => s.timeMs >= start && s.timeMs <= end);
          res.writeHead(200, { 'content-type': 'application/proto' });
          res.end(inside.length === 0 ? new Uint8Array(0) : sumProfiles(inside.flatMap((s) => INSTANCES.map(() => s.bytes))));
          return true;
        }
        if (method !== 'SelectSeries') return false;
        const f = fields(req.body, { 1: 2, 2: 2, 3: 0, 4: 0, 5: 2, 6: 1, 7: 0, 9: 0 });
        const [start, end, stepMs] = [num(f.get(3)?.[0]), num(f.get(4)?.[0]), dbl(f.get(6)?.[0]) * 1000];
        const aggregation = num(f.get(7)?.[0]);
        series.push({ aggregation, groupBy: strs(f.get(5)) });
        const steps = new Map<number, number[]>();
        for (const s of snapshots.filter((x) => x.timeMs >= start && x.timeMs <= end)) {
          const step = start + Math.ceil((s.timeMs - start) / stepMs) * stepMs;
          steps.set(step, [...(steps.get(step) ?? []), s.total]);
        }
        const e = new Enc();
        for (const instance of INSTANCES) {
          const one = new Enc().msg(1, new Enc().str(1, 'instance').str(2, instance));
          for (const [step, totals] of steps) {
            const sum = totals.reduce((a, b) => a + b, 0);
            one.msg(2, new Enc().dbl(1, aggregation === 1 ? sum / totals.length : sum).int(2, step));
          }
          e.msg(1, one);
        }
        res.writeHead(200, { 'content-type': 'application/proto' });
        res.end(e.done());
        return true;
      },
    });
    forgetSources = await useSources([{ name: SOURCE, url: `pyroscope+${server.url}` }]);
    api = await vscode.extensions.getExtension<PerfLensApi>('perflens.perflens')!.activate();
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  after(async () => {
    await forgetSources?.();
    await server.close();
  });

  it('asks nothing off screen; on screen ranks the planted leak first, averaged by the server\'s snapshot counts', async () => {
    await answerPrompts(() => vscode.commands.executeCommand('perflens.loadFromSource', { source: SOURCE }));
    assert.equal(api.session.current!.profile.service, 'sessions');
    assert.equal(merges, 1, 'only the load\'s merge');
    assert.equal(series.length, 0, 'no snapshot counts asked while the view is off screen');
    await vscode.commands.executeCommand('perflens.growth.focus');
    const rows = await until(() => (api.growthTree.rows.length > 0 ? api.growthTree.rows : undefined),
      () => `sites in the Memory growth view; ${JSON.stringify(api.growth.current?.remote)}; notes: ${JSON.stringify(api.growth.current?.notes)}`);
    assert.deepEqual([rows[0].function, rows[0].leak], ['main.handle', true], JSON.stringify(rows.slice(0, 3)));
    const view = api.growth.current!;
    assert.match(view.remote!.provenance, new RegExp(`^averaged per \\d+ \\w+ bucket from ${2 * readdirSync(folder).length} snapshots of Pyroscope .* 2 series at most\\)$`));
    assert.deepEqual(new Set(series.map((s) => s.aggregation)), new Set([0, 1]), 'the sum and the average of the snapshots\' totals');
    assert.ok(series.every((s) => s.groupBy.includes('instance')), JSON.stringify(series));
    // The Trends view, in the same side bar, came on screen too and asked its own merges: the growth's are in its notes.
    const note = view.notes.find((n) => /^\d+ merged profiles asked of Pyroscope/.test(n));
    assert.ok(note, view.notes.join('; '));
    const asked = Number(/^(\d+) merged/.exec(note)![1]);
    assert.ok(asked <= 64 && merges - 1 >= asked, `${asked} merges said, ${merges - 1} asked`);
  });
});
