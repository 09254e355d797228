// Reads the source mappings teams already keep for Grafana Pyroscope's source-code integration, so the same file
// drives the editor. Schema (grafana/pyroscope pkg/frontend/vcs/config):
//
//   source_code:
//     mappings:
//       - language: go | java (Pyroscope validates these two; we accept any)
//         path: [{prefix: /app/src}]                 # profile file path prefixes (OR)
//         function_name: [{prefix: org/example/app}] # or function name prefixes (JVM profiles have no file names)
//         source:
//           local: {path: src}                       # relative to the folder holding .pyroscope.yaml
//           # github: {owner, repo, ref, path}       -- not a local file: reported, not used
//
// The longest matching prefix wins; it is cut off and the rest is appended to the local path.

import { parseProfilePath, splitSegments } from './profile-path';
import type { PathRule, RuleTarget } from './path-rules';
import { parse as parseYaml } from 'yaml';

type YamlValue = null | string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

export const pyroscopeConfigFileName = '.pyroscope.yaml';

export interface FunctionPrefixRule {
  label: string;
  /** Slash-separated prefix of a class/function path ("org/example/app"). */
  prefix: string;
  target: RuleTarget;
}

export interface PyroscopeMappings {
  pathRules: PathRule[];
  functionRules: FunctionPrefixRule[];
  /** Mappings that were skipped (GitHub sources, invalid entries), in words. */
  warnings: string[];
}

/**
 * @param text the file's content
 * @param root workspace root index holding the file
 * @param configDir forward-slash folder of the file relative to that root ('' at the root)
 * @param fileLabel how to name the file in messages
 */
export function parsePyroscopeConfig(text: string, root: number, configDir: string, fileLabel = pyroscopeConfigFileName): PyroscopeMappings | { error: string } {
  let doc: YamlValue;
  try {
    // The file comes from the (possibly untrusted) repository: no custom tags, few aliases (billion laughs).
    doc = parseYaml(text, { uniqueKeys: true, maxAliasCount: 50, schema: 'core', prettyErrors: true }) as YamlValue;
  } catch (e) {
    return { error: `${fileLabel}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const result: PyroscopeMappings = { pathRules: [], functionRules: [], warnings: [] };
  const mappings = field(field(doc, 'source_code'), 'mappings');
  if (mappings === undefined || mappings === null) return result;
  if (!Array.isArray(mappings)) return { error: `${fileLabel}: source_code.mappings must be a list` };

  mappings.forEach((mapping, i) => {
    const where = `${fileLabel}: mapping[${i}]`;
    const source = field(mapping, 'source');
    const local = field(source, 'local');
    if (field(source, 'github') !== undefined && local === undefined) {
      result.warnings.push(`${where}: GitHub source is not a workspace file; ignored`);
      return;
    }
    const localPath = field(local, 'path');
    if (local === undefined || (localPath !== undefined && localPath !== null && typeof localPath !== 'string')) {
      result.warnings.push(`${where}: needs source.local.path; ignored`);
      return;
    }
    const joined = splitSegments(`${configDir}/${localPath ?? ''}`);
    if (joined.escapes) {
      result.warnings.push(`${where}: local path "${localPath}" leaves the workspace; ignored`);
      return;
    }
    const target: RuleTarget = { root, dir: joined.segments.join('/') };
    const paths = prefixes(field(mapping, 'path'));
    const functions = prefixes(field(mapping, 'function_name'));
    if (paths.length === 0 && functions.length === 0) {
      result.warnings.push(`${where}: needs at least one path or function_name prefix; ignored`);
      return;
    }
    for (const prefix of paths) {
      const from = parseProfilePath(prefix);
      if (from.style === 'empty' || from.escapes) continue;
      result.pathRules.push({ label: `${fileLabel}: ${prefix} → ${target.dir || '.'}`, from, target });
    }
    for (const prefix of functions) {
      result.functionRules.push({ label: `${fileLabel}: ${prefix} → ${target.dir || '.'}`, prefix: prefix.includes('/') ? prefix : prefix.replace(/\./g, '/'), target });
    }
  });
  return result;
}

function field(value: YamlValue | undefined, name: string): YamlValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
}

function prefixes(list: YamlValue | undefined): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => field(entry, 'prefix')).filter((p): p is string => typeof p === 'string' && p !== '');
}
