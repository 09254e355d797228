// What the host tells the profile worker about each function of the loaded profile: its class and, for app
// code, the workspace file (relative, for display) and first line. Pure, so the unit tests build the same facts.
import type { FunctionFact } from '../../shared/flamegraphProtocol';
import type { FunctionCost } from '../../shared/workspaceProfile';

/** What a flame graph panel keeps of an analysed function: enough to open its source and to build the facts again. */
export type FunctionTarget = Pick<FunctionCost, 'name' | 'profileFile' | 'path' | 'class' | 'firstLine'>;

export function functionFacts(profile: { readonly functions: readonly FunctionTarget[] }, relativePath: (absolute: string) => string): FunctionFact[] {
  return profile.functions.map((f) => ({
    name: f.name,
    profileFile: f.profileFile,
    class: f.class,
    location: f.path ? relativePath(f.path) : undefined,
    firstLine: f.firstLine,
  }));
}

/** By the analysis' function index: the functions a click in the graph may open (openFunctionSource). */
export type OpenableFunctions = ReadonlyMap<number, FunctionTarget>;

/**
 * The app functions with a workspace file, by their index in the analysis (the facts' indices): what a panel keeps
 * of an analysis — not a copy of every function (10^4–10^5 objects per panel on a big profile).
 */
export function openableFunctions(functions: readonly FunctionTarget[]): OpenableFunctions {
  const openable = new Map<number, FunctionTarget>();
  functions.forEach(({ name, profileFile, path, class: cls, firstLine }, i) => {
    if (path && cls === 'app') openable.set(i, { name, profileFile, path, class: cls, firstLine });
  });
  return openable;
}
