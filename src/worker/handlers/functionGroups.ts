// functionGroups: the flame graph's functions table split by the label its graph is grouped by — the panel's
// selection (files, type, filters) grouped with a column per value (the costliest `values`, then "other", then the
// samples without the label), each function's flat and cum per column counted from every stack of the model, not
// from the graph's cut tree. The two matrices are transferred.
import { replyWith } from '../../rpc/endpoint';
import { groupColumns } from '../../core/query/groupColumns';
import { flameSelection } from './flameSelection';
import type { WorkerHandler } from './handler';

/** Columns a page can show side by side. */
const MAX_VALUES = 20;

export const functionGroups: WorkerHandler<'functionGroups'> = async (request, job, state) => {
  if (typeof request.groupBy !== 'string' || request.groupBy === '') throw new Error('the functions table is split by a label: name one');
  if (!(Number.isInteger(request.values) && request.values >= 1 && request.values <= MAX_VALUES)) {
    throw new Error(`the functions table has 1 to ${MAX_VALUES} value columns, not ${String(request.values)}`);
  }
  const { selection } = await flameSelection(request, job, state, request.values);
  await job.step();
  const columns = groupColumns(selection);
  return replyWith(columns, [columns.flat.buffer as ArrayBuffer, columns.cum.buffer as ArrayBuffer, columns.groupFunctions.buffer as ArrayBuffer]);
};
