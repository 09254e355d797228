// The worker's byte-budget cache (models, flame graph trees): the least recently used let go first while over the
// budget, never the newest; a value that grows in place (a model whose stack order was made in idle time) is counted
// again without counting as a use, so it does not push out a model the user used after it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteBudgetCache } from '../../../src/worker/byteBudget';

interface Sized { bytes: number }

function cache(budget: number, ...keys: string[]): { c: ByteBudgetCache<string, Sized>; values: Map<string, Sized> } {
  const c = new ByteBudgetCache<string, Sized>(budget, (v) => v.bytes);
  const values = new Map<string, Sized>();
  for (const k of keys) {
    const v = { bytes: 10 };
    values.set(k, v);
    c.set(k, v);
  }
  return { c, values };
}

describe('the worker\'s byte-budget cache', () => {
  it('lets the least recently used go first, never the newest however big', () => {
    const { c } = cache(30, 'a', 'b', 'c');
    c.get('a');
    c.set('d', { bytes: 10 });
    assert.deepEqual([c.has('a'), c.has('b'), c.has('c'), c.has('d')], [true, false, true, true]);
    c.set('e', { bytes: 100 });
    assert.deepEqual([c.has('a'), c.has('c'), c.has('d'), c.has('e')], [false, false, false, true]);
    assert.equal(c.bytes, 100);
  });

  it('a value that grew is counted again; over the budget, the least recently used goes, the grown one itself when it is the oldest', () => {
    const { c, values } = cache(40, 'a', 'd', 'b');
    values.get('a')!.bytes = 25;
    c.recount('a');
    assert.deepEqual([c.has('a'), c.has('d'), c.has('b')], [false, true, true], 'the oldest goes, not the model used after it');
    assert.equal(c.bytes, 20);
    values.get('b')!.bytes = 35;
    c.recount('b');
    assert.deepEqual([c.has('d'), c.has('b')], [false, true], 'the newest stays');
    assert.equal(c.bytes, 35);
  });

  it('a value that shrank frees its bytes, and recounting what is gone does nothing', () => {
    const { c, values } = cache(100, 'a', 'b');
    values.get('a')!.bytes = 4;
    c.recount('a');
    assert.equal(c.bytes, 14);
    c.delete('a');
    c.recount('a');
    assert.equal(c.bytes, 10);
  });
});
