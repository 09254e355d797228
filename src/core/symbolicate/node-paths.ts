// Node.js file names that are not the workspace's own code: built-in modules (node:events, node:internal/...)
// and packages under node_modules.

import type { ProfilePath } from './profile-path';
import type { FrameClass, ResolutionStep } from './types';

export interface NodePathVerdict {
  class: FrameClass;
  via: ResolutionStep;
  reason: string;
  dependency?: { name: string };
  /** Index of the node_modules segment (for finding an installed copy in the workspace). */
  packageStart?: number;
}

export function classifyNodePath(path: ProfilePath): NodePathVerdict | undefined {
  if (path.scheme === 'node') return { class: 'runtime', via: 'node-internal', reason: `Node.js built-in ${path.raw.trim()}` };
  const s = path.segments;
  const at = s.lastIndexOf('node_modules');
  if (at >= 0 && at < s.length - 1) {
    const name = s[at + 1].startsWith('@') && at + 2 < s.length ? `${s[at + 1]}/${s[at + 2]}` : s[at + 1];
    return { class: 'dependency', via: 'node-modules', reason: `npm package ${name}`, dependency: { name }, packageStart: at };
  }
  return undefined;
}
