// labelSummary: what labels the samples of a selection carry, for a label filter's picker and the flame graph's
// group-by — per key its share of the cost and its number of values, and only its costliest values (a key with
// 10^5 values, span or request ids, is offered as its top values and a count, never as a list of 10^5).
import { summarizeLabels } from '../../core/query/labelsSummary';
import { selectionOf } from '../../core/workspace/buildWorkspaceProfile';
import type { WorkerHandler } from './handler';

export const labelSummary: WorkerHandler<'labelSummary'> = async (request, job, state) => {
  const entry = await state.models.load(request.sources, request.limits, job.step, { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  await job.step();
  const selection = selectionOf(entry.model, { typeName: request.typeName, labels: request.labels });
  const summary = summarizeLabels(entry.model.labelSets, entry.model.strings, selection.labelSetValue, selection.labelSetCount, { topValues: request.topValues, key: request.key });
  return { ...summary, unit: selection.sampleType.unit, type: selection.sampleType.type };
};
