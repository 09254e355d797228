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

/** The targets of an analysis' functions, same order (the facts' indices), without their costs and call edges. */
export function functionTargets(functions: readonly FunctionTarget[]): FunctionTarget[] {
  return functions.map(({ name, profileFile, path, class: cls, firstLine }) => ({ name, profileFile, path, class: cls, firstLine }));
}
