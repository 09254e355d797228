// Facts about a whole profile that change how its frames are read: which runtime produced it, whether a Node
// profile has real line numbers or only function start lines, and which commit it was taken at.

import type { ProfileRuntime } from './path-resolver';

/** The runtime most frames say (by file extension, then function name shape); `weights[i]` counts item i that many times. */
export function detectRuntime(files: Iterable<string>, functionNames: Iterable<string> = [], weights?: ArrayLike<number>): ProfileRuntime | undefined {
  const votes = { go: 0, node: 0, jvm: 0, python: 0, rust: 0, dotnet: 0 };
  let i = 0;
  for (const f of files) {
    const w = weights ? weights[i++] : 1;
    if (w === 0) continue;
    if (/\.go$/.test(f)) votes.go += w;
    else if (/\.(m?[jt]sx?|cjs)$/.test(f) || f.startsWith('node:')) votes.node += w;
    else if (/\.(java|kt|scala)$/.test(f)) votes.jvm += w;
    else if (/\.py$/.test(f)) votes.python += w;
    else if (/\.rs$/.test(f)) votes.rust += w;
    // .NET profilers give the assembly where the file would be.
    else if (/^(System|Microsoft)(\.[\w.]+)?$/.test(f)) votes.dotnet += w;
  }
  i = 0;
  for (const name of functionNames) {
    const w = weights ? weights[i++] : 1;
    if (w === 0) continue;
    if (/^[a-z][\w$]*(\/[\w$]+)+\/[A-Z][\w$]*\.[\w$<>]+/.test(name)) votes.jvm += w;
    // "Namespace!Type.Method" (Pyroscope's .NET profiler), "|lm:Assembly |ns:… |ct:Type |fn:Method" (Datadog's).
    else if (/^[A-Za-z_][\w.]*![A-Za-z_<]/.test(name) || name.startsWith('|lm:')) votes.dotnet += w;
  }
  const best = (Object.entries(votes) as [ProfileRuntime, number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : undefined;
}

/**
 * @datadog/pprof without `lineNumbers: true` (and every Node heap profile) records each function once, at its
 * start line. With line numbers, a function that ran for a while shows up on several lines. So: any JS function
 * seen on two lines means real lines; otherwise, with a few functions seen, assume start lines.
 */
export function detectFunctionStartLines(frames: Iterable<{ file: string; functionName: string; line: number }>): boolean {
  const lines = new Map<string, number>();
  for (const f of frames) {
    if (!isJavaScript(f.file) || f.line <= 0) continue;
    const key = `${f.file}\u0000${f.functionName}`;
    const seen = lines.get(key);
    if (seen === undefined) lines.set(key, f.line);
    else if (seen !== f.line) return false;
  }
  return lines.size >= 3;
}

function isJavaScript(file: string): boolean {
  return /\.(m?[jt]sx?|cjs)$/.test(file);
}

/** Labels that name the deployed commit (Pyroscope, Datadog, Go build info), most specific first. */
const commitLabels = ['service_git_ref', 'git.commit.sha', 'git_commit_sha', 'vcs.revision', 'commit', 'git_commit', 'version'];

/**
 * The commit a profile was taken at, from its labels (profile-wide or sample labels). `version` counts only when it
 * looks like a commit id — release names like "1.4.2" are not git revisions we can trust.
 */
export function gitRefFromLabels(labels: Iterable<[string, string]>): string | undefined {
  const found = new Map<string, string>();
  for (const [key, value] of labels) if (commitLabels.includes(key) && value && !found.has(key)) found.set(key, value.trim());
  for (const key of commitLabels) {
    const value = found.get(key);
    if (!value) continue;
    if (key === 'version' && !/^[0-9a-f]{7,40}$/i.test(value)) continue;
    return value;
  }
  return undefined;
}
