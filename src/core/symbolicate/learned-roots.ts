// Prefix rules learned from unambiguous suffix matches (Sentry's code-mapping idea): once
// "/home/runner/work/x/x/pkg/a.go" is known to be the workspace's "pkg/a.go", the stack root
// "/home/runner/work/x/x/" maps onto the workspace root for every other file of that build — including files
// whose own suffix would be ambiguous. A stack root seen mapping to two different places is dropped, not guessed.

import { displayPath, type ProfilePath } from './profile-path';
import { PrefixTable, pathAnchor } from './prefix-table';
import type { RuleTarget } from './path-rules';

export interface LearnedRoot {
  /** Display form of the stack root, e.g. "/home/runner/work/x/x". */
  from: string;
  target: RuleTarget;
  hits: number;
}

export class LearnedRoots {
  private readonly table = new PrefixTable<LearnedRoot>();
  private readonly conflicted = new Set<string>();

  /** Records "stackRoot → target"; returns false if it contradicts what was learned before (then both are dropped). */
  learn(path: ProfilePath, stackRootLength: number, target: RuleTarget): boolean {
    const segments = path.segments.slice(0, stackRootLength);
    const anchor = pathAnchor(path.style);
    const key = `${anchor}\u0000${segments.join('\u0000')}`;
    if (this.conflicted.has(key)) return false;
    const existing = this.table.get(anchor, segments, path.caseInsensitive);
    if (existing) {
      if (existing.target.root === target.root && existing.target.dir === target.dir) {
        existing.hits++;
        return true;
      }
      this.conflicted.add(key);
      this.table.delete(anchor, segments, path.caseInsensitive);
      return false;
    }
    const from = displayPath({ ...path, segments });
    this.table.set(anchor, segments, { from, target, hits: 1 }, path.caseInsensitive);
    return true;
  }

  /** Learned roots that are prefixes of the path, longest first. */
  matches(path: ProfilePath): readonly { value: LearnedRoot; length: number }[] {
    return this.table.matches(path);
  }

  list(): LearnedRoot[] {
    return [...this.table.values()].sort((a, b) => b.hits - a.hits);
  }
}
