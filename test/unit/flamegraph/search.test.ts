import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { select } from '../../../src/core/query/select';
import { appOnlyTree } from '../../../webview/flamegraph/model/appOnly';
import { MATCHED, parseSearch, searchTree } from '../../../webview/flamegraph/model/search';
import { FIXTURES, loadFixture, type LoadedFixture } from './helpers';
import { join } from 'node:path';

/** The value of the stacks with at least one frame whose function matches: straight from the model's stacks. */
function samplesMatching(file: string, typeIndex: number, regex: RegExp): number {
  const s = select(buildModel([readProfileFile(join(FIXTURES, file))]), { type: typeIndex });
  const matches = (frame: number) => regex.test(s.strings.get(s.functions.name[s.frames.function[frame]]));
  let sum = 0;
  for (let k = 0; k < s.stacks.count; k++) {
    if (Array.from(s.stacks.frames.subarray(s.stacks.start[k], s.stacks.start[k + 1])).some(matches)) sum += s.value[k];
  }
  return sum;
}

describe('flame graph search on the shop CPU profile', () => {
  let fx: LoadedFixture;
  before(async () => { fx = await loadFixture('go/cpu.pb.gz', 'cpu'); });
  after(() => fx?.dispose());

  it('counts a recursive function once per sample: its share is its cum, not the sum of its frames', () => {
    const result = searchTree(fx.base, fx.functions, parseSearch('pricing\\.Fib$').regex!);
    const fib = fx.profile.functions.find((f) => f.name === 'example.com/shop/pricing.Fib')!;
    assert.equal(result.matchedFunctions, 1);
    assert.ok(result.matchedNodes > 5, 'every recursion level is highlighted');
    assert.equal(result.total, fib.cum);
    let naive = 0;
    for (let n = 0; n < fx.base.count; n++) if (result.nodeFlags[n] & MATCHED) naive += fx.base.total[n];
    assert.ok(naive > result.total, 'summing every matched frame would count samples several times');
  });

  for (const pattern of ['pricing\\.', 'runtime\\.(mallocgc|futex)', 'inventory|discount', '^main\\.']) {
    it(`/${pattern}/ covers exactly the samples that have a matching frame`, () => {
      const regex = parseSearch(pattern).regex!;
      const result = searchTree(fx.base, fx.functions, regex);
      assert.ok(result.total > 0);
      assert.equal(result.total, samplesMatching('go/cpu.pb.gz', fx.profile.typeIndex, regex));
      assert.ok(result.total <= fx.base.total[0]);
    });
  }

  it('matches case-insensitively and marks only frames of matching functions', () => {
    const result = searchTree(fx.base, fx.functions, parseSearch('SUMPRICES').regex!);
    for (let n = 0; n < fx.base.count; n++) {
      assert.equal((result.nodeFlags[n] & MATCHED) !== 0, /sumprices/i.test(fx.functions.name(fx.base.fn[n])));
    }
  });

  it('reports an invalid expression instead of throwing', () => {
    const parsed = parseSearch('(unclosed');
    assert.equal(parsed.regex, undefined);
    assert.match(parsed.error ?? '', /unterminated|group/i);
    assert.deepEqual(parseSearch('   '), {});
  });

  it('gives the same share in the application-code-only view for application functions', () => {
    const app = appOnlyTree(fx.base, fx.functions);
    for (const pattern of ['SumPrices', 'pricing\\.Fib$', 'Reserve']) {
      const regex = parseSearch(pattern).regex!;
      assert.equal(searchTree(app, fx.functions, regex).total, searchTree(fx.base, fx.functions, regex).total, pattern);
    }
  });
});
