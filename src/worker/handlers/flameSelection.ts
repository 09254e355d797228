// What the flame graph's requests (the graph, the sandwich) start from: the files' model (cached), the selection of
// the asked type, and the analysis of the same files (the workspace mapping and the host's function rows), reused
// when the analyze request ran on this model, made here otherwise.
import { formatLabelFilter, type LabelMatcher } from '../../core/query/labels';
import type { Selection } from '../../core/query/types';
import { analyzeSelection } from '../../core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf } from '../../core/workspace/buildWorkspaceProfile';
import type { FlameGraphRequest } from '../../shared/flamegraphProtocol';
import type { Analysed } from '../modelCache';
import type { Job } from '../scheduler';
import type { WorkerState } from '../workerState';

/** The key of an analysis in the model's entry: its sample type and label filter (a filter keeps other functions). */
export function analysisKey(type: string, labels: readonly LabelMatcher[] | undefined): string {
  const filter = formatLabelFilter(labels ?? []);
  return filter ? `${type} ${filter}` : type;
}

export async function flameSelection(request: FlameGraphRequest, job: Job, state: WorkerState): Promise<{ selection: Selection; analysed: Analysed | undefined }> {
  const { sources, limits, typeName, analysis } = request;
  const entry = await state.models.load(sources, limits, job.step, { typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  if (!entry.model.sampleTypes.some((t) => t.type === typeName)) {
    throw new Error(`the profile has no sample type ${typeName} (it has ${entry.model.sampleTypes.map((t) => t.type).join(', ')})`);
  }
  await job.step();
  const selection = selectionOf(entry.model, { typeName, labels: request.labels });
  const key = analysisKey(typeName, request.labels);
  let analysed = entry.analysed.get(key);
  if (!analysed && analysis && analysis.roots.length > 0) {
    // Not analysed on this model yet (a panel of other files, or the model was let go meanwhile): map it now.
    const mapping = await state.models.mapping(entry, workspaceOptionsOf(analysis, entry.model).options);
    await job.step();
    analysed = { mapping, rowOf: analyzeSelection(selection, mapping, true).functionRowOf };
    entry.analysed.set(key, analysed);
  }
  await job.step();
  return { selection, analysed };
}
