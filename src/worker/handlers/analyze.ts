// analyze: the profile as the editor shows it — the files' model (decoded once, cached; a store's files that do not
// decode are left out and reported), the request's sample type, mapped onto the workspace (the mapping cached
// beside the model); packed for the trip back. Without call edges and span names: the heat needs neither, so it is
// not kept waiting for them (functionDetails answers them next). Then, in idle time, the order of the selection's
// stacks that its flame graph's tree is built from (idleOrders.ts). The answer is kept per request beside the
// model: a filter toggled back is answered from there, and its flame graph's kept tree is good again.
import { analyzeSelection } from '../../core/workspace/analyzeWorkspace';
import { workspaceOptionsOf, workspaceProfile } from '../../core/workspace/buildWorkspaceProfile';
import { functionTotals, type Analysed } from '../modelCache';
import { deserialize, serialize } from 'node:v8';
import type { PackedWorkspaceProfile } from '../../shared/workerProtocol';
import { packedReply, packWorkspaceProfile, transferCopy } from '../packProfile';
import { analysisKey, flameSelectContext, selectModel } from './flameSelection';
import type { WorkerHandler } from './handler';

export const analyze: WorkerHandler<'analyze'> = async (request, job, state) => {
  job.progress(`decoding ${request.sources.length} profile(s)`);
  const entry = await state.models.load(request.sources, request.limits, job.step, { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  await job.step();
  const { options, notes } = workspaceOptionsOf(request, entry.model);
  job.progress('mapping frames to the workspace');
  const mapping = options.roots.length === 0 ? undefined : await state.models.mapping(entry, options);
  await job.step();
  const heatKey = JSON.stringify(request);
  const kept = state.models.keptHeat(entry, heatKey, mapping);
  if (kept) {
    state.models.keepAnalysis(entry, kept.analysisKey, kept.analysed, undefined);
    return transferCopy(deserialize(kept.packed) as PackedWorkspaceProfile);
  }
  const selection = selectModel(entry, request, flameSelectContext(entry, mapping, request.typeName));
  const analysis = mapping && analyzeSelection(selection, mapping, true, false);
  const key = analysisKey(selection.sampleType.type, request);
  const analysed: Analysed = { mapping, rowOf: analysis?.functionRowOf ?? new Int32Array(0), totals: analysis && functionTotals(analysis.functions, analysis.functionRowOf) };
  state.models.keepAnalysis(entry, key, analysed, selection);
  // The flame graph's stack order, made once the heat is answered (the worker's next idle time).
  state.idleOrders.prepare(entry, selection.stacks, selection.frames.function, selection.functions.count);
  const packed = packWorkspaceProfile(workspaceProfile(selection, mapping, { ...request, sources: entry.sources }, notes, analysis, entry.fileTypes));
  state.models.keepHeat(entry, heatKey, { mapping, analysisKey: key, analysed, packed: serialize(packed) });
  return packedReply(packed);
};
