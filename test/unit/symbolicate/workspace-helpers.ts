// Test helpers: real temporary workspaces on disk, indexed the way the CLI indexes them.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileSystemReader } from '../../../src/core/symbolicate/fs-workspace';
import { PathResolver, type PathResolverOptions } from '../../../src/core/symbolicate/path-resolver';
import type { ReadWorkspaceText } from '../../../src/core/symbolicate/types';
import { walkWorkspace } from '../../../src/core/symbolicate/walk';
import { readWorkspaceConfig, type WorkspaceConfig } from '../../../src/core/symbolicate/workspace-config';
import { WorkspaceIndex } from '../../../src/core/symbolicate/workspace-index';
import { fixturesDir } from '../fixtures/read-fixture';

export function makeTempDir(prefix: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), `perflens-${prefix}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (relative path → content) under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

/**
 * A copy of a folder of test/fixtures, made before the enclosing describe's tests and removed after them: `root`
 * is `<temp>/<name>` (the name a profile path may end in).
 */
export function fixtureCopy(fixture: string, name: string): { readonly root: string } {
  let temp: { dir: string; dispose(): void } | undefined;
  const copy = { root: '' };
  before(() => {
    temp = makeTempDir(`${name}-fixture`);
    copy.root = join(temp.dir, name);
    copyTree(join(fixturesDir, fixture), copy.root);
  });
  after(() => temp?.dispose());
  return copy;
}

export interface DiskWorkspace {
  index: WorkspaceIndex;
  readText: ReadWorkspaceText;
  config: WorkspaceConfig;
  resolver(extra?: Partial<PathResolverOptions>): PathResolver;
}

/** Indexes a folder on disk as a one-root workspace, reading go.mod and .pyroscope.yaml like the CLI does. */
export async function openDiskWorkspace(root: string): Promise<DiskWorkspace> {
  const walked = await walkWorkspace(root);
  const index = new WorkspaceIndex([{ name: basename(root), files: walked.files }]);
  const readText = await fileSystemReader([root]);
  const config = await readWorkspaceConfig(index, readText);
  return {
    index,
    readText,
    config,
    resolver: (extra = {}) =>
      new PathResolver({ index, roots: [{ name: basename(root), location: root }], goModules: config.goModules, pyroscope: config.pyroscope, ...extra }),
  };
}

/** An in-memory index for resolver tests that need no file contents. */
export function memoryIndex(files: string[], rootName = 'ws'): WorkspaceIndex {
  return new WorkspaceIndex([{ name: rootName, files }]);
}
