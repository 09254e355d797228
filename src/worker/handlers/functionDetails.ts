// functionDetails: what a hover tells of each function row of an analysis beyond its costs — its top callers and
// callees, and the span names (or values of the most telling label) that spend the most in it — asked right after
// analyze answered, so the heat is drawn before they are counted. Rows as analyze numbered them: the same selection
// of the same cached model gives the same order. Background work whatever the sender asks (handlers/index.ts), raised
// to a user's when a hover comes to wait on it: counted in chunks (stacks for the edges, one label value at a time for
// the span names), giving way between two to a user's request and stopping there when cancelled; kept beside the
// model, so a reload of the same selection does not count them again.
import { callEdgesByChunk } from '../../core/aggregate/functionTable';
import { spanNamesByName, type SpanNameCost } from '../../core/aggregate/spanNames';
import { rowEdges, workspaceFunctions } from '../../core/aggregate/workspaceFunctions';
import type { LabelMatcher } from '../../core/query/labels';
import { SPAN_NAME_KEY } from '../../core/query/spans';
import { tellingLabelKey } from '../../core/query/tellingLabel';
import type { Selection } from '../../core/query/types';
import { selectionOf, workspaceOptionsOf } from '../../core/workspace/buildWorkspaceProfile';
import { replyWith } from '../../rpc/endpoint';
import type { FunctionDetails, SpanNameColumns } from '../../shared/workerProtocol';
import { mappingKey, type CountedDetails } from '../modelCache';
import type { Job } from '../scheduler';
import { analysisKey } from './flameSelection';
import type { WorkerHandler } from './handler';

/** Stacks counted between two steps: tens of milliseconds of work on deep stacks, a few chunks for a big profile. */
export const EDGE_CHUNK_STACKS = 50_000;

export const functionDetails: WorkerHandler<'functionDetails'> = async (request, job, state) => {
  const entry = await state.models.load(request.sources, request.limits, job.step, { typeName: request.typeName, unreadable: request.skipUnreadable ? state.reportBadFile : undefined });
  await job.step();
  // The selection analyze made: "my code only" reads the mapping's kind of code per frame (cached beside the model).
  const { options } = workspaceOptionsOf(request, entry.model);
  const mapping = options.roots.length === 0 ? undefined : await state.models.mapping(entry, options);
  await job.step();
  const selection = selectionOf(entry.model, request, { frameClass: mapping?.frames.classCode, flatCums: entry.flatCums });
  const type = selection.sampleType.type;
  const rowOf = entry.analysed.get(analysisKey(type, request))?.rowOf ?? workspaceFunctions(selection, undefined, undefined, undefined, false).rowOf;
  const key = `${analysisKey(type, request)}\u0000${mapping ? mappingKey(options) : ''}`;
  let counted = state.models.countedDetails(entry, key, rowOf);
  if (!counted) {
    await job.step();
    const edges = await countEdges(selection, job);
    const spanNames = await countSpanNames(selection, rowOf, request.labels, job);
    counted = { rowOf, ...rowEdges(selection, rowOf, edges), spanNames };
    state.models.keepDetails(entry, key, counted);
  }
  // The kept columns stay here: copies move to the host.
  const details = copyDetails(counted);
  const columns = [details.callers, details.callees, ...(details.spanNames ? [details.spanNames] : [])];
  return replyWith(details, columns.flatMap((c) => [c.start.buffer, 'fn' in c ? c.fn.buffer : c.name.buffer, c.value.buffer]) as ArrayBuffer[]);
};

async function countEdges(selection: Selection, job: Job) {
  const stacks = selection.stacks.count;
  const counting = callEdgesByChunk(selection, EDGE_CHUNK_STACKS);
  job.progress(`counting call edges: 0 of ${stacks} stacks`);
  let next = counting.next();
  while (!next.done) {
    job.progress(`counting call edges: ${next.value} of ${stacks} stacks`);
    await job.step();
    next = counting.next();
  }
  return next.value;
}

/** The hover's "spent in": which values of the most telling label (span names, endpoints) cost the most in each row. */
async function countSpanNames(selection: Selection, rowOf: Int32Array, labels: readonly LabelMatcher[] | undefined, job: Job): Promise<SpanNameColumns | undefined> {
  const { model } = selection;
  const key = tellingLabelKey(model.labelSets, model.strings, selection.labelSetValue);
  if (!key) return undefined;
  await job.step();
  job.progress(`span names by ${key}`);
  const counting = spanNamesByName(model, { type: selection.sampleType.type, labels }, rowOf, { key });
  let next = counting.next();
  while (!next.done) {
    await job.step();
    next = counting.next();
  }
  return next.value && spanNameColumns(next.value, rowOf, key);
}

function spanNameColumns(byFunction: ReadonlyMap<number, readonly SpanNameCost[]>, rowOf: Int32Array, key: string): SpanNameColumns {
  let rows = 0;
  for (let f = 0; f < rowOf.length; f++) if (rowOf[f] >= 0) rows++;
  const count = new Int32Array(rows + 1);
  for (const [fn, list] of byFunction) count[rowOf[fn] + 1] = list.length;
  const start = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) start[r + 1] = start[r] + count[r + 1];
  const names: string[] = [];
  const nameId = new Map<string, number>();
  const name = new Int32Array(start[rows]);
  const value = new Float64Array(start[rows]);
  for (const [fn, list] of byFunction) {
    list.forEach((s, k) => {
      let id = nameId.get(s.name);
      if (id === undefined) nameId.set(s.name, (id = names.push(s.name) - 1));
      name[start[rowOf[fn]] + k] = id;
      value[start[rowOf[fn]] + k] = s.value;
    });
  }
  // The span name itself is the usual key: said only when it is another label.
  return { ...(key === SPAN_NAME_KEY ? {} : { key }), names, start, name, value };
}

function copyDetails({ callers, callees, spanNames }: CountedDetails): FunctionDetails {
  const edges = (c: CountedDetails['callers']) => ({ start: c.start.slice(), fn: c.fn.slice(), value: c.value.slice() });
  return {
    callers: edges(callers),
    callees: edges(callees),
    ...(spanNames ? { spanNames: { ...spanNames, start: spanNames.start.slice(), name: spanNames.name.slice(), value: spanNames.value.slice() } } : {}),
  };
}
