// A workspace file is the user's code unless it sits in a folder of installed third-party code.

import type { FrameClass } from './types';

const dependencyFolders = new Set(['node_modules', 'vendor', 'site-packages', 'dist-packages', '.venv', 'venv', 'bower_components', 'third_party']);

export function isDependencyPath(segments: readonly string[]): boolean {
  for (let i = 0; i < segments.length - 1; i++) if (dependencyFolders.has(segments[i])) return true;
  return false;
}

const dependencyFolderInPath = /(^|\/)(node_modules|vendor|site-packages|dist-packages|\.venv|venv|bower_components|third_party)\//;

export function classOfWorkspacePath(path: string): FrameClass {
  return dependencyFolderInPath.test(path) ? 'dependency' : 'app';
}
