// flameGraph: the call tree of the files' model (cached), cut and annotated with what their analysis knows (the
// workspace mapping, function rows and totals); both buffers are transferred. The tree is kept (flameGraphTrees.ts):
// a page shown again asks again, and the extension host keeps nothing once it posted the answer.
import { replyWith } from '../../rpc/endpoint';
import type { FlameGraphRequest } from '../../shared/flamegraphProtocol';
import { flameGraphBuffers } from '../flameGraphData';
import { flameSelection } from './flameSelection';
import type { WorkerHandler } from './handler';

export const flameGraph: WorkerHandler<'flameGraph'> = async (request, job, state) => {
  const { selection, analysed, entry } = await flameSelection(request, job, state);
  const key = treeKey(entry.filesKey, request);
  const from = [entry.model, analysed];
  const buffers = state.flameGraphTrees.get(key, from) ?? state.flameGraphTrees.set(key, from, flameGraphBuffers({
    selection, mapping: analysed?.mapping, rowOf: analysed?.rowOf, facts: analysed ? undefined : request.facts,
    // The analysis counted each function's flat and cum of this selection (grouped: of it before the group-by).
    functionTotals: analysed?.totals,
  }));
  return replyWith(buffers, [buffers.tree, buffers.annotations]);
};

/** What makes one tree: the files (by version), the selection, the split, and what annotates it. */
function treeKey(filesKey: string, r: FlameGraphRequest): string {
  return JSON.stringify([filesKey, r.typeName, r.labels ?? [], r.frames ?? null, r.groupBy ?? null, r.analysis ?? null, r.analysis ? null : r.facts ?? null]);
}
