// hotspotGroups: Hotspots split by a label — the session's selection (its files, type and filter, the selection the
// analysis was made of) grouped by the label's values, each group's costliest functions named by their rows in
// that analysis, so the host shows them with everything it knows of each (path, class, first line).
import { groupedFunctions } from '../../core/query/groupedFunctions';
import { flameSelection } from './flameSelection';
import type { WorkerHandler } from './handler';

export const hotspotGroups: WorkerHandler<'hotspotGroups'> = async (request, job, state) => {
  const { selection, analysed } = await flameSelection(request, job, state);
  await job.step();
  const rowOf = analysed?.rowOf;
  const groups = groupedFunctions(selection, request.top).map((g) => ({
    title: g.title, kind: g.kind, total: g.total, flat: g.flat, cum: g.cum,
    rows: Int32Array.from(g.functions, (fn) => (rowOf && fn < rowOf.length ? rowOf[fn] : -1)),
  }));
  return { key: request.groupBy, total: selection.total, groups, notes: selection.notes };
};
