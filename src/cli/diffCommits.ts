/**
 * `perflens diff` and `check` with a workspace in git: the options and the text of the commits behind each
 * significant regression (core/diff/commitsOfDiff.ts), between --base-ref and --head-ref, by default the refs the
 * profiles' labels name (service_git_ref, else their version: a tag or a commit).
 */
import type { RegressionCommit } from '../core/diff/commits';

export const COMMIT_OPTIONS_HELP = `  --base-ref REF  With a workspace in git (--root, or the current folder when a ref is given): list under each
  --head-ref REF  regression the commits between the two refs that changed its lines, or those of regressed
                  functions it calls. Default: the ref each side's profiles name (service_git_ref, else their
                  version label when it is a tag or commit of the repository).`;

/** "commit 3f2c1ab0d9e1 2026-03-01 Dana Lee: search: match each product (main.matchesQuery)" */
export function formatCommit(c: Pick<RegressionCommit, 'hash' | 'author' | 'date' | 'subject' | 'functions'>): string {
  const subject = c.subject.length > 72 ? `${c.subject.slice(0, 69)}...` : c.subject;
  return `commit ${c.hash.slice(0, 12)} ${c.date.slice(0, 10)} ${c.author}: ${subject} (${c.functions.join(', ')})`;
}
