// The editor's view of a profile (src/shared/workspaceProfile.ts), built from profile files: decode, merge,
// select the sample type, map onto the workspace. Runs in the profile worker; also callable directly in tests.
import { selectSampleType } from '../aggregate/sampleType';
import { ProfileError } from '../profile/errors';
import type { ProfileLimits } from '../profile/limits';
import type { Profile } from '../profile/model';
import { readProfileFile } from '../profile/parse';
import { parsePathRule, type PathRule } from '../symbolicate/path-rules';
import type { AnalyzeRequest } from '../../shared/analyzeProtocol';
import type { FileCost, FunctionCost, WorkspaceProfile } from '../../shared/workspaceProfile';
import { absolutePathOf, analyzeWorkspace } from './analyzeWorkspace';
import { profileLabels } from './profileLabels';

/**
 * Decoded profiles of the last two sets of files (the profile shown and its companion, e.g. the allocation
 * profile of the same version), so switching the sample type or opening the flame graph does not decode again.
 * The same array comes back for the same files, so callers may key further caches on it.
 */
export class ProfileCache {
  private readonly entries: { key: string; profiles: Profile[] }[] = [];

  constructor(private readonly capacity = 2) {}

  read(sources: readonly string[], limits: Partial<ProfileLimits>): Profile[] {
    const key = JSON.stringify([sources, limits]);
    const at = this.entries.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.entries.splice(at, 1);
      this.entries.unshift(hit);
      return hit.profiles;
    }
    const profiles = sources.map((s) => readProfileFile(s, limits));
    this.entries.unshift({ key, profiles });
    this.entries.length = Math.min(this.entries.length, this.capacity);
    return profiles;
  }
}

export async function buildWorkspaceProfile(request: AnalyzeRequest, cache = new ProfileCache(), progress: (m: string) => void = () => {}): Promise<WorkspaceProfile> {
  if (request.sources.length === 0) throw new Error('no profile files given');
  progress(`decoding ${request.sources.length} profile(s)`);
  const profiles = cache.read(request.sources, request.limits);
  const types = (p: Profile) => p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ');
  for (let i = 1; i < profiles.length; i++) {
    if (types(profiles[i]) !== types(profiles[0])) {
      throw new ProfileError(request.sources[i], `its sample types (${types(profiles[i])}) differ from ${request.sources[0]}'s (${types(profiles[0])}); profiles of different kinds cannot be merged`);
    }
  }
  const first = profiles[0];
  const typeIndex = selectSampleType(first.sampleTypes, first.defaultSampleType,
    request.typeName && first.sampleTypes.some((t) => t.type === request.typeName) ? request.typeName : undefined);

  const notes: string[] = [];
  const roots = request.roots.map((r) => ({ name: r.name, location: r.path }));
  const rules: PathRule[] = [];
  for (const m of request.pathMappings) {
    const parsed = parsePathRule(m, roots);
    if ('error' in parsed) notes.push(`setting perflens.pathMappings: ${parsed.error}`);
    else rules.push(parsed.rule);
  }
  const labels = profileLabels(profiles);
  const ref = request.gitRef || labels.gitRef;
  if (ref && !request.allowGit) notes.push(`the profile was taken at ${ref}, but lines are not moved to today's text: git does not run in an untrusted workspace (trust the folder to move them)`);

  progress('mapping frames to the workspace');
  const analysis = roots.length === 0
    ? undefined
    : await analyzeWorkspace({ profiles, typeIndex, roots, rules, ref, gitEnabled: request.allowGit, warn: (w) => notes.push(w), absolutePaths: true });
  if (analysis?.refError && request.allowGit) notes.push(`line drift: ${analysis.refError}; lines are shown as profiled`);

  const files: FileCost[] = (analysis?.files ?? []).map((f) => ({
    path: absolutePathOf(roots, f.file),
    relativePath: f.file.path,
    flat: f.flat,
    cum: f.cum,
    lines: f.lines,
  }));
  // Rows asked for with absolute paths are FunctionCosts already (10^6 functions: no second 10^6 objects).
  const functions: readonly FunctionCost[] = analysis?.functions ?? [];
  const total = analysis?.total ?? 0;
  const cov = analysis?.coverage;
  let timeNanos = 0;
  let durationNanos = 0;
  let sampleCount = 0;
  for (const p of profiles) {
    if (p.timeNanos > 0 && (timeNanos === 0 || p.timeNanos < timeNanos)) timeNanos = p.timeNanos;
    durationNanos += p.durationNanos;
    sampleCount += p.samples.count;
  }
  return {
    sources: request.sources,
    sampleTypes: first.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
    typeIndex,
    type: first.sampleTypes[typeIndex].type,
    unit: first.sampleTypes[typeIndex].unit,
    total,
    startMs: Math.round(timeNanos / 1e6),
    durationMs: Math.round(durationNanos / 1e6),
    sampleCount,
    service: labels.service ?? request.hints?.service,
    version: labels.version ?? request.hints?.version,
    gitRef: analysis?.commit,
    files,
    functions,
    coverage: cov ? { app: cov.costs.app, dependency: cov.costs.dependency, runtime: cov.costs.runtime, unmapped: cov.costs.unmapped } : { app: 0, dependency: 0, runtime: 0, unmapped: total },
    unmapped: cov?.topUnmapped ?? [],
    notes: roots.length === 0 ? ['no workspace folder is open: nothing to map the profile onto', ...notes] : notes,
  };
}
