// The editor's view of a profile (src/shared/workspaceProfile.ts), built from profile files: decode, merge,
// select the sample type, map onto the workspace. Runs in the profile worker; also callable directly in tests.
import { selectSampleType } from '../aggregate/sampleType';
import { ProfileError } from '../profile/errors';
import type { ProfileLimits } from '../profile/limits';
import type { Profile } from '../profile/model';
import { allSampleTypes, kindKey, profilesOfType } from '../readers/groups';
import { readProfiles } from '../readers';
import { parsePathRule, type PathRule } from '../symbolicate/path-rules';
import type { AnalyzeRequest } from '../../shared/analyzeProtocol';
import type { FileCost, FunctionCost, WorkspaceProfile } from '../../shared/workspaceProfile';
import { absolutePathOf, analyzeWorkspace } from './analyzeWorkspace';
import { profileLabels } from './profileLabels';

/**
 * Decoded profiles of the last two sets of files (the profile shown and its companion, e.g. the allocation
 * profile of the same version), so switching the sample type or opening the flame graph does not decode again; a
 * file in both sets is decoded once. `read` gives the profiles of the kind with the requested sample type (a file
 * may hold several kinds: readers/groups.ts); the same array comes back for the same files and kind, so callers
 * may key further caches on it.
 */
export class ProfileCache {
  private readonly sets: CachedSet[] = [];

  constructor(private readonly capacity = 2) {}

  read(sources: readonly string[], limits: Partial<ProfileLimits>, typeName?: string): Profile[] {
    return kindOf(this.setOf(sources, limits), typeName);
  }

  /** Every file's profiles, of all kinds, in file order. */
  files(sources: readonly string[], limits: Partial<ProfileLimits>): Profile[][] {
    return this.setOf(sources, limits).files;
  }

  /** Lets every decoded profile go. */
  clear(): void {
    this.sets.length = 0;
  }

  /** What identifies a file as decoded (the worker's cache adds its size and time). */
  protected fileKey(source: string, limits: Partial<ProfileLimits>): string {
    return JSON.stringify([source, limits]);
  }

  /** The cached set of these files, or what is known of them: each file's key and the files decoded in other sets. */
  protected lookup(sources: readonly string[], limits: Partial<ProfileLimits>): { hit?: CachedSet; fileKeys: string[]; known: Map<string, Profile[]> } {
    const fileKeys = sources.map((s) => this.fileKey(s, limits));
    const key = JSON.stringify(fileKeys);
    const at = this.sets.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.sets.splice(at, 1);
      this.sets.unshift(hit);
      return { hit, fileKeys, known: new Map() };
    }
    const known = new Map<string, Profile[]>();
    for (const set of this.sets) set.fileKeys.forEach((k, i) => known.set(k, set.files[i]));
    return { fileKeys, known };
  }

  /** Caches a set just decoded. */
  protected keep(fileKeys: readonly string[], files: Profile[][]): CachedSet {
    const set = { key: JSON.stringify(fileKeys), fileKeys, files, kinds: new Map<string, Profile[]>() };
    this.sets.unshift(set);
    this.sets.length = Math.min(this.sets.length, Math.max(1, this.capacity));
    return set;
  }

  private setOf(sources: readonly string[], limits: Partial<ProfileLimits>): CachedSet {
    const { hit, fileKeys, known } = this.lookup(sources, limits);
    return hit ?? this.keep(fileKeys, sources.map((s, i) => known.get(fileKeys[i]) ?? readProfiles(s, s, limits)));
  }
}

export interface CachedSet {
  readonly key: string;
  readonly fileKeys: readonly string[];
  readonly files: Profile[][];
  /** The profiles of each kind asked for, by kind (the same array each time). */
  readonly kinds: Map<string, Profile[]>;
}

/** The set's profiles of the kind with `typeName` (or each file's first kind). */
export function kindOf(set: CachedSet, typeName: string | undefined): Profile[] {
  const picked = profilesOfType(set.files, typeName);
  const kind = picked.map(kindKey).join('\n');
  let profiles = set.kinds.get(kind);
  if (!profiles) set.kinds.set(kind, (profiles = picked));
  return profiles;
}

export async function buildWorkspaceProfile(request: AnalyzeRequest, cache = new ProfileCache(), progress: (m: string) => void = () => {}): Promise<WorkspaceProfile> {
  if (request.sources.length === 0) throw new Error('no profile files given');
  progress(`decoding ${request.sources.length} profile(s)`);
  const known = allSampleTypes(cache.files(request.sources, request.limits));
  const typeName = request.typeName && known.some((t) => t.type === request.typeName) ? request.typeName : undefined;
  const profiles = cache.read(request.sources, request.limits, typeName);
  const types = (p: Profile) => p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ');
  for (let i = 1; i < profiles.length; i++) {
    if (types(profiles[i]) !== types(profiles[0])) {
      throw new ProfileError(profiles[i].source, `its sample types (${types(profiles[i])}) differ from ${profiles[0].source}'s (${types(profiles[0])}); profiles of different kinds cannot be merged`);
    }
  }
  const first = profiles[0];
  const typeIndex = selectSampleType(first.sampleTypes, first.defaultSampleType, typeName);

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
    sampleTypes: known.map((t) => ({ type: t.type, unit: t.unit })),
    typeIndex: known.findIndex((t) => t.type === first.sampleTypes[typeIndex].type && t.unit === first.sampleTypes[typeIndex].unit),
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
