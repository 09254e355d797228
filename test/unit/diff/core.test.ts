// The diff core on real profiles: the noise rule's inputs, functions present on one side only, the union call tree.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import type { ProfileModel } from '../../../src/core/model/types';
import { select } from '../../../src/core/query/select';
import { buildDiffTree, diffTreeToJSON } from '../../../src/core/diff/diffTree';
import { diffFunctions } from '../../../src/core/diff/functionDiff';
import { selectDiffSampleType } from '../../../src/core/diff/sampleType';
import { countSource, criticalZ, inverseNormal, rateZ, twoProportionZ } from '../../../src/core/diff/significance';
import { readProfileFile } from '../../../src/core/profile/parse';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { stackProfile } from '../core/helpers/stackProfile';

const set = (...names: string[]) => buildModel(names.map((n) => readProfileFile(join(FIXTURES_DIR, n))));
const typeIndex = (s: ReturnType<typeof set>, type: string) => s.sampleTypes.findIndex((t) => t.type === type);
/** Both sides selected in the type the diff compares. */
function sides(base: ProfileModel, head: ProfileModel) {
  const t = selectDiffSampleType(base, head);
  return { t, base: select(base, { type: t.base }), head: select(head, { type: t.head }) };
}

describe('noise test', () => {
  it('uses the standard normal quantiles', () => {
    assert.ok(Math.abs(inverseNormal(0.975) - 1.959964) < 1e-6);
    assert.ok(Math.abs(inverseNormal(0.995) - 2.575829) < 1e-6);
    assert.ok(Math.abs(inverseNormal(0.5)) < 1e-12);
    // Bonferroni: 10 tests at 5% → each at 0.5%, two-sided.
    assert.ok(Math.abs(criticalZ(10) - 2.807034) < 1e-6);
  });

  it('z grows with the sample counts for the same shares, and is 0 without samples', () => {
    const small = twoProportionZ(10, 100, 20, 100);
    const large = twoProportionZ(100, 1000, 200, 1000);
    assert.ok(small > 0 && large > small * 3);
    assert.equal(twoProportionZ(0, 0, 5, 10), 0);
    assert.ok(twoProportionZ(20, 100, 10, 100) < 0);
  });

  it('tests a change of rate against the exposure: equal rates are 0, twice the rate over twice the time is 0', () => {
    assert.equal(rateZ(100, 10, 100, 10), 0);
    assert.equal(rateZ(100, 10, 200, 20), 0);
    // 100 vs 144 events over the same time: n = 244, p = 1/2, z = (144 - 122) / sqrt(61).
    assert.ok(Math.abs(rateZ(100, 10, 144, 10) - 22 / Math.sqrt(61)) < 1e-12);
    assert.ok(rateZ(144, 10, 100, 10) < 0);
    assert.ok(rateZ(10, 1, 20, 1) < rateZ(100, 10, 200, 10), 'more events, more certainty');
    assert.equal(rateZ(0, 10, 0, 10), 0);
    assert.equal(rateZ(5, 0, 5, 10), 0, 'no exposure: no test');
  });

  it('finds sample counts in real profiles of every kind', () => {
    const cpu = set('go/cpu.pb.gz');
    const c = countSource(cpu.sampleTypes, typeIndex(cpu, 'cpu'), cpu.periodType, cpu.period);
    assert.ok(c.kind === 'type' && cpu.sampleTypes[c.index].type === 'samples');
    const heap = set('go/heap.pb.gz');
    const space = countSource(heap.sampleTypes, typeIndex(heap, 'alloc_space'), heap.periodType, heap.period);
    assert.equal(space.kind, 'period');
    const mutex = set('go/mutex.pb.gz');
    const delay = countSource(mutex.sampleTypes, typeIndex(mutex, 'delay'), mutex.periodType, mutex.period);
    assert.ok(delay.kind === 'type' && mutex.sampleTypes[delay.index].type === 'contentions');
    const wall = set('node/wall.pb.gz');
    const w = countSource(wall.sampleTypes, typeIndex(wall, 'wall'), wall.periodType, wall.period);
    assert.ok(w.kind === 'type' && wall.sampleTypes[w.index].type === 'sample');
  });
});

describe('diffFunctions', () => {
  it('keeps functions found on one side only, as added or removed', () => {
    const base = set('go/cpu.pb.gz');
    const head = set('diff/v2.pb.gz');
    const both = sides(base, head);
    const d = diffFunctions(both.base, both.head);
    const applyTax = d.functions.find((r) => r.function === 'main.applyTax')!;
    assert.equal(applyTax.presence, 'added');
    assert.equal(applyTax.baseShare, 0);
    const sumPrices = d.functions.find((r) => r.function === 'example.com/shop/pricing.SumPrices')!;
    assert.equal(sumPrices.presence, 'removed');
    assert.equal(sumPrices.headShare, 0);
    assert.equal(sumPrices.line, null);
    assert.ok(sumPrices.delta < 0);
  });

  it('matches functions across builds made in different folders', () => {
    const base = set('diff/v1-a.pb.gz');
    const head = set('diff/v2.pb.gz');
    const both = sides(base, head);
    const d = diffFunctions(both.base, both.head);
    const applyTax = d.functions.filter((r) => r.function === 'main.applyTax');
    assert.equal(applyTax.length, 1);
    assert.equal(applyTax[0].presence, 'both');
    assert.ok(d.base.durationNanos > 0 && d.base.perSecond! > 0 && applyTax[0].headPerSecond! > 0);
  });
});

describe('functions that share a diff key', () => {
  it('counts a sample once for a key whatever number of its functions are on the stack, as perflens top counts a function', () => {
    // Two Python apps with a views module of one tail (api/views.py): `get` of one calls `get` of the other. The
    // diff matches functions by name and file tail, so both are one row, and that row's cum is at most the total.
    const model = (getCost: number) => buildModel([stackProfile({
      samples: [
        { stack: ['get@/srv/orders/api/views.py:12', 'get@/srv/billing/api/views.py:40', 'main@/srv/app.py:3'], values: [getCost, getCost * 1e7] },
        { stack: ['get@/srv/billing/api/views.py:41', 'main@/srv/app.py:3'], values: [10, 1e8] },
        { stack: ['idle@/srv/app.py:9', 'main@/srv/app.py:3'], values: [50, 5e8] },
      ],
    })]);
    const both = sides(model(40), model(90));
    const d = diffFunctions(both.base, both.head);
    const get = d.functions.filter((r) => r.function === 'get');
    assert.equal(get.length, 1, 'one row for the key');
    assert.deepEqual([get[0].base, get[0].head], [(40 + 10) * 1e7, (90 + 10) * 1e7]);
    assert.deepEqual([get[0].baseSelf, get[0].headSelf], [(40 + 10) * 1e7, (90 + 10) * 1e7]);
    assert.deepEqual([get[0].baseCount, get[0].headCount], [50, 100]);
    assert.ok(get[0].headShare <= 1 && get[0].baseShare <= 1);
    // The row points at the hotter function's hottest line.
    assert.deepEqual([get[0].file, get[0].line], ['/srv/orders/api/views.py', 12]);
    const main = d.functions.find((r) => r.function === 'main')!;
    assert.deepEqual([main.baseShare, main.headShare], [1, 1]);
  });
});

describe('buildDiffTree', () => {
  const base = set('diff/v1-a.pb.gz');
  const head = set('diff/v2.pb.gz');
  const both = sides(base, head);
  const tree = buildDiffTree(both.base, both.head);
  const name = (n: number) => (tree.function[n] < 0 ? '(root)' : tree.functions[tree.function[n]].name);

  it('keeps both sides\' totals: root totals and the sum of self values', () => {
    const d = diffFunctions(both.base, both.head);
    assert.equal(tree.baseTotal[0], d.base.total);
    assert.equal(tree.headTotal[0], d.head.total);
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    assert.equal(sum(tree.baseSelf), d.base.total);
    assert.equal(sum(tree.headSelf), d.head.total);
  });

  it('has one node per call path on both sides, and children totals within their parent', () => {
    const applyTax = [...Array(tree.count).keys()].filter((n) => name(n) === 'main.applyTax' && name(tree.parent[n]) === 'main.priceOrder');
    assert.equal(applyTax.length, 1);
    const n = applyTax[0];
    assert.ok(tree.baseTotal[n] > 0 && tree.headTotal[n] > 0);
    assert.ok(tree.headTotal[n] / tree.headTotal[0] > tree.baseTotal[n] / tree.baseTotal[0]);
    for (let p = 0; p < tree.count; p++) {
      let b = 0;
      let h = 0;
      for (let k = tree.childStart[p]; k < tree.childStart[p + 1]; k++) {
        assert.equal(tree.parent[tree.children[k]], p);
        b += tree.baseTotal[tree.children[k]];
        h += tree.headTotal[tree.children[k]];
      }
      assert.ok(b <= tree.baseTotal[p] + 1e-6 && h <= tree.headTotal[p] + 1e-6);
    }
  });

  it('serialises to plain JSON', () => {
    const json = JSON.parse(JSON.stringify(diffTreeToJSON(tree)));
    assert.equal(json.parent.length, tree.count);
    assert.equal(json.functions.length, tree.functions.length);
    assert.equal(json.headTotal[0], tree.headTotal[0]);
  });
});

describe('mapDiffToWorkspace', () => {
  it('gives a per-line table of today\'s workspace text with the regressed line on top', async () => {
    const { analyzeWorkspace } = await import('../../../src/core/workspace/analyzeWorkspace');
    const { mapDiffToWorkspace } = await import('../../../src/core/diff/workspaceDiff');
    const { findMarker } = await import('../fixtures/read-fixture');
    const program = join(FIXTURES_DIR, 'diff/checkout');
    const hot = findMarker(program, 'HOT:diff tax-series');
    const files = { base: 'diff/v1-a.pb.gz', head: 'diff/v2.pb.gz' };
    const profiles = { base: [readProfileFile(join(FIXTURES_DIR, files.base))], head: [readProfileFile(join(FIXTURES_DIR, files.head))] };
    const models = { base: buildModel(profiles.base), head: buildModel(profiles.head) };
    const both = sides(models.base, models.head);
    const d = diffFunctions(both.base, both.head);
    const roots = [{ name: 'checkout', location: program }];
    const [a, b] = await Promise.all([
      analyzeWorkspace({ model: models.base, query: { type: both.t.base }, roots, gitEnabled: false }),
      analyzeWorkspace({ model: models.head, query: { type: both.t.head }, roots, gitEnabled: false }),
    ]);
    const ws = mapDiffToWorkspace(d, a, b);
    const top = ws.lines[0];
    assert.equal(`${top.path}:${top.line}`, `${hot.file}:${hot.line}`);
    assert.equal(top.significant, true);
    assert.ok(top.headShare > top.baseShare);
    const fn = ws.functions.find((r) => r.function === 'main.applyTax')!;
    assert.equal(fn.workspaceFile, hot.file);
    assert.equal(fn.workspaceLine, hot.line);
  });
});
