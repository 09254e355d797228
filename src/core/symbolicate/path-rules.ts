// User path rules: "profile prefix → workspace folder", in the spirit of js-debug's sourceMapPathOverrides and
// vscode-go's substitutePath. A rule's target is always a folder inside a workspace root; anything else is refused
// when the rule is read, so a rule can never make a mapping leave the workspace.

import { parseProfilePath, splitSegments, type ProfilePath } from './profile-path';
import { PrefixTable, pathAnchor } from './prefix-table';

export interface PathRuleInput {
  /** Prefix of profile paths, e.g. "/app/", "C:\\build\\src", "file:///srv/app", "example.com/shop". */
  from: string;
  /** Workspace folder: "${workspaceFolder}/src", "${workspaceFolder:api}", "src", or an absolute path inside a root. */
  to: string;
}

export interface WorkspaceRootInfo {
  name: string;
  /** Absolute location on disk, when known; only needed to accept absolute rule targets. */
  location?: string;
}

export interface RuleTarget {
  root: number;
  /** Forward-slash folder relative to the root; '' is the root itself. */
  dir: string;
}

export interface PathRule {
  label: string;
  from: ProfilePath;
  target: RuleTarget;
}

export type RuleParseResult = { rule: PathRule } | { error: string };

export function parsePathRule(input: PathRuleInput, roots: readonly WorkspaceRootInfo[]): RuleParseResult {
  const label = `${input.from} → ${input.to}`;
  const fromText = input.from.replace(/\*+$/, ''); // "/app/*" means the same as "/app/"
  const from = parseProfilePath(fromText);
  if (from.style === 'empty') return { error: `path rule "${label}": the "from" prefix is empty` };
  if (from.escapes) return { error: `path rule "${label}": the "from" prefix must not contain '..'` };
  const target = parseRuleTarget(input.to, roots);
  if ('error' in target) return { error: `path rule "${label}": ${target.error}` };
  return { rule: { label, from, target } };
}

export function parseRuleTarget(to: string, roots: readonly WorkspaceRootInfo[]): RuleTarget | { error: string } {
  if (roots.length === 0) return { error: 'there is no workspace folder' };
  const variable = /^\$\{workspaceFolder(?::([^}]+))?\}/.exec(to);
  if (variable) {
    const root = variable[1] === undefined ? 0 : roots.findIndex((r) => r.name === variable[1]);
    if (root < 0) return { error: `no workspace folder named "${variable[1]}"` };
    return relativeTarget(root, to.slice(variable[0].length));
  }
  const parsed = parseProfilePath(to);
  if (parsed.style === 'posix' || parsed.style === 'windows' || parsed.style === 'unc') {
    for (let i = 0; i < roots.length; i++) {
      const location = roots[i].location;
      if (!location) continue;
      const rootPath = parseProfilePath(location);
      const rest = stripPrefix(parsed, rootPath);
      if (rest) return { root: i, dir: rest.join('/') };
    }
    return { error: `"${to}" is outside every workspace folder` };
  }
  if (parsed.style !== 'relative') return { error: `"${to}" is not a folder path` };
  return relativeTarget(0, to);
}

function relativeTarget(root: number, rest: string): RuleTarget | { error: string } {
  const { segments, escapes } = splitSegments(rest);
  if (escapes) return { error: `"${rest}" leaves the workspace folder` };
  return { root, dir: segments.join('/') };
}

/** Segments of `path` after `prefix`, or undefined when `prefix` is not a whole-segment prefix of it. */
export function stripPrefix(path: ProfilePath, prefix: ProfilePath): string[] | undefined {
  if (pathAnchor(path.style) !== pathAnchor(prefix.style)) return undefined;
  if (prefix.segments.length > path.segments.length) return undefined;
  const fold = path.caseInsensitive || prefix.caseInsensitive;
  for (let i = 0; i < prefix.segments.length; i++) {
    const a = path.segments[i];
    const b = prefix.segments[i];
    if (fold ? a.toLowerCase() !== b.toLowerCase() : a !== b) return undefined;
  }
  return path.segments.slice(prefix.segments.length);
}

/** Rules indexed by prefix; among rules with the same prefix the first one given wins. */
export function buildRuleTable(rules: readonly PathRule[]): PrefixTable<PathRule> {
  const table = new PrefixTable<PathRule>();
  for (const rule of rules) table.set(pathAnchor(rule.from.style), rule.from.segments, rule, rule.from.caseInsensitive);
  return table;
}

/** Parses "--map from=to" (the last '=' separates, so "from" may contain '='). */
export function parseMapArgument(text: string): PathRuleInput | undefined {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1) return undefined;
  return { from: text.slice(0, at), to: text.slice(at + 1) };
}

export function joinTarget(target: RuleTarget, rest: readonly string[]): string {
  if (target.dir === '') return rest.join('/');
  return rest.length === 0 ? target.dir : `${target.dir}/${rest.join('/')}`;
}
