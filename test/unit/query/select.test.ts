// The query's filters on a model (select): label conditions once per label set, frame filters once per frame then
// per stack, "my code only", group-by with made-up root frames — what every view then aggregates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortedRows, topTable } from '../../../src/core/aggregate/topTable';
import { buildModel } from '../../../src/core/model/buildModel';
import { QueryError } from '../../../src/core/query/errors';
import { FilterError } from '../../../src/core/query/filtersError';
import { parseLabelFilter } from '../../../src/core/query/labels';
import { select } from '../../../src/core/query/select';
import type { Selection } from '../../../src/core/query/types';
import { FRAME_CLASSES } from '../../../src/core/symbolicate/types';
import { stackProfile } from '../core/helpers/stackProfile';

function shop() {
  return buildModel([stackProfile({
    samples: [
      { stack: ['render@app/checkout.go:30', 'json.Marshal@lib/json.go:5', 'handleCheckout@app/checkout.go:10', 'http.serve@lib/http.go:1'], values: [1, 40], labels: { endpoint: 'POST /checkout' } },
      { stack: ['regexp.compile@lib/regexp.go:9', 'matches@app/search.go:20', 'handleSearch@app/search.go:5', 'http.serve@lib/http.go:1'], values: [1, 100], labels: { endpoint: 'GET /search' } },
      { stack: ['scan@app/search.go:40', 'handleSearch@app/search.go:5', 'http.serve@lib/http.go:1'], values: [1, 30], labels: { endpoint: 'GET /search', region: 'eu' } },
      { stack: ['runtime.gcBgMarkWorker@rt/mgc.go:1'], values: [1, 20] },
      { stack: ['runtime.mallocgc@rt/malloc.go:3', 'render@app/checkout.go:31', 'handleCheckout@app/checkout.go:10', 'http.serve@lib/http.go:1'], values: [1, 10], labels: { endpoint: 'POST /checkout' } },
    ],
  })]);
}

const rows = (s: Selection) => Object.fromEntries(sortedRows(s, topTable(s, 'function')).map((r) => [r.function, [r.flat, r.cum]]));

describe('select with filters', () => {
  it('label matchers keep the samples whose labels pass, decided once per label set', () => {
    const model = shop();
    const s = select(model, { labels: parseLabelFilter('endpoint="GET /search"') });
    assert.equal(s.total, 130);
    assert.deepEqual(rows(s).handleSearch, [0, 130]);
    assert.equal(rows(s).handleCheckout, undefined);
    assert.equal(select(model, { labels: parseLabelFilter('endpoint!~"GET.*", region=""') }).total, 70, 'no region and not GET: checkout and the GC worker');
    assert.equal(select(model, { tagFocus: 'endpoint=search', tagIgnore: 'region=eu' }).total, 100);
  });

  it('says when a label does not exist, and when nothing matches', () => {
    const s = select(shop(), { labels: parseLabelFilter('route="/x"') });
    assert.equal(s.matchedRows, 0);
    assert.equal(s.total, 0);
    assert.match(s.notes.join('\n'), /no sample has a label "route": route="\/x" matches only samples without it/);
  });

  it('frame filters rewrite and drop stacks; notes name the patterns that match nothing', () => {
    const model = shop();
    const focused = select(model, { frames: { focus: 'regexp', hide: '^http\\.' } });
    assert.equal(focused.total, 100);
    assert.equal(rows(focused)['http.serve'], undefined, 'hidden');
    assert.deepEqual(rows(focused).handleSearch, [0, 100]);
    const from = select(model, { frames: { showFrom: '^handle' } });
    assert.equal(from.total, 180, 'the GC worker has no handler frame');
    assert.equal(rows(from)['http.serve'], undefined, 'frames above the handler are gone');
    const none = select(model, { frames: { focus: 'nothing here' } });
    assert.deepEqual(none.notes, ['focus "nothing here" matches no function, file or binary']);
    assert.throws(() => select(model, { frames: { hide: '(' } }), (e: unknown) => e instanceof FilterError && e instanceof QueryError);
  });

  it('noise presets drop the runtime\'s background work', () => {
    const s = select(shop(), { frames: { presets: ['go-runtime'] } });
    assert.equal(s.total, 180);
    assert.equal(rows(s)['runtime.gcBgMarkWorker'], undefined);
    assert.deepEqual(rows(s)['runtime.mallocgc'], [10, 10], 'allocation on a request stays');
  });

  it('"my code only" collapses each run of other code into one frame of its kind, and needs the workspace', () => {
    const model = shop();
    assert.throws(() => select(model, { frames: { presets: ['app-only'] } }), /needs the workspace/);
    // The workspace's own code is app/; lib/ is a dependency; rt/ the runtime.
    const frameClass = new Uint8Array(model.frames.count);
    for (let f = 0; f < model.frames.count; f++) {
      const file = model.strings.get(model.functions.file[model.frames.function[f]]);
      frameClass[f] = FRAME_CLASSES.indexOf(file.startsWith('app/') ? 'app' : file.startsWith('lib/') ? 'dependency' : 'runtime');
    }
    const s = select(model, { frames: { presets: ['app-only'] } }, { frameClass });
    const r = rows(s);
    assert.deepEqual(r['[dependency code]'], [100, 180], 'regexp.compile (flat) and http.serve, counted once per stack');
    assert.deepEqual(r['[runtime]'], [30, 30]);
    assert.deepEqual(r.render, [40, 50], 'json.Marshal under render is dependency code');
    assert.equal(r['json.Marshal'], undefined);
    assert.equal(s.total, 200);
    assert.ok(s.frames.count > model.frames.count, 'made-up frames come after the model\'s');
  });

  it('group-by puts each group under a root frame of its own, top values first, then other, then no label', () => {
    const model = shop();
    const s = select(model, { groupBy: 'endpoint' });
    assert.deepEqual(s.groups?.titles, ['endpoint=GET /search', 'endpoint=POST /checkout', 'no endpoint']);
    assert.deepEqual(Array.from(s.groups!.total), [130, 50, 20]);
    assert.equal(s.total, 200);
    for (let st = 0; st < s.stacks.count; st++) {
      const root = s.stacks.frames[s.stacks.start[st + 1] - 1];
      assert.ok(Array.from(s.groups!.frame).includes(root), 'every stack ends in a group frame');
    }
    assert.deepEqual(rows(s)['endpoint=GET /search'], [0, 130]);
    const top1 = select(model, { groupBy: 'endpoint', groupTop: 1, labels: parseLabelFilter('endpoint!=""') });
    assert.deepEqual(top1.groups?.titles, ['endpoint=GET /search', 'endpoint: other (1 values)']);
    assert.deepEqual(Array.from(top1.groups!.total), [130, 50]);
    const nothing = select(model, { groupBy: 'endpoint', labels: parseLabelFilter('endpoint="none"') });
    assert.deepEqual(nothing.groups?.titles, [], 'nothing selected: no groups');
    assert.equal(nothing.total, 0);
    const missing = select(model, { groupBy: 'tenant' });
    assert.deepEqual(missing.groups?.titles, ['no tenant']);
    assert.match(missing.notes.join('\n'), /no selected sample has a label "tenant"/);
  });

  it('a frame filter\'s stacks are kept per model: another time range or label filter reuses them, with the same answers', () => {
    const model = shop();
    const frameClass = new Uint8Array(model.frames.count).fill(FRAME_CLASSES.indexOf('app'));
    const query = { frames: { hide: '^http\\.', presets: ['app-only'] }, groupBy: 'endpoint' };
    const first = select(model, query, { frameClass });
    const again = select(model, { ...query, labels: [] }, { frameClass });
    assert.deepEqual(rows(again), rows(first));
    assert.deepEqual(again.groups?.titles, first.groups?.titles);
    const narrower = select(model, { ...query, labels: parseLabelFilter('endpoint="GET /search"') }, { frameClass });
    assert.deepEqual(rows(narrower)['endpoint=GET /search'], [0, 130]);
    assert.equal(rows(narrower)['http.serve'], undefined);
  });
});
