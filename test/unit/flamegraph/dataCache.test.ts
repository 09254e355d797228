import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlameGraphDataCache } from '../../../src/webviews/flamegraph/flameGraphDataCache';

const data = (mb: number) => ({ tree: new ArrayBuffer(mb * 1e6), annotations: new ArrayBuffer(1e5) });

describe('the flame graph data the extension host keeps for hidden panels', () => {
  it('holds ten panels\' trees within its budget: the panels shown last keep theirs', () => {
    const cache = new FlameGraphDataCache(250e6);
    const panels = Array.from({ length: 10 }, () => ({}));
    panels.forEach((p) => cache.set(p, data(80)));
    assert.ok(cache.bytes <= 250e6, `${cache.bytes} bytes`);
    assert.deepEqual(panels.map((p) => cache.get(p) !== undefined), [false, false, false, false, false, false, false, true, true, true]);
  });

  it('keeps the tree of a panel shown again, and lets the one unused longest go', () => {
    const cache = new FlameGraphDataCache(250e6);
    const [a, b, c, d] = [{}, {}, {}, {}];
    for (const p of [a, b, c]) cache.set(p, data(80));
    assert.ok(cache.get(a), 'shown again');
    cache.set(d, data(80));
    assert.ok(cache.get(a));
    assert.equal(cache.get(b), undefined);
  });

  it('keeps the newest tree even when it alone is over the budget, and frees a closed panel\'s', () => {
    const cache = new FlameGraphDataCache(100e6);
    const [small, big] = [{}, {}];
    cache.set(small, data(10));
    cache.set(big, data(300));
    assert.ok(cache.get(big));
    assert.equal(cache.get(small), undefined);
    cache.delete(big);
    assert.equal(cache.bytes, 0);
  });
});
