// Search: which frames' functions match a regular expression, and the share of the profile they account for —
// a matched frame inside another matched frame is not counted again, so the share never exceeds 100%.
import type { FlameTree } from '../../shared/flame/flameTree';
import type { FunctionTable } from './functionTable';

export const MATCHED = 1;

export interface SearchResult {
  /** Per node: MATCHED when its function matches. */
  readonly nodeFlags: Uint8Array;
  readonly matchedFunctions: number;
  readonly matchedNodes: number;
  /** Value of the matched frames, each sample once. */
  readonly total: number;
}

/** Parses the search box: a regular expression (case-insensitive); undefined with a reason when it is not one. */
export function parseSearch(text: string): { regex?: RegExp; error?: string } {
  if (text.trim() === '') return {};
  try {
    return { regex: new RegExp(text, 'i') };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function searchTree(tree: FlameTree, functions: FunctionTable, regex: RegExp): SearchResult {
  const fnMatch = new Uint8Array(functions.count);
  const seen = new Uint8Array(functions.count);
  let matchedFunctions = 0;
  const nodeFlags = new Uint8Array(tree.count);
  const covered = new Uint8Array(tree.count);
  let matchedNodes = 0;
  let total = 0;
  for (let n = 0; n < tree.count; n++) {
    const f = tree.fn[n];
    if (!seen[f]) {
      seen[f] = 1;
      regex.lastIndex = 0;
      if (regex.test(functions.name(f))) { fnMatch[f] = 1; matchedFunctions++; }
    }
    const p = tree.parent[n];
    const above = p >= 0 ? covered[p] : 0;
    if (fnMatch[f]) {
      nodeFlags[n] = MATCHED;
      matchedNodes++;
      if (!above) total += tree.total[n];
      covered[n] = 1;
    } else {
      covered[n] = above;
    }
  }
  return { nodeFlags, matchedFunctions, matchedNodes, total };
}
