// The editor's comparison of two selections, through the profile worker's releaseDiff request (the core's one
// diff): two time windows of a local store in which one function's cost grew fourfold over three hours — the
// real Go CPU profile of the shop fixture, pricing.discount's samples ×4 three hours later, everything else as
// measured. In shares every other function "improves"; in absolute figures (per second, per profile) they do not
// move, and the doubled function and its callers rise. A side that keeps nothing and two sides of different kinds say
// so in one sentence. The header's `perflens diff` command line, run, gives the same figures.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runDiff, type DiffJsonRow } from '../../../src/cli/commands/diff';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import type { ReleaseDiffRequest } from '../../../src/core/workspace/buildReleaseDiffView';
import { diffCommandLine, type CompareSide, type Comparison } from '../../../src/editor/diff/comparison';
import { writeGrowingStore } from '../../harness/growingStore';
import { captureOutput } from '../cli/helpers/runCliInProcess';
import { decodeDiffFlame } from '../../../src/core/diff/diffFlamePayload';
import { describeColor } from '../../../webview/diff/flame/diffColors';
import { diffFlameTree, flameReading, nodeFacts } from '../../../webview/diff/flame/diffFlameTree';
import { describeDiffFrame } from '../../../webview/diff/flame/describeDiffFrame';
import { profileWorkerClient } from '../worker/helpers/startWorker';

const HOUR = 3_600_000;
const END = Date.UTC(2026, 10, 24, 12);
const GROWS = 'example.com/shop/pricing.discount';

/** Shell words of a command line diffCommandLine wrote (plain words and single-quoted ones). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (let m; (m = re.exec(line));) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, '\'') : m[2]);
  return words;
}

describe('comparing two time windows of a store in the profile worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-compare-windows-'));
  const store = join(dir, 'store');
  const files = writeGrowingStore(store, { service: 'shop', grows: GROWS, versions: 4, endMs: END });
  const worker = profileWorkerClient();
  after(() => {
    worker.client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const window = (fromMs: number, toMs: number) => ({ startMs: fromMs, endMs: toMs });
  const request = (base: ReleaseDiffRequest['base']['query'], head: ReleaseDiffRequest['head']['query'], typeName = 'cpu'): ReleaseDiffRequest => ({
    base: { label: 'the hour before', sources: files, query: base },
    head: { label: 'last hour', sources: files, query: head },
    typeName, roots: [], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS,
  });
  const earlier = window(END - 3.5 * HOUR, END - 2.5 * HOUR);
  const later = window(END - 0.5 * HOUR, END + 0.5 * HOUR);

  it('shares say every other function fell; absolute figures say only the grown function and its callers moved', async () => {
    const view = await worker.client.request('releaseDiff', request({ timeRange: earlier }, { timeRange: later }));
    assert.deepEqual(view.modes, ['share', 'second', 'profile']);
    assert.equal(view.base.profiles, 1);
    assert.equal(view.head.profiles, 1);
    assert.ok(view.base.seconds > 0 && view.base.seconds === view.head.seconds, 'both profiles ran as long');
    const row = (name: string) => view.functions.find((f) => f.function === name)!;
    const grown = row(GROWS);
    assert.ok(grown.significant && grown.delta > 0.05, `its share rose: ${grown.delta}`);
    for (const per of ['second', 'profile'] as const) {
      const a = grown.absolute[per]!;
      assert.ok(Math.abs(a.head - 4 * a.base) < 1e-6 * a.head, `${per}: its cost is four times (${a.base} → ${a.head})`);
      assert.equal(a.significant, true);
    }
    // Every function off the grown function's stacks: its share fell, its cost did not move at all.
    const callers = new Set([GROWS, 'example.com/shop/pricing.ApplyDiscounts', 'main.main', 'main.runPhases', 'runtime.main']);
    const others = view.functions.filter((f) => !callers.has(f.function) && f.base > 0);
    assert.ok(others.length > 5, `${others.length} other functions`);
    for (const f of others) {
      assert.ok(f.delta < 0, `${f.function}'s share fell`);
      for (const per of ['second', 'profile'] as const) {
        const a = f.absolute[per]!;
        assert.equal(a.change, 0, `${f.function} per ${per}: ${a.base} → ${a.head}`);
        assert.equal(a.significant, false);
      }
    }
    for (const name of callers) assert.ok(row(name).absolute.second!.change > 0, `${name} rose per second`);
  });

  it('the diff flame graph follows the mode: in shares every other frame fell, per second only the grown stacks rose; widths from the cost per second', async () => {
    const view = await worker.client.request('releaseDiff', request({ timeRange: earlier }, { timeRange: later }));
    const data = decodeDiffFlame(view.flame);
    const name = (n: number) => (data.fn[n] < 0 ? '(root)' : data.names[data.fn[n]]);
    const grown = data.fn.findIndex((f, n) => n > 0 && data.names[f] === GROWS);
    assert.ok(grown > 0, 'the grown function is in the union tree');
    // Frames off the grown function's stacks: the nodes whose totals are the same on both sides.
    const onGrownPath = new Set<number>();
    for (let n = grown; n >= 0; n = data.parent[n]) onGrownPath.add(n);
    const others = Array.from({ length: data.count }, (_, n) => n).filter((n) => !onGrownPath.has(n) && data.baseTotal[n] === data.headTotal[n] && data.baseTotal[n] / data.baseRoot >= 0.01);
    assert.ok(others.length > 5, `${others.length} unchanged frames`);

    const share = nodeFacts(data, flameReading(view, 'share'));
    const second = nodeFacts(data, flameReading(view, 'second'));
    const profile = nodeFacts(data, flameReading(view, 'profile'));
    for (const n of others) {
      assert.equal(describeColor(share.color[n]).direction, 'fell', `${name(n)}: its share fell`);
      for (const facts of [second, profile]) {
        assert.deepEqual(describeColor(facts.color[n]), { direction: 'neutral', step: 0, faded: false }, `${name(n)} per ${facts.mode}: its cost did not move`);
        assert.equal(facts.significant[n], 0);
      }
    }
    for (const facts of [share, second, profile]) {
      const c = describeColor(facts.color[grown]);
      assert.ok(c.direction === 'rose' && !c.faded, `${facts.mode}: the grown frame rose beyond noise (${JSON.stringify(c)})`);
    }
    const row = view.functions.find((f) => f.function === GROWS)!;
    assert.ok(Math.abs(second.after[grown] - second.before[grown] - row.absolute.second!.change) < 1e-6 * second.after[grown], 'per second: the row\'s figures');
    assert.match(describeDiffFrame(data, second, { base: 'before', head: 'after' }, grown)[2].text, /^▲ \+[\d.]+ ms\/s \([\d.]+ ms\/s → [\d.]+ ms\/s\)$/);
    assert.match(describeDiffFrame(data, share, { base: 'before', head: 'after' }, grown)[2].text, /^▲ \+[\d.]+ pts/);
    // Widths: in shares each side's root is the whole width; per second the side that cost more (after) fills it and
    // the before side is narrower by as much as the program's cost per second grew, and an unchanged frame keeps its width.
    const width = (facts: typeof share, by: 'base' | 'head') => diffFlameTree(data, facts, by).total;
    assert.equal(width(share, 'base')[0], 1);
    assert.equal(width(second, 'head')[0], 1);
    assert.ok(Math.abs(width(second, 'base')[0] - data.baseRoot / data.headRoot) < 1e-9, `before's root: ${width(second, 'base')[0]}`);
    for (const n of others) assert.ok(Math.abs(width(second, 'base')[n] - width(second, 'head')[n]) < 1e-12, `${name(n)} keeps its width per second`);
    for (const n of others.slice(0, 3)) assert.ok(width(share, 'head')[n] < width(share, 'base')[n], `${name(n)} narrows in shares`);
  });

  it('says which side keeps nothing: a window without profiles, a label filter no sample passes', async () => {
    const empty = window(END + 2 * HOUR, END + 3 * HOUR);
    await assert.rejects(worker.client.request('releaseDiff', request({ timeRange: earlier }, { timeRange: empty })),
      (e: Error) => /^the after side \(last hour\): no profile was taken between 2026-11-24T14:00:00.000Z and 2026-11-24T15:00:00.000Z$/.test(e.message));
    await assert.rejects(worker.client.request('releaseDiff', request({ labels: [{ key: 'endpoint', op: '=', value: '/nowhere' }] }, { timeRange: later })),
      (e: Error) => /^the before side \(the hour before\): no sample matches \{endpoint="\/nowhere"\}$/.test(e.message));
  });

  it('says which side lacks the compared type: two sides of different kinds', async () => {
    const heap = join(__dirname, '../../fixtures/go/heap.pb.gz');
    const r = request({}, {}, 'cpu');
    await assert.rejects(worker.client.request('releaseDiff', { ...r, head: { label: 'heap', sources: [heap] } }),
      (e: Error) => /^the after side \(heap\): no sample type 'cpu'/.test(e.message));
  });

  it('the comparison\'s perflens diff command line gives the same figures', async () => {
    const side = (range: { startMs: number; endMs: number }, rangeName: string): CompareSide => ({
      source: { name: 'Local store', spec: store, kind: 'store', id: 'Local store' }, service: 'shop', type: 'cpu', sampleType: 'cpu',
      range: { fromMs: range.startMs, toMs: range.endMs }, rangeName, labels: [],
    });
    const comparison: Comparison = { preset: 'two time ranges', base: side(earlier, 'the hour before'), head: side(later, 'last hour') };
    const line = diffCommandLine(comparison)!;
    assert.match(line, /^perflens diff --source \S+ --service shop --type cpu --base-from 2026-11-24T08:30:00.000Z --base-to 2026-11-24T09:30:00.000Z --head-from 2026-11-24T11:30:00.000Z --head-to 2026-11-24T12:30:00.000Z$/);
    const args = shellWords(line).slice(2);
    const cli = await captureOutput((io) => runDiff([...args, '--json'], io, {}));
    assert.equal(cli.code, 0, cli.stderr);
    const rows = (JSON.parse(cli.stdout) as { functions: DiffJsonRow[] }).functions;
    const view = await worker.client.request('releaseDiff', request({ timeRange: earlier }, { timeRange: later }));
    for (const f of view.functions) {
      const r = rows.find((x) => x.function === f.function);
      assert.ok(r, `${f.function} is in perflens diff's rows`);
      assert.equal(r.delta, f.delta, f.function);
      assert.equal(r.absolute.change, f.absolute.second!.change, f.function);
      assert.equal(r.significant, f.significant, f.function);
    }
  });
});
