// Hotspots grouped by a label: each group's functions, flat and cum are those of the selection filtered to that
// group's samples (the value's matcher, or the samples without the label), on a real Go CPU profile with pprof.Do
// labels; groups follow the selection's own filter, and "other" holds the values past the top.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flatCum } from '../../../src/core/aggregate/flatCum';
import { buildModel } from '../../../src/core/model/buildModel';
import type { ProfileModel } from '../../../src/core/model/types';
import { readProfileFile } from '../../../src/core/profile/parse';
import { groupedFunctions } from '../../../src/core/query/groupedFunctions';
import { parseLabelFilter } from '../../../src/core/query/labels';
import { select } from '../../../src/core/query/select';
import type { ProfileQuery } from '../../../src/core/query/types';
import { corpusFile, corpusUnavailable } from '../core/helpers/corpus';

/** The costliest `top` functions of the selection of `query`, by name, with flat and cum. */
function topOf(model: ProfileModel, query: ProfileQuery, top: number): [string, number, number][] {
  const s = select(model, query);
  const { flat, cum } = flatCum(s.stacks, s.value, s.frames.function, s.functions.count);
  const ids = [...cum.keys()].filter((f) => cum[f] !== 0 || flat[f] !== 0).sort((a, b) => Math.abs(cum[b]) - Math.abs(cum[a]) || Math.abs(flat[b]) - Math.abs(flat[a]) || a - b).slice(0, top);
  return ids.map((f) => [model.strings.get(model.functions.name[f]), flat[f], cum[f]]);
}

function groupsOf(model: ProfileModel, query: ProfileQuery, top: number) {
  const s = select(model, query);
  return groupedFunctions(s, top).map((g) => ({
    title: g.title, kind: g.kind, total: g.total,
    rows: [...g.functions].map((f, k): [string, number, number] => [s.strings.get(s.functions.name[f]), g.flat[k], g.cum[k]]),
  }));
}

describe('functions grouped by a label', { skip: corpusUnavailable() }, () => {
  const model = () => buildModel([readProfileFile(corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof'))]);

  it('each group lists the functions of its samples, as the filter to that value gives them', () => {
    const m = model();
    const groups = groupsOf(m, { type: 'cpu', groupBy: 'function' }, 15);
    assert.deepEqual(groups.map((g) => g.title).slice(0, 2).sort(), ['function=fast', 'function=slow']);
    for (const g of groups) {
      const query: ProfileQuery = g.kind === 'value'
        ? { type: 'cpu', labels: [{ key: 'function', op: '=', value: g.title.slice('function='.length) }] }
        : { type: 'cpu', labels: parseLabelFilter('function=""') };
      assert.deepEqual(g.rows, topOf(m, query, 15), g.title);
      assert.equal(g.total, select(m, query).total, `${g.title} total`);
    }
    const whole = select(m, { type: 'cpu' }).total;
    assert.equal(groups.reduce((sum, g) => sum + g.total, 0), whole, 'the groups make the whole');
  });

  it('follows the selection\'s filter; values past the top are one "other" group', () => {
    const m = model();
    const filtered = groupsOf(m, { type: 'cpu', labels: parseLabelFilter('function!="slow"'), groupBy: 'function' }, 5);
    assert.ok(!filtered.some((g) => g.title === 'function=slow'), 'the filtered-out value makes no group');
    assert.deepEqual(filtered.find((g) => g.title === 'function=fast')?.rows, topOf(m, { type: 'cpu', labels: parseLabelFilter('function="fast"') }, 5));
    // 432 profile ids: the top 3 get a group each, the rest one "other".
    const ids = groupsOf(m, { type: 'cpu', groupBy: 'profile_id', groupTop: 3 }, 5);
    assert.deepEqual(ids.map((g) => g.kind), ['value', 'value', 'value', 'other', ...(ids.length > 4 ? ['missing'] : [])]);
    assert.match(ids[3].title, /^profile_id: other \(\d+ values\)$/);
    const others = ids[3].rows;
    assert.ok(others.length > 0 && others.every(([, , cum]) => cum > 0 && cum <= ids[3].total));
  });

  it('refuses a selection that is not grouped', () => {
    assert.throws(() => groupedFunctions(select(model(), { type: 'cpu' }), 5), /needs a selection grouped by a label/);
  });
});
