// flameGraph: the call tree of the files' model (cached), cut and annotated with what their analysis knows (the
// workspace mapping, function rows and totals); both buffers are transferred.
import { replyWith } from '../../rpc/endpoint';
import { flameGraphBuffers } from '../flameGraphData';
import { flameSelection } from './flameSelection';
import type { WorkerHandler } from './handler';

export const flameGraph: WorkerHandler<'flameGraph'> = async (request, job, state) => {
  const { selection, analysed } = await flameSelection(request, job, state);
  const buffers = flameGraphBuffers({
    selection, mapping: analysed?.mapping, rowOf: analysed?.rowOf, facts: analysed ? undefined : request.facts,
    // The analysis counted each function's flat and cum of this selection; a grouped one has more functions (its groups).
    functionTotals: request.groupBy ? undefined : analysed?.totals,
  });
  return replyWith(buffers, [buffers.tree, buffers.annotations]);
};
