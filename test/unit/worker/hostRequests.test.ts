// What the extension host asks the profile worker so that it never decodes and never waits for more than it shows:
// the analysis comes without call edges and span names (the heat needs neither) and its functionDetails request brings
// each function row's callers and callees exactly as a whole analysis has them, and its span names; a fetched reply
// is described there, its bytes moved there and back.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeAnnotations } from '../../../src/core/aggregate/flameAnnotations';
import { callTreeFigures } from '../../../src/worker/callTreeFigures';
import { buildWorkspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import { holdDetails, unpackWorkspaceProfile, type FunctionDetailsHolder } from '../../../src/editor/unpackProfile';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import { profileWorkerClient } from './helpers/startWorker';
// @ts-expect-error -- plain ESM helper shared with the integration tier
import { makeShopWorkspace } from '../../harness/workspaces.mjs';

const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

describe('the profile worker answers the extension host', () => {
  const ws = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-host-requests-')));
  const { client, log } = profileWorkerClient();
  after(() => {
    client.dispose();
    rmSync(ws, { recursive: true, force: true });
  });

  it('the analysis without call edges, then every function row\'s callers and callees as a whole analysis has them', async () => {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const request: AnalyzeRequest = { sources: readdirSync(dir).map((f) => join(dir, f)), roots: [{ name: 'shop', path: ws }], pathMappings: [], allowGit: false, limits };
    const whole = await buildWorkspaceProfile(request);
    const packed = await client.request('analyze', request);
    assert.equal(packed.callers.fn.length + packed.callees.fn.length, 0, 'no edge counted before the heat');
    const holder = {} as FunctionDetailsHolder;
    const profile = await unpackWorkspaceProfile(packed, holder);
    assert.equal(profile.functions.length, whole.functions.length);
    assert.ok(profile.functions.every((f) => f.callers.length === 0));
    holdDetails(holder, await client.request('functionDetails', request));
    assert.ok(whole.functions.some((f) => f.callers.length > 0 && f.callees.length > 0), 'the fixture has functions with both');
    profile.functions.forEach((f, i) => {
      assert.equal(f.name, whole.functions[i].name);
      assert.deepEqual(f.callers, whole.functions[i].callers.map((e) => ({ ...e })), `${f.name}: callers`);
      assert.deepEqual(f.callees, whole.functions[i].callees.map((e) => ({ ...e })), `${f.name}: callees`);
    });
    assert.deepEqual(log, []);
  });

  it('the span names that spend the most in each function come with its details, as the hover lists them', async () => {
    const file = join(__dirname, '../../fixtures/spans/cpu.pb.gz');
    const request: AnalyzeRequest = { sources: [file], typeName: 'cpu', roots: [{ name: 'shop', path: ws }], pathMappings: [], allowGit: false, limits };
    const holder = {} as FunctionDetailsHolder;
    const profile = await unpackWorkspaceProfile(await client.request('analyze', request), holder);
    const fn = (name: string) => profile.functions.find((f) => f.name === name);
    assert.equal(fn('main.spin')?.spanNames, undefined, 'none before the details came');
    const details = await client.request('functionDetails', request);
    assert.deepEqual(details.spanNames?.names.slice().sort(), ['GET /search', 'POST /checkout']);
    holdDetails(holder, details);
    // Both endpoints reach the shared loop, each its own function, costliest first; the background work none.
    const spin = fn('main.spin')!.spanNames!;
    assert.deepEqual(spin.map((s) => s.name).sort(), ['GET /search', 'POST /checkout']);
    assert.ok(spin[0].value >= spin[1].value && spin[1].value > 0);
    assert.ok(spin.every((s) => s.key === undefined), 'the span name is the usual key: not said');
    assert.deepEqual(fn('main.chargeCard')?.spanNames?.map((s) => s.name), ['POST /checkout']);
    assert.deepEqual(fn('main.searchProducts')?.spanNames?.map((s) => s.name), ['GET /search']);
    assert.equal(fn('main.plantedHotspot')?.spanNames, undefined);
    assert.ok(spin[0].value + spin[1].value <= fn('main.spin')!.cum, 'each a part of the function\'s total');
  });

  it('the flame graph\'s functions table reads the totals its analysis counted: the same as counted afresh, filtered or not', async () => {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const sources = readdirSync(dir).map((f) => join(dir, f));
    for (const frames of [undefined, { hide: '^runtime\\.' }]) {
      const analysis: AnalyzeRequest = { sources, typeName: 'cpu', roots: [{ name: 'shop', path: ws }], pathMappings: [], allowGit: false, limits, frames };
      const graph = { sources, typeName: 'cpu', limits, frames };
      // A fresh model with no analysis: the graph counts each function's flat and cum itself.
      const { client: fresh } = profileWorkerClient();
      const counted = decodeAnnotations((await fresh.request('flameGraph', graph)).annotations);
      fresh.dispose();
      await client.request('analyze', analysis);
      const read = decodeAnnotations((await client.request('flameGraph', { ...graph, analysis })).annotations);
      assert.ok(counted.functionTotal.some((v) => v > 0));
      assert.deepEqual(Array.from(read.functionSelf), Array.from(counted.functionSelf), `self, frames ${JSON.stringify(frames)}`);
      assert.deepEqual(Array.from(read.functionTotal), Array.from(counted.functionTotal), `total, frames ${JSON.stringify(frames)}`);
    }
  });

  it('the flame graph written to a new file of the folder it is given (what its page reads): the same bytes as in a message', async () => {
    const dir = join(ws, '.perflens/store/shop/v1/cpu');
    const graph = { sources: readdirSync(dir).map((f) => join(dir, f)), typeName: 'cpu', limits };
    const folder = mkdtempSync(join(tmpdir(), 'perflens-trees-'));
    try {
      const inMessage = await client.request('flameGraph', graph);
      const first = await client.request('flameGraphFile', { ...graph, folder });
      const second = await client.request('flameGraphFile', { ...graph, folder });
      assert.notEqual(first.file, second.file, 'a new file each time (each page deletes its own once read)');
      assert.deepEqual(readdirSync(folder).sort(), [basename(first.file), basename(second.file)].sort());
      const bytes = readFileSync(first.file);
      assert.equal(first.treeBytes, inMessage.tree.byteLength);
      assert.equal(first.annotationsBytes, inMessage.annotations.byteLength);
      assert.deepEqual(bytes, Buffer.concat([Buffer.from(inMessage.tree), Buffer.from(inMessage.annotations)]));
      const figures = callTreeFigures(inMessage.tree);
      assert.ok(figures.nodes > 1 && figures.total > 0, JSON.stringify(figures));
      assert.deepEqual({ nodes: first.nodes, total: first.total }, figures);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('describes fetched bytes it is handed, and hands them back; bytes that are no profile get why', async () => {
    const file = readFileSync(join(__dirname, '../../fixtures/go/cpu.pb.gz'));
    const bytes = Uint8Array.prototype.slice.call(file).buffer as ArrayBuffer;
    const answer = await client.request('describeBytes', { bytes, origin: 'fetched cpu', limits }, { transfer: [bytes] });
    assert.equal(bytes.byteLength, file.byteLength, 'copied to the worker process (a transfer list means nothing there): the sender keeps its bytes');
    assert.ok('metadata' in answer);
    assert.deepEqual(answer.metadata.sampleTypes.map((t) => t.type), ['samples', 'cpu']);
    assert.deepEqual(Buffer.from(answer.bytes), file, 'the same bytes back');
    const junk = new TextEncoder().encode('<html>502 Bad Gateway</html>').buffer as ArrayBuffer;
    const refused = await client.request('describeBytes', { bytes: junk, origin: 'fetched junk', limits }, { transfer: [junk] });
    assert.ok('error' in refused);
    assert.match(refused.error, /HTML/i);
    assert.equal(refused.bytes.byteLength, 28);
  });
});
