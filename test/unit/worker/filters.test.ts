// The editor's filters in the profile worker, on a real Go CPU profile whose requests ran as spans (span_name: GET
// /search in main.searchProducts, POST /checkout in main.chargeCard; unlabelled background work in
// main.plantedHotspot): the label picker's summary, label and frame filters in the analysis (and in its cache key),
// "my code only", a filter that keeps nothing, and the flame graph grouped by a label.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deserializeCallTree } from '../../../src/core/aggregate/serialize';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import { unpackWorkspaceProfile } from '../../../src/editor/unpackProfile';
import { profileWorkerClient } from './helpers/startWorker';

const fixture = join(__dirname, '../../fixtures/spans');
const profile = join(fixture, 'cpu.pb.gz');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

describe('filters in the profile worker (a real Go CPU profile with span labels)', () => {
  const ws = mkdtempSync(join(tmpdir(), 'perflens-filters-'));
  copyFileSync(join(fixture, 'main.go'), join(ws, 'main.go'));
  const { client } = profileWorkerClient();
  after(() => {
    client.dispose();
    rmSync(ws, { recursive: true, force: true });
  });
  const request = (over: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({ sources: [profile], typeName: 'cpu', roots: [{ name: 'ws', path: ws }], pathMappings: [], allowGit: false, limits, ...over });
  const analyze = async (over: Partial<AnalyzeRequest> = {}) => unpackWorkspaceProfile(await client.request('analyze', request(over)));
  const cum = (p: Awaited<ReturnType<typeof analyze>>, name: string) => p.functions.find((f) => f.name === name)?.cum ?? 0;

  it('summarizes the labels for the picker: keys by cost with their value counts, only the top values of a many-valued key', async () => {
    const s = await client.request('labelSummary', { sources: [profile], typeName: 'cpu', limits, topValues: 3 });
    assert.equal(s.type, 'cpu');
    const byKey = new Map(s.keys.map((k) => [k.key, k]));
    const name = byKey.get('span_name');
    const id = byKey.get('span_id');
    assert.ok(name && id, `keys: ${[...byKey.keys()].join(', ')}`);
    assert.deepEqual(name.values.map((v) => v.value).sort(), ['GET /search', 'POST /checkout']);
    assert.ok(name.cost > 0 && name.cost < s.total, 'span_name is on the requests only, not on the background work');
    assert.equal(id.values.length, 3, 'a key with more values than asked offers its top values');
    assert.ok(id.valueCount > 3 && id.otherCost > 0, 'and says how many there are and what the rest cost');
    // Under a label filter, only the values left.
    const filtered = await client.request('labelSummary', { sources: [profile], typeName: 'cpu', limits, labels: [{ key: 'span_name', op: '=', value: 'GET /search' }], key: 'span_name' });
    assert.deepEqual(filtered.keys.map((k) => k.values.map((v) => v.value)), [['GET /search']]);
  });

  it('a label filter moves the heat to the endpoint\'s code; the cache keeps the analyses apart', async () => {
    const all = await analyze();
    const search = await analyze({ labels: [{ key: 'span_name', op: '=', value: 'GET /search' }] });
    const checkout = await analyze({ labels: [{ key: 'span_name', op: '=', value: 'POST /checkout' }] });
    assert.ok(cum(all, 'main.plantedHotspot') > 0 && cum(all, 'main.searchProducts') > 0 && cum(all, 'main.chargeCard') > 0);
    assert.ok(cum(search, 'main.searchProducts') > 0);
    assert.equal(cum(search, 'main.chargeCard'), 0);
    assert.equal(cum(search, 'main.plantedHotspot'), 0, 'the background work has no span');
    assert.ok(cum(checkout, 'main.chargeCard') > 0);
    assert.equal(cum(checkout, 'main.searchProducts'), 0);
    const line = (p: typeof all, fn: string) => p.files.find((f) => f.relativePath === 'main.go')?.lines.some((l) => l.line === p.functions.find((x) => x.name === fn)?.firstLine);
    assert.ok(line(search, 'main.searchProducts'), 'the heat is on searchProducts\' line');
    // The unfiltered analysis again: not the filtered one from the cache.
    assert.equal(cum(await analyze(), 'main.plantedHotspot'), cum(all, 'main.plantedHotspot'));
  });

  it('frame filters: focus keeps the stacks through a frame, hide takes frames out, "my code only" folds the runtime', async () => {
    const all = await analyze();
    const focus = await analyze({ frames: { focus: 'main\\.chargeCard' } });
    assert.equal(cum(focus, 'main.plantedHotspot'), 0);
    assert.equal(cum(focus, 'main.chargeCard'), cum(all, 'main.chargeCard'));
    assert.ok(focus.total < all.total || focus.functions.length < all.functions.length);
    const hide = await analyze({ frames: { hide: '^main\\.spin$' } });
    assert.equal(cum(hide, 'main.spin'), 0);
    assert.equal(cum(hide, 'main.chargeCard'), cum(all, 'main.chargeCard'), 'the caller keeps the cost of what was hidden');
    const mine = await analyze({ frames: { presets: ['app-only'] } });
    assert.ok(mine.functions.every((f) => f.name.startsWith('main.') || f.name.startsWith('[')), `functions: ${mine.functions.map((f) => f.name).join(', ')}`);
    assert.ok(mine.functions.some((f) => f.name === '[runtime]'));
    assert.equal(cum(mine, 'main.plantedHotspot'), cum(all, 'main.plantedHotspot'));
  });

  it('a filter that keeps no sample is an error that says so, never an empty profile', async () => {
    await assert.rejects(analyze({ labels: [{ key: 'span_name', op: '=', value: 'DELETE /nothing' }] }), /the filter matches no samples.*span_name="DELETE \/nothing"/);
    await assert.rejects(analyze({ frames: { focus: 'no\\.such\\.function' } }), /the filter matches no samples.*focus no\\\.such\\\.function.*matches no function/);
  });

  it('groups the flame graph by a label: one root per value, then the samples without it', async () => {
    await analyze();
    const buffers = await client.request('flameGraph', { sources: [profile], typeName: 'cpu', limits, analysis: request(), groupBy: 'span_name' });
    const tree = deserializeCallTree(buffers.tree);
    const roots: string[] = [];
    for (let i = tree.childStart[0]; i < tree.childStart[1]; i++) roots.push(tree.strings.get(tree.functions.name[tree.function[tree.children[i]]]));
    assert.deepEqual([...roots].sort(), ['no span_name', 'span_name=GET /search', 'span_name=POST /checkout']);
    // Under "my code only" too: the groups' roots, then the app's functions and the folded runtime.
    const mine = { ...request(), frames: { presets: ['app-only'] } };
    await client.request('analyze', mine);
    const folded = deserializeCallTree((await client.request('flameGraph', { sources: [profile], typeName: 'cpu', limits, analysis: mine, frames: mine.frames, groupBy: 'span_name' })).tree);
    const names = new Set(Array.from({ length: folded.count - 1 }, (_, n) => folded.strings.get(folded.functions.name[folded.function[n + 1]])));
    assert.ok(names.has('span_name=POST /checkout') && names.has('main.chargeCard') && names.has('[runtime]'), [...names].join(', '));
    assert.ok(![...names].some((n) => n.startsWith('runtime.')), 'no runtime function of its own');
  });
});
