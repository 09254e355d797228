// The flame graph's functions table split by a label, in the real profile worker on a real Go CPU profile whose
// requests ran as spans (span_name GET /search and POST /checkout; unlabelled background work): a column per value
// (the costliest, then "other", then the samples without the label), each function's figures in a column those of
// the same selection filtered to that column's samples, and its columns adding up to its whole flat and cum.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeAnnotations } from '../../../src/core/aggregate/flameAnnotations';
import { deserializeCallTree } from '../../../src/core/aggregate/serialize';
import type { LabelMatcher } from '../../../src/core/query/labels';
import { profileWorkerClient } from './helpers/startWorker';

const profile = join(__dirname, '../../fixtures/spans/cpu.pb.gz');
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

describe('the functions table split by a label (profile worker)', () => {
  const { client } = profileWorkerClient();
  after(() => client.dispose());
  const base = { sources: [profile], typeName: 'cpu', limits };
  /** Per function name, its flat and cum in the (label-filtered) selection, from the flame graph's exact totals. */
  const figures = async (labels: LabelMatcher[] | undefined) => {
    const buffers = await client.request('flameGraph', { ...base, labels });
    const tree = deserializeCallTree(buffers.tree);
    const notes = decodeAnnotations(buffers.annotations);
    const byName = new Map<string, { flat: number; cum: number }>();
    for (let f = 0; f < notes.functionTotal.length; f++) {
      if (notes.functionTotal[f] !== 0) byName.set(tree.strings.get(tree.functions.name[f]), { flat: notes.functionSelf[f], cum: notes.functionTotal[f] });
    }
    return { byName, tree };
  };

  it('gives each function its flat and cum per value, "other" and no label: those of the filter to that column', async () => {
    const groups = await client.request('functionGroups', { ...base, groupBy: 'span_name', values: 1 });
    assert.equal(groups.key, 'span_name');
    const titles = groups.columns.map((c) => c.title);
    assert.equal(titles.length, 3, titles.join(', '));
    assert.match(titles[0], /^span_name=(GET \/search|POST \/checkout)$/);
    assert.equal(titles[1], 'span_name: other (1 values)');
    assert.equal(titles[2], 'no span_name');
    const first = titles[0].slice('span_name='.length);
    const filters: LabelMatcher[][] = [
      [{ key: 'span_name', op: '=', value: first }],
      [{ key: 'span_name', op: '!=', value: first }, { key: 'span_name', op: '!=', value: '' }],
      [{ key: 'span_name', op: '=', value: '' }],
    ];
    const { tree: whole } = await figures(undefined);
    const C = groups.columns.length;
    for (const [c, labels] of filters.entries()) {
      const expected = (await figures(labels)).byName;
      const got = new Map<string, { flat: number; cum: number }>();
      const roots = new Set(groups.groupFunctions);
      for (let f = 0; f * C < groups.cum.length; f++) {
        if (roots.has(f) || groups.cum[f * C + c] === 0) continue;
        got.set(whole.strings.get(whole.functions.name[f]), { flat: groups.flat[f * C + c], cum: groups.cum[f * C + c] });
      }
      assert.ok(got.size > 3, `${titles[c]} has functions`);
      assert.deepEqual([...got].sort(), [...expected].sort(), titles[c]);
      const total = [...expected.values()].reduce((sum, x) => sum + x.flat, 0);
      assert.equal(groups.columns[c].total, total, `${titles[c]}'s total`);
    }
    assert.ok(groups.columns[0].total >= groups.columns[1].total, 'the costliest value gets the column');
  });

  it('splits every function\'s whole cost: its columns add up to its flat and cum in the selection', async () => {
    const groups = await client.request('functionGroups', { ...base, groupBy: 'span_name', values: 2 });
    assert.deepEqual(groups.columns.map((c) => c.kind), ['value', 'value', 'missing'], 'two values and the unlabelled samples: no "other"');
    const { byName, tree } = await figures(undefined);
    const C = groups.columns.length;
    let checked = 0;
    for (let f = 0; f < tree.functions.count && f * C < groups.cum.length; f++) {
      const whole = byName.get(tree.strings.get(tree.functions.name[f]));
      if (!whole) continue;
      let flat = 0;
      let cum = 0;
      for (let c = 0; c < C; c++) { flat += groups.flat[f * C + c]; cum += groups.cum[f * C + c]; }
      assert.deepEqual({ flat, cum }, whole, tree.strings.get(tree.functions.name[f]));
      checked++;
    }
    assert.ok(checked > 10, `${checked} functions checked`);
  });

  it('says clearly what is wrong with a bad request', async () => {
    await assert.rejects(client.request('functionGroups', { ...base, groupBy: '', values: 3 }), /split by a label: name one/);
    await assert.rejects(client.request('functionGroups', { ...base, groupBy: 'span_name', values: 0 }), /1 to 20 value columns, not 0/);
    await assert.rejects(client.request('functionGroups', { ...base, groupBy: 'span_name', values: 1e9 }), /1 to 20 value columns/);
  });
});
