// select(model, query): which rows a query takes (sample type, time range), summed per stack, with the count column
// the noise test reads. Filters and group-by: test/unit/query/select.test.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { QueryError } from '../../../src/core/query/errors';
import { select } from '../../../src/core/query/select';
import type { ProfileQuery } from '../../../src/core/query/types';
import { readProfiles } from '../../../src/core/readers';
import { FRAME_CLASSES } from '../../../src/core/symbolicate/types';
import { stackProfile } from './helpers/stackProfile';

const MS = 1e6;
const minute = (m: number) => Date.UTC(2026, 0, 1, 10, m);

function store() {
  // Three CPU profiles a minute apart; the middle one is hot in g.
  return buildModel([0, 1, 2].map((m) => stackProfile({
    source: `${m}.pb`,
    idOffset: m * 100,
    timeNanos: minute(m) * MS,
    durationNanos: 60e9,
    periodType: ['cpu', 'nanoseconds'],
    samples: [
      { stack: ['f@a.go:1', 'main@m.go:9'], values: [1, 10] },
      { stack: ['g@a.go:2', 'main@m.go:9'], values: [m === 1 ? 8 : 1, m === 1 ? 80 : 10] },
    ],
  })));
}

describe('select', () => {
  it('takes the default sample type, sums every profile, and counts samples', () => {
    const s = select(store());
    assert.equal(s.sampleType.type, 'cpu');
    assert.equal(s.total, 30 + 100);
    assert.equal(s.countSource.kind, 'type');
    assert.equal(s.countTotal, 3 + 10);
    assert.equal(s.matchedProfiles, 3);
    assert.equal(s.durationNanos, 180e9);
    assert.equal(s.timeNanos, minute(0) * MS);
  });

  it('selects profiles by the time range [start, end) of their time', () => {
    const model = store();
    const s = select(model, { timeRange: { startMs: minute(1), endMs: minute(2) } });
    assert.equal(s.matchedProfiles, 1);
    assert.deepEqual(Array.from(s.profileSelected), [0, 1, 0]);
    assert.equal(s.total, 90);
    assert.deepEqual(sortedRows(s, topTable(s, 'function')).map((r) => [r.function, r.flat]), [['g', 80], ['f', 10], ['main', 0]]);
    const none = select(model, { timeRange: { startMs: minute(5), endMs: minute(9) } });
    assert.equal(none.matchedProfiles, 0);
    assert.equal(none.matchedRows, 0);
    assert.equal(none.total, 0);
  });

  it('leaves profiles without a time out of any time range', () => {
    const model = buildModel([stackProfile({ samples: [{ stack: ['f@a.go:1'], values: [1, 1] }] })]);
    assert.equal(select(model).matchedProfiles, 1);
    assert.equal(select(model, { timeRange: { startMs: 0, endMs: Date.now() } }).matchedProfiles, 0);
  });

  it('selects a sample type by name or index, and names the types when asked for a missing one', () => {
    const model = store();
    assert.equal(select(model, { type: 'samples' }).total, 13);
    assert.equal(select(model, { type: 0 }).total, 13);
    assert.throws(() => select(model, { type: 'alloc_space' }), (e: unknown) => e instanceof QueryError && /the profile has samples \(count\), cpu \(nanoseconds\)/.test(e.message));
  });

});

describe('select with a companion type', () => {
  it('sums the companion type per stack in the same pass: what selecting that type gives, on a real Go CPU profile under filters', () => {
    const model = buildModel(readProfiles(join(__dirname, '../../fixtures/spans/cpu.pb.gz')));
    const samples = model.sampleTypes.findIndex((t) => t.type === 'samples');
    const cpu = model.sampleTypes.findIndex((t) => t.type === 'cpu');
    assert.ok(samples >= 0 && cpu >= 0);
    const app = FRAME_CLASSES.indexOf('app');
    const frameClass = Uint8Array.from(model.frames.function, (f) => (f % 2 === 0 ? app : FRAME_CLASSES.indexOf('runtime')));
    const queries: ProfileQuery[] = [
      {}, { labels: [{ key: 'span_name', op: '=', value: 'GET /search' }] }, { frames: { focus: 'main\\.' } }, { frames: { hide: 'runtime' } },
      { frames: { presets: ['app-only'] } }, { timeRange: { startMs: 0, endMs: 1 } },
    ];
    for (const query of queries) {
      const selection = select(model, { ...query, type: cpu }, { frameClass, companionType: samples });
      assert.equal(selection.companion?.typeIndex, samples);
      assert.deepEqual(selection.companion.value, select(model, { ...query, type: samples }, { frameClass }).value, JSON.stringify(query));
    }
    assert.equal(select(model, { type: cpu }).companion, undefined, 'only when asked for');
  });

  it('counts the rows whose shown value is 0 too', () => {
    const model = buildModel([stackProfile({ samples: [{ stack: ['f@a.go:1'], values: [3, 0] }, { stack: ['g@a.go:2'], values: [1, 10] }] })]);
    const s = select(model, { type: 1 }, { companionType: 0 });
    assert.deepEqual([...s.value], [0, 10]);
    assert.deepEqual([...s.companion!.value], [3, 1]);
  });
});
