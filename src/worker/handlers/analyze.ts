// analyze: the profile as the editor shows it — the files' model (decoded once, cached; a store's files that do not
// decode are left out and reported), the request's sample type, mapped onto the workspace (the mapping cached
// beside the model); packed for the trip back. Without call edges: the heat needs none, so it is not kept waiting
// for them (callEdges answers them next).
import { withSpanNames } from '../../core/aggregate/workspaceFunctions';
import { tellingLabelKey } from '../../core/query/tellingLabel';
import { analyzeSelection } from '../../core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf, workspaceProfile } from '../../core/workspace/buildWorkspaceProfile';
import { packWorkspaceProfile } from '../packProfile';
import { analysisKey } from './flameSelection';
import type { WorkerHandler } from './handler';

export const analyze: WorkerHandler<'analyze'> = async (request, job, state) => {
  job.progress(`decoding ${request.sources.length} profile(s)`);
  const entry = await state.models.load(request.sources, request.limits, job.step, { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  await job.step();
  const { options, notes } = workspaceOptionsOf(request, entry.model);
  job.progress('mapping frames to the workspace');
  const mapping = options.roots.length === 0 ? undefined : await state.models.mapping(entry, options);
  await job.step();
  const selection = selectionOf(entry.model, request, { frameClass: mapping?.frames.classCode });
  const analysis = mapping && analyzeSelection(selection, mapping, true, false);
  // The hover's "spent in": which span names or endpoints (the most telling label) cost the most in each function.
  const key = analysis && tellingLabelKey(entry.model.labelSets, entry.model.strings, selection.labelSetValue);
  if (analysis && key) withSpanNames({ rows: analysis.functions, rowOf: analysis.functionRowOf }, entry.model, { type: selection.sampleType.type, labels: request.labels }, key);
  entry.analysed.set(analysisKey(selection.sampleType.type, request), { mapping, rowOf: analysis?.functionRowOf ?? new Int32Array(0) });
  return packWorkspaceProfile(workspaceProfile(selection, mapping, { ...request, sources: entry.sources }, notes, analysis, entry.fileTypes));
};
