// The group columns asked for one label are shown beside a graph of that label only: when the label changes while
// the request is in flight, the old graph does not get the new label's columns.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { groupColumns } from '../../../src/core/query/groupColumns';
import { select } from '../../../src/core/query/select';
import type { TableGroups } from '../../../src/shared/flamegraphProtocol';
import { groupColumnsFit } from '../../../webview/flamegraph/model/groupColumnsReply';

const model = buildModel([readProfileFile(join(__dirname, '../../fixtures/spans/cpu.pb.gz'))]);
const tableGroups = (groupBy: string): TableGroups => {
  const g = groupColumns(select(model, { groupBy }));
  return { key: g.key, columns: g.columns, groupRootsFrom: 0, flat: g.flat.buffer as ArrayBuffer, cum: g.cum.buffer as ArrayBuffer };
};

describe('the functions table\'s group columns, asked while the group-by label changes', () => {
  it('are shown only beside a graph of the label they were asked and counted for', () => {
    const bySpan = tableGroups('span_name');
    assert.equal(groupColumnsFit('span_name', 'span_name', bySpan), true);
    // Asked for span_name; the panel's label is another one by the time it answers: its columns are not span_name's.
    const byOther = tableGroups('span_id');
    assert.equal(byOther.key, 'span_id');
    assert.equal(groupColumnsFit('span_name', 'span_name', byOther), false);
    // The page moved on to another label (or none) before the answer came.
    assert.equal(groupColumnsFit('span_name', 'span_id', bySpan), false);
    assert.equal(groupColumnsFit('span_name', undefined, bySpan), false);
    // The panel is not grouped any more: no columns, and the old ones stay until the new graph comes.
    assert.equal(groupColumnsFit('span_name', 'span_name', undefined), false);
  });
});
