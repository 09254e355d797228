// A leaf that regresses makes every caller's cum share rise with it: the Trends view must not present the callers
// as causes of their own. On a planted history (real engine: profiles → trends → the calls on the newest
// profile's stacks), the handler that calls the regressing leaf "rises because it calls" it, the leaf does not,
// and a function that rises on its own beside them stays unexplained.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionsBelow } from '../../../src/core/diff/regressionLines';
import { buildModel } from '../../../src/core/model/buildModel';
import { decodeProfile } from '../../../src/core/profile/decode';
import { select } from '../../../src/core/query/select';
import { explainRises } from '../../../src/core/trends/explainRises';
import { historyTrends } from '../../../src/core/trends/history';
import { rising } from '../../../src/core/trends/rising';
import { stackProfileBytes } from '../core/helpers/stackProfile';

const HOUR = 3_600_000;

/** Hour h: the leaf (called by the handler) grows by 40 samples an hour, report grows by itself by 25. */
function hour(h: number) {
  const bytes = stackProfileBytes({
    types: [['samples', 'count'], ['cpu', 'nanoseconds']],
    periodType: ['cpu', 'nanoseconds'],
    timeNanos: (Date.UTC(2026, 11, 1) + h * HOUR) * 1e6,
    samples: [
      { stack: ['main.parse@/src/shop/parse.go:10', 'main.handle@/src/shop/handle.go:20', 'main.main@/src/shop/main.go:5'], values: [100 + 40 * h, (100 + 40 * h) * 1e7] },
      { stack: ['main.handle@/src/shop/handle.go:22', 'main.main@/src/shop/main.go:5'], values: [300, 300 * 1e7] },
      { stack: ['main.report@/src/shop/report.go:7', 'main.main@/src/shop/main.go:6'], values: [200 + 25 * h, (200 + 25 * h) * 1e7] },
      { stack: ['main.idle@/src/shop/idle.go:3', 'main.main@/src/shop/main.go:7'], values: [2000, 2000 * 1e7] },
    ],
  });
  return decodeProfile(bytes, `hour-${h}.pb`);
}

describe('rising callers explained by the rising function they call', () => {
  const profiles = Array.from({ length: 8 }, (_, h) => hour(h));
  const history = profiles.map((profile, h) => ({ profile, timeMs: Date.UTC(2026, 11, 1) + h * HOUR }));
  const trends = historyTrends(history, { kind: 'time', widthMs: HOUR, sinceMs: Date.UTC(2026, 11, 1), untilMs: Date.UTC(2026, 11, 2) }, { type: 'cpu' }, 'function');
  const risen = rising(trends);
  const name = (key: number) => trends.index.keys[key].split('\u0000')[0];
  const keys = risen.map((t) => trends.index.keys[t.key]);
  const below = functionsBelow(select(buildModel([profiles[profiles.length - 1]]), { type: 'cpu' }), keys);
  const keyOf = new Map(risen.map((t) => [trends.index.keys[t.key], t.key]));
  const explained = explainRises(risen, (k) => [...(below.get(trends.index.keys[k]) ?? [])].map((s) => keyOf.get(s)!));

  it('the planted history rises where it was planted: the leaf, its caller, the self-rising function', () => {
    assert.deepEqual(risen.map((t) => name(t.key)).sort(), ['main.handle', 'main.parse', 'main.report']);
  });

  it('the caller rises because it calls the leaf; the leaf and the function rising on its own are causes', () => {
    assert.deepEqual([...explained].map(([k, cause]) => [name(k), name(cause)]), [['main.handle', 'main.parse']]);
  });

  it('a chain is followed to its end, and a caller whose own rise is mostly its own is not explained', () => {
    const rises = [{ key: 1, rise: 0.1 }, { key: 2, rise: 0.095 }, { key: 3, rise: 0.09 }, { key: 4, rise: 0.3 }];
    const calls = new Map([[1, [2, 3]], [2, [3]], [3, []], [4, [3]]]);
    const out = explainRises(rises, (k) => calls.get(k) ?? []);
    assert.deepEqual([...out].sort(), [[1, 3], [2, 3]], 'key 4 rose 0.3, its callee only 0.09: its rise is its own');
  });
});
