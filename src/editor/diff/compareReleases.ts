// "PerfLens: Compare with Previous Release" and "Compare Two Versions...": which versions to compare, fetching
// both sides, and showing the result in the diff panel and the gutter.
//
// The deployed version of the current branch is the newest version whose commit (git resolves its label: a SHA,
// a tag) is the branch's HEAD or an ancestor of it; "previous" is the release deployed before it. Without git (an
// untrusted workspace, no repository, labels git cannot resolve) the newest version and the one before it in time.
import * as vscode from 'vscode';
import { pickOne } from '../prompts';
import { commitsOnBranch, deployedFromBranch, mapVersionsToGit, previousRelease, type VersionInfo } from '../../sources';
import { pickTarget, type CompareTarget } from './compareTarget';
import { sessionSide } from './sessionSide';
import { showComparison, type CompareContext } from './showComparison';

export type { CompareContext } from './showComparison';

interface Picked {
  readonly base: VersionInfo;
  readonly head: VersionInfo;
  readonly why: string;
}

/** Versions to compare by git ancestry when possible; by time otherwise. Versions come oldest first. */
export async function pickReleases(versions: readonly VersionInfo[], root: string | undefined, gitEnabled: boolean): Promise<Picked | undefined> {
  if (versions.length < 2) return undefined;
  if (root && gitEnabled) {
    try {
      const git = { cwd: root, enabled: true, timeoutMs: 10_000 };
      const matches = await mapVersionsToGit(versions.map((v) => v.version), git);
      const branch = await commitsOnBranch(git);
      const head = deployedFromBranch(versions, matches, branch);
      const base = head && previousRelease(versions, matches, head.version, branch);
      if (head && base) return { base, head, why: `${head.version} is the newest version deployed from this branch; ${base.version} is the release before it` };
    } catch {
      // Not a repository, git missing: fall back to time order below.
    }
  }
  const head = versions[versions.length - 1];
  const base = versions[versions.length - 2];
  return { base, head, why: `the two most recently seen versions${gitEnabled ? ' (git could not place them on this branch)' : ' (git does not run in an untrusted workspace)'}` };
}

export async function compareReleases(ctx: CompareContext, pickBoth: boolean, target?: CompareTarget): Promise<void> {
  const title = pickBoth ? 'PerfLens: compare two versions' : 'PerfLens: compare with the previous release';
  // "Compare Two Versions..." asks for everything (the workspace's own service first); the one-step command only
  // asks when the workspace does not say.
  target ??= await pickTarget(ctx, title, pickBoth);
  if (!target) return;
  const { source, service, type } = target;
  const versions = await source.listVersions(service, { type: type.type });
  if (versions.length < 2) throw new Error(`${source.displayName} has ${versions.length === 0 ? 'no versions' : `only version ${versions[0].version}`} of ${service} with ${type.type} profiles: a diff needs two.`);

  let picked: Picked | undefined;
  // A several-step pick: it stays open when a panel (a webview finishing its render) takes the focus.
  if (pickBoth) {
    const items = [...versions].reverse().map((v) => ({ label: v.version, description: v.lastSeenMs ? new Date(v.lastSeenMs).toISOString().slice(0, 16).replace('T', ' ') : undefined, v }));
    const base = await pickOne(items, { title, placeHolder: 'Before: the version to compare against', ignoreFocusOut: true });
    if (!base) return;
    const head = await pickOne(items.filter((i) => i !== base), { title, placeHolder: 'After: the version to look at', ignoreFocusOut: true });
    if (!head) return;
    picked = { base: base.v, head: head.v, why: 'picked by you' };
  } else {
    const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    picked = await pickReleases(versions, root, vscode.workspace.isTrusted);
  }
  if (!picked) return;
  ctx.log.info(`release diff of ${service} ${type.type}: ${picked.base.version} → ${picked.head.version} (${picked.why})`);
  // Both releases under the session's filter: "this endpoint, v1 vs v2".
  const side = (version: string) => sessionSide(ctx, target, { versions: [version] });
  await showComparison(ctx, {
    base: side(picked.base.version), head: side(picked.head.version), releases: true,
    preset: pickBoth ? 'two versions' : `this release vs the previous: ${picked.why}`,
  }, { base: source, head: source });
}
