// A filter toggled back in the profile worker (a real Go CPU profile whose requests ran as spans): the heat is the
// one answered before, answered again from what the worker kept even after that answer's columns were moved to the
// extension host, and the flame graph then reads the same analysis as before (its kept tree is good again).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deserializeCallTree } from '../../../src/core/aggregate/serialize';
import { unpackWorkspaceProfile } from '../../../src/editor/unpackProfile';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import { analysisKey } from '../../../src/worker/handlers/flameSelection';
import { inProcessWorker } from './helpers/inProcessWorker';

const fixture = join(__dirname, '../../fixtures/spans');
const profile = join(fixture, 'cpu.pb.gz');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const search = [{ key: 'span_name', op: '=' as const, value: 'GET /search' }];

describe('a filter toggled back in the profile worker', () => {
  const ws = mkdtempSync(join(tmpdir(), 'perflens-toggle-'));
  copyFileSync(join(fixture, 'main.go'), join(ws, 'main.go'));
  after(() => rmSync(ws, { recursive: true, force: true }));
  const { state, send } = inProcessWorker();
  const request = (over: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({ sources: [profile], typeName: 'cpu', roots: [{ name: 'ws', path: ws }], pathMappings: [], allowGit: false, limits, ...over });
  const graph = (labels?: typeof search) => send('flameGraph', { sources: [profile], typeName: 'cpu', limits, labels, analysis: request({ labels }) });

  it('answers the same heat and reads the same analysis, after another filter and back, both ways', async () => {
    const all = await send('analyze', request());
    const entry = state.models.held()[0];
    const key = analysisKey('cpu', {});
    const analysed = entry.analysed.get(key);
    const allTree = deserializeCallTree((await graph()).tree);
    const filtered = await send('analyze', request({ labels: search }));
    const searchTree = deserializeCallTree((await graph(search)).tree);
    assert.notEqual(entry.analysed.get(key), undefined);
    assert.ok(searchTree.total[0] < allTree.total[0], 'the filter keeps fewer samples');

    const again = await send('analyze', request());
    assert.deepEqual(await unpackWorkspaceProfile(again), await unpackWorkspaceProfile(all), 'the same heat, its columns whole though the first answer\'s were moved away');
    assert.equal(entry.analysed.get(key), analysed, 'the flame graph reads the analysis it was built with');
    assert.equal(entry.latestSelection, undefined, 'the filter\'s selection is let go: no request reads it now');
    const selections = entry.selections;
    assert.deepEqual(deserializeCallTree((await graph()).tree), allTree);
    assert.equal(entry.selections, selections, 'the kept tree, answered without selecting');
    const filteredAgain = await send('analyze', request({ labels: search }));
    assert.deepEqual(await unpackWorkspaceProfile(filteredAgain), await unpackWorkspaceProfile(filtered));
    assert.deepEqual(deserializeCallTree((await graph(search)).tree), searchTree);
    // What is kept counts in the model cache's memory budget.
    const heats = [...entry.heats.values()].reduce((sum, heat) => sum + heat.packed.byteLength, 0);
    assert.equal(entry.heats.size, 2);
    assert.ok(heats > 0);
    const held = state.models.bytes;
    const kept = new Map(entry.heats);
    entry.heats.clear();
    state.models.recount(entry);
    assert.equal(held - state.models.bytes, heats, 'the heats\' bytes were counted');
    for (const [k, heat] of kept) entry.heats.set(k, heat);
    state.models.recount(entry);
  });

  it('makes the heat anew for another workspace (another mapping), not from what was kept', async () => {
    const other = mkdtempSync(join(tmpdir(), 'perflens-toggle-empty-'));
    try {
      const elsewhere = await unpackWorkspaceProfile(await send('analyze', request({ roots: [{ name: 'ws', path: other }] })));
      const here = await unpackWorkspaceProfile(await send('analyze', request()));
      assert.equal(elsewhere.files.length, 0, 'no source file there');
      assert.ok(here.files.length > 0, 'main.go here');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
