// What the profile worker keeps beside a model counts in the model cache's byte budget (what bounds the worker's
// memory), each thing once, as soon as it is kept — whichever request kept it: the analysis's selection, the
// analyses, the function details, a frame filter's stacks and made-up frames once the filter cache let them go, the
// flame graphs' line keys.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { keptLineKeys } from '../../../src/core/aggregate/lineKeys';
import { keptOrderBytes } from '../../../src/core/aggregate/stackOrders';
import { keptFilterTables } from '../../../src/core/query/frameFilter';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import { todaysLines } from '../../../src/worker/flameGraphData';
import type { Analysed, ModelEntry } from '../../../src/worker/modelCache';
import type { WorkerState } from '../../../src/worker/workerState';
import { inProcessWorker } from './helpers/inProcessWorker';

const fixture = join(__dirname, '../../fixtures/spans');
const profile = join(fixture, 'cpu.pb.gz');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };
const search = [{ key: 'span_name', op: '=' as const, value: 'GET /search' }];

/** Bytes the cache takes off when `drop` lets go of part of the entry. */
function bytesLetGo(state: WorkerState, entry: ModelEntry, drop: () => void): number {
  const held = state.models.bytes;
  drop();
  state.models.recount(entry);
  return held - state.models.bytes;
}

/** The cache counts the entry as it is now: counting it again changes nothing. */
function assertCountedNow(state: WorkerState, entry: ModelEntry, what: string): void {
  const counted = state.models.bytes;
  state.models.recount(entry);
  assert.equal(counted, state.models.bytes, `${what}: counted when kept`);
}

const analysedBytes = (a: Analysed) => a.rowOf.byteLength + (a.totals ? a.totals.flat.byteLength + a.totals.cum.byteLength : 0);

describe('the model cache counts what a model keeps of its answers', () => {
  const ws = mkdtempSync(join(tmpdir(), 'perflens-cache-bytes-'));
  copyFileSync(join(fixture, 'main.go'), join(ws, 'main.go'));
  after(() => rmSync(ws, { recursive: true, force: true }));
  const request = (over: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({ sources: [profile], typeName: 'cpu', roots: [{ name: 'ws', path: ws }], pathMappings: [], allowGit: false, limits, ...over });
  const flame = (over: Partial<AnalyzeRequest> = {}) => ({ sources: [profile], typeName: 'cpu', limits, labels: over.labels, frames: over.frames, analysis: request(over) });

  it('counts the selection a sandwich or Hotspots\' groups analysed and kept, as they keep it', async () => {
    const { state, send } = inProcessWorker();
    await send('sandwich', { ...flame({ labels: search }), fn: 0 });
    const entry = state.models.held()[0];
    assert.ok(entry.latestSelection, 'the analysis\'s selection is kept');
    assertCountedNow(state, entry, 'the sandwich\'s');
    await send('hotspotGroups', { ...flame(), groupBy: 'span_name', top: 5 });
    assert.equal(entry.latestSelection?.key, 'cpu');
    assertCountedNow(state, entry, 'Hotspots\' groups\'');
  });

  it('counts every column of the latest selection, its stacks and made-up frames once the frame filter cache let them go, and their line keys', async () => {
    const { state, send } = inProcessWorker();
    const mine = { presets: ['app-only'] };
    await send('analyze', request({ labels: search, frames: mine }));
    await send('flameGraph', flame({ labels: search, frames: mine }));
    const entry = state.models.held()[0];
    const { model } = entry;
    const latest = entry.latestSelection!;
    const selection = latest.selection;
    assert.ok(selection.labelSetCount, 'a CPU profile counts samples per label set');
    assert.notEqual(selection.frames, model.frames, 'my code only made up frames');
    assert.notEqual(selection.stacks, model.stacks, 'my code only rewrote the stacks');
    // Other frame filters push "my code only" out of the filter cache: its stacks are the selection's alone now.
    for (let i = 0; i < 4; i++) await send('flameGraph', { sources: [profile], typeName: 'cpu', limits, frames: { hide: `^nothing${i}$` } });
    assert.equal(entry.latestSelection, latest, 'graphs without an analysis keep no selection');
    assert.ok(!keptFilterTables(model).includes(selection.stacks));
    assertCountedNow(state, entry, 'the selection');
    const { stacks, frames, functions } = selection;
    const today = todaysLines(selection, latest.mapping!);
    const keys = keptLineKeys(frames, today);
    const columns = [selection.value, selection.count!, selection.companion!.value, selection.labelSetValue, selection.labelSetCount,
      stacks.start, stacks.frames, frames.function, frames.line, frames.column, frames.binary,
      functions.name, functions.systemName, functions.file, functions.startLine, today, keys.keyOfFrame, keys.line, keys.current];
    const expected = columns.reduce((sum, c) => sum + c.byteLength, 0) + keptOrderBytes(stacks);
    assert.equal(bytesLetGo(state, entry, () => { entry.latestSelection = undefined; }), expected);
  });

  it('keeps as many analyses as heats, and counts each once (a kept heat\'s is one of them)', async () => {
    const { state, send } = inProcessWorker();
    for (let i = 0; i < 10; i++) await send('analyze', request({ labels: [{ key: 'span_name', op: '!=', value: `GET /nothing${i}` }] }));
    const entry = state.models.held()[0];
    assert.equal(entry.heats.size, 8);
    assert.equal(entry.analysed.size, 8, 'the oldest analyses are let go');
    const analyses = new Set([...entry.analysed.values(), ...[...entry.heats.values()].map((h) => h.analysed)]);
    assert.equal(analyses.size, 8, 'the kept heats\' analyses are the kept ones');
    const heats = [...entry.heats.values()].reduce((sum, h) => sum + h.packed.byteLength, 0);
    const analysed = [...analyses].reduce((sum, a) => sum + analysedBytes(a), 0);
    assert.ok(analysed > 0);
    assert.equal(bytesLetGo(state, entry, () => { entry.heats.clear(); entry.analysed.clear(); }), heats + analysed);
  });

  it('counts the function details kept, their rows once with the analysis\'s', async () => {
    const { state, send } = inProcessWorker();
    await send('analyze', request());
    await send('functionDetails', request());
    const entry = state.models.held()[0];
    assertCountedNow(state, entry, 'the details');
    const [details] = entry.details.values();
    assert.equal(details.rowOf, entry.latestSelection && entry.analysed.get(entry.latestSelection.key)?.rowOf, 'the analysis\'s rows');
    const { callers, callees, spanNames } = details;
    assert.ok(spanNames, 'the profile\'s samples name their spans');
    const columns = [callers.start, callers.fn, callers.value, callees.start, callees.fn, callees.value, spanNames.start, spanNames.name, spanNames.value];
    assert.equal(bytesLetGo(state, entry, () => entry.details.clear()), columns.reduce((sum, c) => sum + c.byteLength, 0));
  });

  it('counts the line keys the flame graph made for the model\'s frames under each workspace mapping', async () => {
    const { state, send } = inProcessWorker();
    await send('analyze', request());
    await send('flameGraph', flame());
    const entry = state.models.held()[0];
    const [mapping] = entry.mapped;
    assert.ok(mapping);
    assertCountedNow(state, entry, 'the line keys');
    const frames = entry.model.frames;
    const today = todaysLines({ frames }, mapping);
    const keys = keptLineKeys(frames, today);
    const expected = today.byteLength + keys.keyOfFrame.byteLength + keys.line.byteLength + keys.current.byteLength;
    assert.equal(expected, 12 * frames.count + 16 * keys.count);
    assert.equal(bytesLetGo(state, entry, () => entry.mapped.clear()), expected);
  });
});
