// The functions table's sort on a group column is saved by the column's value: on new data (here, the costliest
// value filtered out) the columns shift, and the saved sort still names its value's column, or none when it is gone.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { groupColumns } from '../../../src/core/query/groupColumns';
import { select } from '../../../src/core/query/select';
import type { ProfileQuery } from '../../../src/core/query/types';
import type { TableGroups } from '../../../src/shared/flamegraphProtocol';
import { groupColumnIndex, groupSortColumn } from '../../../webview/flamegraph/model/groupSort';

const model = buildModel([readProfileFile(join(__dirname, '../../fixtures/spans/cpu.pb.gz'))]);
const tableGroups = (query: Omit<ProfileQuery, 'groupBy'>): TableGroups => {
  const g = groupColumns(select(model, { ...query, groupBy: 'span_name' }));
  return { key: g.key, columns: g.columns, groupRootsFrom: 0, flat: g.flat.buffer as ArrayBuffer, cum: g.cum.buffer as ArrayBuffer };
};

describe('the functions table\'s sort on a group column', () => {
  it('names the same value\'s column after the columns move, and none once the value is gone', () => {
    const all = tableGroups({});
    const values = all.columns.filter((c) => c.kind === 'value').map((c) => c.title);
    assert.ok(values.length >= 2, `several span names: ${values.join(', ')}`);
    const [first, second] = values;
    const sortOnSecond = groupSortColumn(all.key, all.columns[1]);
    assert.equal(groupColumnIndex(sortOnSecond, all), 1);

    // New data without the costliest value: the second value is now the first column.
    const rest = tableGroups({ labels: [{ key: 'span_name', op: '!=', value: first.slice('span_name='.length) }] });
    assert.equal(rest.columns[0].title, second);
    assert.equal(groupColumnIndex(sortOnSecond, rest), 0, 'the sort follows its value, not its position');

    // New data without it: no column, so the table sorts as by default.
    const without = tableGroups({ labels: [{ key: 'span_name', op: '!=', value: second.slice('span_name='.length) }] });
    assert.ok(!without.columns.some((c) => c.title === second));
    assert.equal(groupColumnIndex(sortOnSecond, without), -1);
    // A sort saved by an older page (a position), or on another label's column, is no column either.
    assert.equal(groupColumnIndex('group:1', all), -1);
    assert.equal(groupColumnIndex(groupSortColumn('endpoint', all.columns[1]), { ...all, key: 'endpoint', columns: [] }), -1);
    assert.equal(groupColumnIndex('total', all), -1);
  });

  it('names "other" and the samples without the label by kind: their titles carry counts that change', () => {
    const top1 = tableGroups({ groupTop: 1 });
    const other = top1.columns.findIndex((c) => c.kind === 'other');
    assert.ok(other > 0, JSON.stringify(top1.columns));
    assert.equal(groupSortColumn(top1.key, top1.columns[other]), 'group:span_name:other');
    assert.equal(groupColumnIndex('group:span_name:other', top1), other);
    // The samples without a span name: third column of all, second once the costliest value is filtered out.
    const all = tableGroups({});
    const missing = groupSortColumn(all.key, all.columns[all.columns.length - 1]);
    assert.equal(missing, 'group:span_name:missing');
    const rest = tableGroups({ labels: [{ key: 'span_name', op: '!=', value: all.columns[0].title.slice('span_name='.length) }] });
    assert.equal(rest.columns[groupColumnIndex(missing, rest)].kind, 'missing');
    assert.notEqual(groupColumnIndex(missing, rest), groupColumnIndex(missing, all));
  });
});
