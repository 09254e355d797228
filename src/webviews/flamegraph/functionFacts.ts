// What the host tells the profile worker about each function of the loaded profile: its class and, for app
// code, the workspace file (relative, for display) and first line. Pure, so the unit tests build the same facts.
import type { FunctionFact } from '../../shared/flamegraphProtocol';
import type { WorkspaceProfile } from '../../shared/workspaceProfile';

export function functionFacts(profile: WorkspaceProfile, relativePath: (absolute: string) => string): FunctionFact[] {
  return profile.functions.map((f) => ({
    name: f.name,
    profileFile: f.profileFile,
    class: f.class,
    location: f.path ? relativePath(f.path) : undefined,
    firstLine: f.firstLine,
  }));
}
