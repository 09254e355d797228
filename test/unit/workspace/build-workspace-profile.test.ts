import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { buildWorkspaceProfile as analyse } from '../../../src/core/workspace/buildWorkspaceProfile';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import type { WorkspaceProfile } from '../../../src/shared/workspaceProfile';
// @ts-expect-error -- plain ESM helper shared with the integration tier
import { makeShopWorkspace } from '../../harness/workspaces.mjs';

const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

/** What the worker's analyze request computes: the files' model, selected, mapped and analysed. */
async function buildWorkspaceProfile(request: AnalyzeRequest): Promise<WorkspaceProfile> {
  return analyse(request, buildModel(request.sources.map((s) => readProfileFile(s, request.limits))));
}

describe('the editor\'s view of a real Go CPU profile (-trimpath) mapped onto its module', () => {
  let ws: string;
  let profile: WorkspaceProfile;
  const request = (over: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({
    sources: [join(ws, '.perflens/store/shop/v1/cpu', readdir(ws))],
    roots: [{ name: 'shop', path: ws }],
    pathMappings: [],
    allowGit: false,
    limits,
    ...over,
  });
  before(async () => {
    ws = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-wsp-')));
    profile = await buildWorkspaceProfile(request({ hints: { service: 'shop', version: 'v1' } }));
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('picks the CPU type by default and uses the store\'s service and version', () => {
    assert.equal(profile.type, 'cpu');
    assert.equal(profile.unit, 'nanoseconds');
    assert.deepEqual(profile.sampleTypes.map((t) => t.type), ['samples', 'cpu']);
    assert.equal(profile.service, 'shop');
    assert.equal(profile.version, 'v1');
  });

  it('puts line costs on the tagged hot lines of the workspace files', () => {
    const prices = profile.files.find((f) => f.relativePath === 'pricing/prices.go');
    assert.ok(prices);
    assert.equal(prices.path, join(ws, 'pricing', 'prices.go'));
    const text = readFileSync(prices.path, 'utf8').split('\n');
    const busy = text.findIndex((l) => l.includes('HOT:cpu busy-loop')) + 1;
    const hottest = [...prices.lines].sort((a, b) => b.flat - a.flat)[0];
    assert.equal(hottest.line, busy);
  });

  it('gives each function flat, cum (never above the total, even recursive Fib) and its callers', () => {
    const fib = profile.functions.find((f) => f.name.endsWith('pricing.Fib'));
    const sum = profile.functions.find((f) => f.name.endsWith('pricing.SumPrices'));
    assert.ok(fib && sum);
    assert.ok(fib.cum <= profile.total && fib.cum >= fib.flat);
    assert.equal(fib.class, 'app');
    assert.equal(fib.path, join(ws, 'pricing', 'prices.go'));
    assert.ok(!fib.callers.some((e) => profile.functions[e.fn] === fib), 'recursion is not an edge to itself');
    const callerNames = sum.callers.map((e) => profile.functions[e.fn].name);
    assert.ok(callerNames.includes('main.runPhases'), `SumPrices is called by main.runPhases (${callerNames})`);
    // Functions come sorted by cum; the whole program sits under runtime.main / main.main.
    for (let i = 1; i < profile.functions.length; i++) assert.ok(profile.functions[i - 1].cum >= profile.functions[i].cum);
    assert.ok(profile.functions.some((f) => f.class === 'runtime'), 'Go runtime frames are classed runtime');
  });

  it('switches to another sample type of the same files', async () => {
    const samples = await buildWorkspaceProfile(request({ typeName: 'samples' }));
    assert.equal(samples.type, 'samples');
    assert.equal(samples.unit, 'count');
    assert.ok(Number.isInteger(samples.total) && samples.total > 0);
    // Go's CPU profiler writes cpu = samples × period (10 ms at its 100 Hz): the two types must agree.
    assert.equal(profile.total / samples.total, 10_000_000);
  });

  it('says why line drift did not run in an untrusted workspace', async () => {
    const p = await buildWorkspaceProfile(request({ gitRef: 'abc1234', allowGit: false }));
    assert.ok(p.notes.some((n) => /untrusted/.test(n)), p.notes.join('\n'));
  });

  it('refuses to merge profiles of different kinds with a message naming the file', async () => {
    const heap = join(ws, '.perflens/store/shop/v1/alloc_space', readdir(ws, 'alloc_space'));
    await assert.rejects(buildWorkspaceProfile(request({ sources: [request().sources[0], heap] })), (e: Error) => e.message.includes(heap) && /cannot merge: its sample types/.test(e.message));
  });
});

function readdir(ws: string, type = 'cpu'): string {
  return readdirSync(join(ws, '.perflens/store/shop/v1', type))[0];
}
