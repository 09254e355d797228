// Python file names that are not the workspace's own code: the standard library (lib/python3.X/...) and installed
// packages (site-packages, dist-packages).

import type { ProfilePath } from './profile-path';
import type { FrameClass, ResolutionStep } from './types';

export interface PythonPathVerdict {
  class: FrameClass;
  via: ResolutionStep;
  reason: string;
  dependency?: { name: string };
  packageStart?: number;
}

export function isPythonSource(path: ProfilePath): boolean {
  const last = path.segments[path.segments.length - 1] ?? '';
  return /\.pyx?$/.test(last) || (path.style === 'special' && /^<frozen /.test(path.raw.trim()));
}

export function classifyPythonPath(path: ProfilePath): PythonPathVerdict | undefined {
  if (path.style === 'special') return { class: 'runtime', via: 'python-stdlib', reason: `Python internal ${path.raw.trim()}` };
  const s = path.segments;
  const site = s.findIndex((seg) => seg === 'site-packages' || seg === 'dist-packages');
  if (site >= 0 && site < s.length - 1) {
    const name = s[site + 1].replace(/\.py$/, '');
    return { class: 'dependency', via: 'python-site-packages', reason: `Python package ${name}`, dependency: { name }, packageStart: site };
  }
  const stdlib = s.findIndex((seg) => /^python\d(\.\d+)?$/i.test(seg));
  if (stdlib >= 0 && stdlib < s.length - 1 && (stdlib === 0 || /^lib(64)?$/i.test(s[stdlib - 1]))) {
    return { class: 'runtime', via: 'python-stdlib', reason: 'Python standard library' };
  }
  return undefined;
}
