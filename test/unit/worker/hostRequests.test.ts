// What the extension host asks the profile worker so that it never decodes and never waits for more than it shows:
// the analysis comes without call edges (the heat needs none) and its callEdges request brings each function row's
// callers and callees exactly as a whole analysis has them; a fetched reply is described there, its bytes moved
// there and back.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildWorkspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import { unpackWorkspaceProfile, type CallEdgeHolder } from '../../../src/editor/unpackProfile';
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
    const holder = {} as CallEdgeHolder;
    const profile = unpackWorkspaceProfile(packed, holder);
    assert.equal(profile.functions.length, whole.functions.length);
    assert.ok(profile.functions.every((f) => f.callers.length === 0));
    const edges = await client.request('callEdges', request);
    Object.assign(holder, edges);
    assert.ok(whole.functions.some((f) => f.callers.length > 0 && f.callees.length > 0), 'the fixture has functions with both');
    profile.functions.forEach((f, i) => {
      assert.equal(f.name, whole.functions[i].name);
      assert.deepEqual(f.callers, whole.functions[i].callers.map((e) => ({ ...e })), `${f.name}: callers`);
      assert.deepEqual(f.callees, whole.functions[i].callees.map((e) => ({ ...e })), `${f.name}: callees`);
    });
    assert.deepEqual(log, []);
  });

  it('describes fetched bytes it is handed, and hands them back; bytes that are no profile get why', async () => {
    const file = readFileSync(join(__dirname, '../../fixtures/go/cpu.pb.gz'));
    const bytes = Uint8Array.prototype.slice.call(file).buffer as ArrayBuffer;
    const answer = await client.request('describeBytes', { bytes, origin: 'fetched cpu', limits }, { transfer: [bytes] });
    assert.equal(bytes.byteLength, 0, 'moved to the worker, not copied');
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
