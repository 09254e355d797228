// Reads what the workspace itself says about its layout before any frame is resolved: Go modules (go.mod,
// go.work) and .pyroscope.yaml source mappings, wherever they sit in the tree.

import { discoverGoModules, parentDir, type GoModule } from './go-modules';
import { parsePyroscopeConfig, pyroscopeConfigFileName, type PyroscopeMappings } from './pyroscope-config';
import type { ReadWorkspaceText } from './types';
import type { WorkspaceIndex } from './workspace-index';

export interface WorkspaceConfig {
  goModules: GoModule[];
  pyroscope: PyroscopeMappings;
  warnings: string[];
}

export async function readWorkspaceConfig(index: WorkspaceIndex, readText: ReadWorkspaceText): Promise<WorkspaceConfig> {
  const go = await discoverGoModules(index, readText);
  const pyroscope: PyroscopeMappings = { pathRules: [], functionRules: [], warnings: [] };
  const warnings = [...go.warnings];
  // Shallow files first: a service's own file comes before one in a nested folder only by accident of order,
  // so sort to keep rule priority stable across machines.
  const configs = index.filesNamed(pyroscopeConfigFileName).sort((a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1));
  for (const file of configs) {
    const text = await readText(file);
    if (text === undefined) continue;
    const parsed = parsePyroscopeConfig(text, file.root, parentDir(file.path), file.path);
    if ('error' in parsed) {
      warnings.push(parsed.error);
      continue;
    }
    pyroscope.pathRules.push(...parsed.pathRules);
    pyroscope.functionRules.push(...parsed.functionRules);
    warnings.push(...parsed.warnings);
  }
  return { goModules: go.modules, pyroscope, warnings };
}
