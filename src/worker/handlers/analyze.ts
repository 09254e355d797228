// analyze: the profile as the editor shows it — the files' model (decoded once, cached), the request's sample type,
// mapped onto the workspace (the mapping cached beside the model).
import { analyzeSelection } from '../../core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf, workspaceProfile } from '../../core/workspace/buildWorkspaceProfile';
import type { WorkerHandler } from './handler';

export const analyze: WorkerHandler<'analyze'> = async (request, job, state) => {
  job.progress(`decoding ${request.sources.length} profile(s)`);
  const entry = await state.models.load(request.sources, request.limits, job.step);
  await job.step();
  const selection = selectionOf(entry.model, request);
  const { options, notes } = workspaceOptionsOf(request, entry.model);
  job.progress('mapping frames to the workspace');
  const mapping = options.roots.length === 0 ? undefined : await state.models.mapping(entry, options);
  await job.step();
  const analysis = mapping && analyzeSelection(selection, mapping, true);
  entry.analysed.set(selection.sampleType.type, { mapping, rowOf: analysis?.functionRowOf ?? new Int32Array(0) });
  return workspaceProfile(selection, mapping, request, notes, analysis);
};
