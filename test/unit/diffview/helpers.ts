// The union call tree of the release-diff fixture (test/fixtures/diff: real Go CPU profiles of two builds of the
// checkout program; v2 makes applyTax four times slower), and small hand-made union trees.
import { join } from 'node:path';
import { buildModel } from '../../../src/core/model/buildModel';
import { select } from '../../../src/core/query/select';
import { buildDiffTree, type DiffTree } from '../../../src/core/diff/diffTree';
import { selectDiffSampleType } from '../../../src/core/diff/sampleType';
import { readProfileFile } from '../../../src/core/profile/parse';
import { childLists } from '../../../src/core/aggregate/childLists';
import { FIXTURES_DIR } from '../core/helpers/fixtures';

export const DIFF_DIR = join(FIXTURES_DIR, 'diff');

export function fixtureDiffTree(base = 'v1-a.pb.gz', head = 'v2.pb.gz'): DiffTree {
  const b = buildModel([readProfileFile(join(DIFF_DIR, base))]);
  const h = buildModel([readProfileFile(join(DIFF_DIR, head))]);
  const types = selectDiffSampleType(b, h, 'cpu');
  return buildDiffTree(select(b, { type: types.base }), select(h, { type: types.head }));
}

/**
 * A union tree from rows `[name, parent index, base total, head total]` (row 0 is the root; self = total minus
 * the children's totals).
 */
export function handTree(rows: readonly [string, number, number, number][]): DiffTree {
  const count = rows.length;
  const parent = Int32Array.from(rows, (r) => r[1]);
  const baseTotal = Float64Array.from(rows, (r) => r[2]);
  const headTotal = Float64Array.from(rows, (r) => r[3]);
  const baseSelf = Float64Array.from(baseTotal);
  const headSelf = Float64Array.from(headTotal);
  for (let n = 1; n < count; n++) { baseSelf[parent[n]] -= baseTotal[n]; headSelf[parent[n]] -= headTotal[n]; }
  const functions = rows.slice(1).map((r) => ({ name: r[0], file: `/src/${r[0]}.go` }));
  const { childStart, children } = childLists(parent);
  return {
    count, parent, function: Int32Array.from(rows, (_, i) => i - 1), baseSelf, baseTotal, headSelf, headTotal, childStart, children,
    functions, type: 'cpu', unit: 'nanoseconds',
  };
}
