/**
 * Version labels (`service_git_ref`, `version`) → git: a tag (`v1.4.0`, or `1.4.0` for tag `v1.4.0`), a commit
 * SHA (full or abbreviated), or a `git describe` string (`v1.4.0-3-g3f2c1ab`). Tags are read once; SHAs are
 * resolved in one `git cat-file --batch-check` call. A label git does not know maps to no commit.
 */
import { runGit, type GitRunOptions } from './run-git';

export interface GitVersionMatch {
  readonly version: string;
  /** Full commit id, when the label names something the repository has. */
  readonly commit?: string;
  /** Tags pointing at that commit. */
  readonly tags: readonly string[];
  readonly matchedBy?: 'tag' | 'commit';
}

interface TagTable {
  readonly commitOfTag: Map<string, string>;
  readonly tagsOfCommit: Map<string, string[]>;
}

export async function mapVersionsToGit(versions: readonly string[], git: GitRunOptions): Promise<GitVersionMatch[]> {
  const tags = await readTags(git);
  const byTag = new Map<string, string>();
  const needHex = new Set<string>();
  for (const v of versions) {
    const tag = tagFor(v, tags);
    if (tag) byTag.set(v, tag);
    else for (const hex of hexCandidates(v)) needHex.add(hex);
  }
  const resolved = await resolveCommits([...needHex], git);
  return versions.map((version): GitVersionMatch => {
    const tag = byTag.get(version);
    if (tag) {
      const commit = tags.commitOfTag.get(tag)!;
      return { version, commit, tags: tags.tagsOfCommit.get(commit) ?? [tag], matchedBy: 'tag' };
    }
    for (const hex of hexCandidates(version)) {
      const commit = resolved.get(hex);
      if (commit) return { version, commit, tags: tags.tagsOfCommit.get(commit) ?? [], matchedBy: 'commit' };
    }
    return { version, tags: [] };
  });
}

/** Commits reachable from `ref` (default HEAD), newest first, at most `max`: "what this branch has deployed". */
export async function commitsOnBranch(git: GitRunOptions, ref = 'HEAD', max = 5000): Promise<string[]> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/@{}^~+-]*$/.test(ref) || ref.includes('..')) throw new Error(`not a git revision: ${ref}`);
  const out = await runGit(git, ['rev-list', `--max-count=${max}`, '--end-of-options', ref, '--']);
  return out.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

async function readTags(git: GitRunOptions): Promise<TagTable> {
  const out = await runGit(git, ['for-each-ref', '--format=%(objectname) %(*objectname) %(refname:strip=2)', 'refs/tags']);
  const commitOfTag = new Map<string, string>();
  const tagsOfCommit = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const m = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64})? ?(.+)$/.exec(line.trim());
    if (!m) continue;
    // Annotated tags: the peeled object (*objectname) is the commit; lightweight tags point at it directly.
    const commit = m[2] ?? m[1];
    commitOfTag.set(m[3], commit);
    const list = tagsOfCommit.get(commit) ?? [];
    list.push(m[3]);
    tagsOfCommit.set(commit, list);
  }
  return { commitOfTag, tagsOfCommit };
}

function tagFor(version: string, tags: TagTable): string | undefined {
  for (const candidate of [version, `v${version}`, version.replace(/^v/, '')]) {
    if (tags.commitOfTag.has(candidate)) return candidate;
  }
  return undefined;
}

/** Hex strings in a label that may be commits: the label itself, a describe suffix (-g<hex>), a trailing -<hex>. */
export function hexCandidates(version: string): string[] {
  const out: string[] = [];
  const v = version.trim().toLowerCase();
  if (/^[0-9a-f]{7,64}$/.test(v)) out.push(v);
  const describe = /-g([0-9a-f]{7,64})(?:-dirty)?$/.exec(v);
  if (describe) out.push(describe[1]);
  const trailing = /[-_.@+]([0-9a-f]{7,64})$/.exec(v);
  if (trailing && !out.includes(trailing[1])) out.push(trailing[1]);
  return out;
}

async function resolveCommits(hexes: readonly string[], git: GitRunOptions): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (hexes.length === 0) return out;
  const reply = await runGit(git, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], hexes.map((h) => `${h}^{commit}`).join('\n') + '\n');
  const lines = reply.split('\n');
  hexes.forEach((hex, i) => {
    const m = /^([0-9a-f]{40,64}) commit$/.exec(lines[i]?.trim() ?? '');
    if (m) out.set(hex, m[1]);
  });
  return out;
}
