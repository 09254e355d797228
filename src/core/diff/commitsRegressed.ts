/**
 * A shown release diff's significant regressions, as the commits behind them are looked up (commitsOfView.ts):
 * each row turned back into its key and its file relative to its workspace root. The editor sends these with its
 * follow-up request; no profile work, so the extension host may use it.
 */
import { relative, sep } from 'node:path';
import { isInside } from '../symbolicate/walk';
import type { WorkspaceRoot } from '../workspace/analyzeRequest';
import type { RegressedFunction } from './commitsOfDiff';
import { functionKey } from './functionKey';
import type { FunctionDeltaView } from './releaseDiffView';

type RegressionRow = Pick<FunctionDeltaView, 'function' | 'profileFile' | 'path' | 'significant' | 'delta'>;

/** The view's significant regressions, with their workspace root and file ('/'-separated) when they have one. */
export function regressedOfView(functions: readonly RegressionRow[], roots: readonly WorkspaceRoot[]): RegressedFunction[] {
  return functions.filter((f) => f.significant && f.delta > 0).map((f) => {
    const root = f.path === undefined ? -1 : roots.findIndex((r) => isInside(r.path, f.path!));
    return {
      key: functionKey(f.function, f.profileFile),
      function: f.function,
      workspaceRoot: Math.max(0, root),
      workspaceFile: root < 0 ? null : relative(roots[root].path, f.path!).split(sep).join('/'),
    };
  });
}

