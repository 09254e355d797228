// What the flame graph's requests (the graph, the sandwich) start from: the files' model (cached), the selection of
// the asked type, and the analysis of the same files (the workspace mapping and the host's function rows), reused
// when the analyze request ran on this model, made here otherwise.
import type { FrameFilter } from '../../core/query/filters';
import type { LabelMatcher } from '../../core/query/labels';
import { viewFilterKey } from '../../core/query/viewFilter';
import { sampleTypeIndex } from '../../core/query/select';
import type { ProfileQuery, SelectContext, Selection } from '../../core/query/types';
import type { WorkspaceMapping } from '../../core/symbolicate/workspaceMapping';
import { companionCountType } from '../flameGraphData';
import { analyzeSelection } from '../../core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf } from '../../core/workspace/buildWorkspaceProfile';
import type { FlameGraphRequest } from '../../shared/flamegraphProtocol';
import { functionTotals, type Analysed, type ModelEntry } from '../modelCache';
import type { Job } from '../scheduler';
import type { WorkerState } from '../workerState';

/** The key of an analysis in the model's entry: its sample type and filters (a filter keeps other functions). */
export function analysisKey(type: string, filter: { readonly labels?: readonly LabelMatcher[]; readonly frames?: FrameFilter }): string {
  const key = viewFilterKey({ labels: filter.labels ?? [], frames: filter.frames });
  return key ? `${type} ${key}` : type;
}

/**
 * How the session's selections of a model are made: "my code only" reads the mapping's kind of code per frame, flat
 * and cum come from the model's memo, and the flame graph's count type is summed in the same pass.
 */
export function flameSelectContext(entry: ModelEntry, mapping: WorkspaceMapping | undefined, typeName: string | undefined): SelectContext {
  const { model } = entry;
  const typeIndex = sampleTypeIndex(model, typeName && model.sampleTypes.some((t) => t.type === typeName) ? typeName : undefined);
  return { frameClass: mapping?.frames.classCode, flatCums: entry.flatCums, companionType: companionCountType(model, typeIndex, false) };
}

/** A selection of the entry's model, counted (ModelEntry.selections). */
export function selectModel(entry: ModelEntry, query: ProfileQuery, context: SelectContext): Selection {
  entry.selections++;
  return selectionOf(entry.model, query, context);
}

/** What a flame graph's request reads: its model and analysis, and its selection made when asked for. */
export interface FlameStart {
  readonly entry: ModelEntry;
  readonly analysed: Analysed | undefined;
  /** The request's selection: the analysis's own when it is the latest, else made now (a kept tree needs none). */
  select(): Selection;
}

/** @param groupTop how many of the label's values get a group of their own (default: select's) */
export async function flameSelection(request: FlameGraphRequest, job: Job, state: WorkerState, groupTop?: number): Promise<{ selection: Selection; analysed: Analysed | undefined; entry: ModelEntry }> {
  const start = await flameStart(request, job, state, groupTop);
  return { selection: start.select(), analysed: start.analysed, entry: start.entry };
}

/** flameSelection up to its selection, which `select` makes (only when the caller has no kept answer). */
export async function flameStart(request: FlameGraphRequest, job: Job, state: WorkerState, groupTop?: number): Promise<FlameStart> {
  const { sources, limits, typeName, analysis } = request;
  const entry = await state.models.load(sources, limits, job.step, { typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  if (!entry.model.sampleTypes.some((t) => t.type === typeName)) {
    throw new Error(`the profile has no sample type ${typeName} (it has ${entry.model.sampleTypes.map((t) => t.type).join(', ')})`);
  }
  await job.step();
  const key = analysisKey(typeName, request);
  let analysed = entry.analysed.get(key);
  // "My code only" needs the kind of code per frame: the mapping comes first.
  const mapping = analysed?.mapping ?? (analysis && analysis.roots.length > 0 ? await state.models.mapping(entry, workspaceOptionsOf(analysis, entry.model).options) : undefined);
  await job.step();
  const context = flameSelectContext(entry, mapping, typeName);
  const query = { typeName, labels: request.labels, frames: request.frames };
  // The analysis's own selection when it is the latest (the graph asked for right after the heat).
  const latest = entry.latestSelection;
  let selection: Selection | undefined = analysed && latest?.key === key && latest.mapping === analysed.mapping ? latest.selection : undefined;
  if (!analysed && mapping) {
    // Not analysed on this model yet (a panel of other files, or the model was let go meanwhile): analyse it now.
    selection = selectModel(entry, query, context);
    const analysis = analyzeSelection(selection, mapping, true, false);
    analysed = { mapping, rowOf: analysis.functionRowOf, totals: functionTotals(analysis.functions, analysis.functionRowOf) };
    state.models.keepAnalysis(entry, key, analysed, selection);
  }
  await job.step();
  // Group-by splits the selection the analysis was made of: the functions keep their ids, the groups' roots come
  // after (selected split at once, not whole first).
  const select = () => (request.groupBy ? selectModel(entry, { ...query, groupBy: request.groupBy, groupTop }, { ...context, companionType: undefined }) : selection ?? selectModel(entry, query, context));
  return { entry, analysed, select };
}
