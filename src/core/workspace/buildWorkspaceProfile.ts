// The editor's view of a profile (src/shared/workspaceProfile.ts): a selection of a model mapped onto the workspace
// folders — costs per workspace file and today's line, per function with callers and callees, coverage. Runs in
// the profile worker (which keeps the model and the mapping between requests); also callable directly in tests.
import { modelOfFiles } from '../model/readModel';
import type { ProfileModel } from '../model/types';
import type { ValueType } from '../profile/model';
import { profileLabels } from '../model/profileLabels';
import { select } from '../query/select';
import { QueryError } from '../query/errors';
import { isFrameFilterActive } from '../query/filters';
import { viewFilterChips } from '../query/viewFilter';
import { readProfiles } from '../readers';
import type { ProfileQuery, SelectContext, Selection } from '../query/types';
import { parsePathRule, type PathRule } from '../symbolicate/path-rules';
import { absolutePathOf, mapToWorkspace, type WorkspaceMapping, type WorkspaceOptions } from '../symbolicate/workspaceMapping';
import type { AnalyzeRequest } from './analyzeRequest';
import type { FileCost, FunctionCost, WorkspaceProfile } from './workspaceProfile';
import { analyzeSelection, type WorkspaceAnalysis } from './analyzeWorkspace';

/** The request's workspace as mapping options, and what was wrong with its settings (notes for the user). */
export function workspaceOptionsOf(request: AnalyzeRequest, model: ProfileModel): { options: WorkspaceOptions; notes: string[] } {
  const notes: string[] = [];
  const roots = request.roots.map((r) => ({ name: r.name, location: r.path }));
  const rules: PathRule[] = [];
  for (const m of request.pathMappings) {
    const parsed = parsePathRule(m, roots);
    if ('error' in parsed) notes.push(`setting perflens.pathMappings: ${parsed.error}`);
    else rules.push(parsed.rule);
  }
  const ref = request.gitRef || profileLabels(model).gitRef;
  if (ref && !request.allowGit) notes.push(`the profile was taken at ${ref}, but lines are not moved to today's text: git does not run in an untrusted workspace (trust the folder to move them)`);
  return { options: { roots, rules, ref, gitEnabled: request.allowGit }, notes };
}

/**
 * The sample type the request names when the model has it, else the model's default (split by a label when it asks
 * for a group-by); with a label or frame filter, only the samples (and frames) it keeps — and an error saying so when it keeps none (the view would be empty
 * without a word why). "My code only" reads the kind of code per frame from `context`.
 */
export function selectionOf(model: ProfileModel, request: Pick<AnalyzeRequest, 'typeName' | 'labels' | 'frames'> & Pick<ProfileQuery, 'groupBy' | 'groupTop'>, context: SelectContext = {}): Selection {
  const type = request.typeName && model.sampleTypes.some((t) => t.type === request.typeName) ? request.typeName : undefined;
  const labels = request.labels ?? [];
  const frames = isFrameFilterActive(request.frames) ? request.frames : undefined;
  const grouping = request.groupBy ? { groupBy: request.groupBy, ...(request.groupTop ? { groupTop: request.groupTop } : {}) } : {};
  const selection = select(model, { type, labels, frames, ...grouping }, context);
  if ((labels.length > 0 || frames) && selection.matchedRows === 0) {
    const capped = model.notes.filter((n) => n.startsWith('labels capped')).map((n) => ` (${n})`).join('');
    const of = model.profiles.count === 1 ? 'the profile' : `the ${model.profiles.count} profiles`;
    const filter = viewFilterChips({ labels, frames }).join(', ');
    const why = selection.notes.length > 0 ? `: ${selection.notes.join('; ')}` : '';
    throw new QueryError(`the filter matches no samples of ${of} (${filter})${why}${capped}`);
  }
  return selection;
}

/**
 * The WorkspaceProfile of a selection under a mapping (undefined: no workspace folder is open).
 * @param analysis analyzeSelection(selection, mapping, true), when the caller has it already
 * @param types the sample types to offer: every kind's of the files (a JFR recording holds several), default the model's
 */
export function workspaceProfile(selection: Selection, mapping: WorkspaceMapping | undefined, request: AnalyzeRequest, notes: readonly string[],
  analysis: WorkspaceAnalysis | undefined = mapping && analyzeSelection(selection, mapping, true), types: readonly ValueType[] = selection.model.sampleTypes): WorkspaceProfile {
  const { model } = selection;
  const allNotes = [...model.notes, ...notes, ...(mapping?.notes ?? [])];
  if (analysis?.refError && request.allowGit) allNotes.push(`line drift: ${analysis.refError}; lines are shown as profiled`);
  const files: FileCost[] = (analysis?.files ?? []).map((f) => ({
    path: absolutePathOf(mapping!.roots, f.file),
    relativePath: f.file.path,
    flat: f.flat,
    cum: f.cum,
    lines: f.lines,
  }));
  // Rows asked for with absolute paths are FunctionCosts already (10^6 functions: no second 10^6 objects).
  const functions: readonly FunctionCost[] = analysis?.functions ?? [];
  const total = analysis?.total ?? selection.total;
  const cov = analysis?.coverage;
  let sampleCount = 0;
  for (let p = 0; p < model.profiles.count; p++) if (selection.profileSelected[p]) sampleCount += model.profiles.sampleCount[p];
  const labels = profileLabels(model);
  return {
    sources: request.sources,
    sampleTypes: types.map((t) => ({ type: t.type, unit: t.unit })),
    typeIndex: types.findIndex((t) => t.type === selection.sampleType.type && t.unit === selection.sampleType.unit),
    type: selection.sampleType.type,
    unit: selection.sampleType.unit,
    total,
    startMs: Math.round(selection.timeNanos / 1e6),
    durationMs: Math.round(selection.durationNanos / 1e6),
    sampleCount,
    service: labels.service ?? request.hints?.service,
    version: labels.version ?? request.hints?.version,
    gitRef: analysis?.commit,
    files,
    functions,
    coverage: cov ? { app: cov.costs.app, dependency: cov.costs.dependency, runtime: cov.costs.runtime, unmapped: cov.costs.unmapped } : { app: 0, dependency: 0, runtime: 0, unmapped: total },
    unmapped: cov?.topUnmapped ?? [],
    notes: mapping ? allNotes : ['no workspace folder is open: nothing to map the profile onto', ...allNotes],
  };
}

/**
 * The whole path for one request: read the files (unless their model is given: its sample types are then the ones
 * offered), select, map onto the workspace, analyse.
 */
export async function buildWorkspaceProfile(request: AnalyzeRequest, given?: ProfileModel, progress: (m: string) => void = () => {}): Promise<WorkspaceProfile> {
  if (request.sources.length === 0) throw new Error('no profile files given');
  progress(`decoding ${request.sources.length} profile(s)`);
  const { model, fileTypes } = given ? { model: given, fileTypes: given.sampleTypes } : modelOfFiles(request.sources.map((s) => readProfiles(s, s, request.limits)), request.typeName, { consumeProfiles: true });
  const { options, notes } = workspaceOptionsOf(request, model);
  progress('mapping frames to the workspace');
  const mapping = options.roots.length === 0 ? undefined : await mapToWorkspace(model, options);
  const selection = selectionOf(model, request, { frameClass: mapping?.frames.classCode });
  return workspaceProfile(selection, mapping, request, notes, undefined, fileTypes);
}
