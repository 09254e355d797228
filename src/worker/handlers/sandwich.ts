// sandwich: the exact callers and callees of one function of a flame graph's files and type, from all their stacks
// (core/aggregate/sandwich.ts); both buffers are transferred.
import { replyWith } from '../../rpc/endpoint';
import { sandwichBuffers } from '../flameGraphData';
import { flameSelection } from './flameSelection';
import type { WorkerHandler } from './handler';

export const sandwich: WorkerHandler<'sandwich'> = async (request, job, state) => {
  const { selection, analysed, entry } = await flameSelection(request, job, state);
  if (!(Number.isInteger(request.fn) && request.fn >= 0 && request.fn < selection.functions.count)) throw new Error(`no function ${request.fn} in this profile`);
  const buffers = sandwichBuffers({ selection, mapping: analysed?.mapping }, request.fn);
  // Its trees may have made the line keys kept beside the model.
  state.models.recount(entry);
  return replyWith(buffers, [buffers.callers, buffers.callees]);
};
