// The hover's "Spent in (span)": per function, the span names (endpoints) whose samples spend the most in it, on
// a real Go CPU profile whose requests ran as spans (test/fixtures/spans). Each figure is the function's cum in
// that span name's samples — checked against go tool pprof -tagfocus=span_name=^NAME$ — and a function only one
// endpoint reaches lists that one.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spanNamesByName } from '../../../src/core/aggregate/spanNames';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { goPprofUnavailable } from '../core/helpers/goPprof';
import { pprofTops } from './helpers/filteredTop';

const PROFILE = join(FIXTURES_DIR, 'spans', 'cpu.pb.gz');
const NAMES = ['GET /search', 'POST /checkout'];

/** Every name measured (the generator yields between two). */
function spanNamesOfFunctions(...args: Parameters<typeof spanNamesByName>) {
  const counting = spanNamesByName(...args);
  for (;;) {
    const next = counting.next();
    if (next.done) return next.value;
  }
}

function spanNamesByFunction(labels = [] as { key: string; op: '='; value: string }[]) {
  const model = buildModel([readProfileFile(PROFILE)]);
  const all = new Int32Array(model.functions.count);
  const byId = spanNamesOfFunctions(model, { type: 'cpu', labels }, all)!;
  const out = new Map<string, { name: string; value: number }[]>();
  for (const [fn, list] of byId) out.set(model.strings.get(model.functions.name[fn]), list);
  return out;
}

describe('span names per function', () => {
  it('lists the endpoints that reach each function, costliest first; none for unlabelled work', () => {
    const byFunction = spanNamesByFunction();
    assert.deepEqual(byFunction.get('main.searchProducts')?.map((s) => s.name), ['GET /search']);
    assert.deepEqual(byFunction.get('main.chargeCard')?.map((s) => s.name), ['POST /checkout']);
    const spin = byFunction.get('main.spin')!;
    assert.deepEqual(spin.map((s) => s.name).sort(), [...NAMES].sort());
    assert.ok(spin[0].value >= spin[1].value);
    assert.equal(byFunction.get('main.plantedHotspot'), undefined, 'the background work has no span');
  });

  it('each figure is the function\'s total in that endpoint\'s samples, as go tool pprof -tagfocus gives it', { skip: goPprofUnavailable() }, () => {
    const byFunction = spanNamesByFunction();
    const references = pprofTops(PROFILE, 'cpu', 'nanoseconds', NAMES.map((n) => ({ tagfocus: `span_name=^${n.replace('/', '\\/')}$` })));
    NAMES.forEach((name, i) => {
      const cumOf = (fn: string) => [...references[i].rows].find(([row]) => row.startsWith(`${fn} `))?.[1].cum;
      for (const fn of ['main.spin', 'main.serveSpans']) {
        assert.equal(byFunction.get(fn)!.find((s) => s.name === name)?.value, cumOf(fn), `${fn} in ${name}`);
      }
    });
  });

  it('keeps the selection\'s label filter: under one endpoint\'s filter, only that endpoint is listed', () => {
    const byFunction = spanNamesByFunction([{ key: 'span_name', op: '=', value: 'POST /checkout' }]);
    assert.deepEqual(byFunction.get('main.spin')?.map((s) => s.name), ['POST /checkout']);
    assert.equal(byFunction.get('main.searchProducts'), undefined);
  });

  it('says nothing for a profile without span names', () => {
    const model = buildModel([readProfileFile(join(FIXTURES_DIR, 'go', 'cpu.pb.gz'))]);
    assert.equal(spanNamesOfFunctions(model, { type: 'cpu' }, new Int32Array(model.functions.count)), undefined);
  });
});
