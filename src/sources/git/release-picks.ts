/**
 * Picking versions with git knowledge, as pure functions (the git calls are in git-versions.ts):
 * "the version deployed from this branch" and "the release before it", for the release diff.
 */
import type { VersionInfo } from '../types';
import { compareVersionsByTime } from '../version-order';
import type { GitVersionMatch } from './git-versions';

/**
 * The most recently seen version built from a commit on the branch (`branchCommits`: commitsOnBranch, newest
 * first). Undefined when no version maps to a commit of the branch.
 */
export function deployedFromBranch(versions: readonly VersionInfo[], matches: readonly GitVersionMatch[], branchCommits: readonly string[]): VersionInfo | undefined {
  const onBranch = new Set(branchCommits);
  const commitOf = new Map(matches.map((m) => [m.version, m.commit]));
  const candidates = versions.filter((v) => {
    const c = commitOf.get(v.version);
    return c !== undefined && onBranch.has(c);
  });
  return [...candidates].sort(compareVersionsByTime).pop();
}

/**
 * The release before `current`: the latest version seen before it that was built from a different commit. With
 * `branchCommits`, only versions whose commit is an ancestor of current's count (an older commit of the branch).
 */
export function previousRelease(
  versions: readonly VersionInfo[],
  matches: readonly GitVersionMatch[],
  current: string,
  branchCommits?: readonly string[],
): VersionInfo | undefined {
  const sorted = [...versions].sort(compareVersionsByTime);
  const at = sorted.findIndex((v) => v.version === current);
  if (at < 0) return undefined;
  const commitOf = new Map(matches.map((m) => [m.version, m.commit]));
  const currentCommit = commitOf.get(current);
  const position = branchCommits ? new Map(branchCommits.map((c, i) => [c, i])) : undefined;
  const currentPos = currentCommit !== undefined ? position?.get(currentCommit) : undefined;
  for (let i = at - 1; i >= 0; i--) {
    const v = sorted[i];
    const c = commitOf.get(v.version);
    if (c !== undefined && c === currentCommit) continue;
    if (position) {
      const p = c !== undefined ? position.get(c) : undefined;
      // rev-list is newest first: an ancestor sits further down the list.
      if (p === undefined || (currentPos !== undefined && p <= currentPos)) continue;
    }
    return v;
  }
  return undefined;
}
