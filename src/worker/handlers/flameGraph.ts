// flameGraph: the call tree of the files' model (cached), cut and annotated with what their analysis knows (the
// workspace mapping and function rows, reused when the analysis ran on this model); both buffers are transferred.
import { analyzeSelection } from '../../core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf } from '../../core/workspace/buildWorkspaceProfile';
import { replyWith } from '../../rpc/endpoint';
import { flameGraphBuffers } from '../flameGraphData';
import type { WorkerHandler } from './handler';

export const flameGraph: WorkerHandler<'flameGraph'> = async (request, job, state) => {
  const { sources, limits, typeName, analysis, facts } = request;
  const entry = await state.models.load(sources, limits, job.step);
  if (!entry.model.sampleTypes.some((t) => t.type === typeName)) {
    throw new Error(`the profile has no sample type ${typeName} (it has ${entry.model.sampleTypes.map((t) => t.type).join(', ')})`);
  }
  await job.step();
  const selection = selectionOf(entry.model, { typeName });
  let analysed = entry.analysed.get(typeName);
  if (!analysed && analysis && analysis.roots.length > 0) {
    // Not analysed on this model yet (a panel of other files, or the model was let go meanwhile): map it now.
    const mapping = await state.models.mapping(entry, workspaceOptionsOf(analysis, entry.model).options);
    await job.step();
    analysed = { mapping, rowOf: analyzeSelection(selection, mapping, true).functionRowOf };
    entry.analysed.set(typeName, analysed);
  }
  await job.step();
  const buffers = flameGraphBuffers({ selection, mapping: analysed?.mapping, rowOf: analysed?.rowOf, facts: analysed ? undefined : facts });
  return replyWith(buffers, [buffers.tree, buffers.annotations]);
};
