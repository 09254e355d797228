import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileSystemReader } from '../../../src/core/symbolicate/fs-workspace';
import { PathResolver } from '../../../src/core/symbolicate/path-resolver';
import { walkWorkspace } from '../../../src/core/symbolicate/walk';
import { WorkspaceIndex } from '../../../src/core/symbolicate/workspace-index';
import { makeTempDir, writeTree } from './workspace-helpers';

describe('workspace walker', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let root: string;
  before(() => {
    temp = makeTempDir('walk');
    root = join(temp.dir, 'ws');
    writeTree(temp.dir, {
      'ws/src/a.ts': 'a',
      'ws/src/lib/b.ts': 'b',
      'ws/node_modules/dep/index.js': 'dep',
      'ws/.git/HEAD': 'ref',
      'secret/key.pem': 'secret',
      'secret/sub/creds.json': '{}',
    });
    symlinkSync(join(root, 'src/lib'), join(root, 'lib-link')); // inside: followed
    symlinkSync(join(root, 'src/a.ts'), join(root, 'a-link.ts'));
    symlinkSync(join(temp.dir, 'secret'), join(root, 'escape-dir')); // outside: skipped
    symlinkSync(join(temp.dir, 'secret/key.pem'), join(root, 'src/key.pem'));
    symlinkSync(root, join(root, 'src/loop')); // a cycle back to the root
    symlinkSync(join(temp.dir, 'missing'), join(root, 'dangling'));
    mkdirSync(join(root, 'empty'));
  });
  after(() => temp.dispose());

  it('lists workspace files, skipping node_modules, .git and symlinks that leave the root', async () => {
    const result = await walkWorkspace(root);
    assert.deepEqual(result.files, ['a-link.ts', 'lib-link/b.ts', 'src/a.ts', 'src/lib/b.ts']);
    const skipped = result.skipped.map((s) => s.path).sort();
    assert.deepEqual(skipped, ['dangling', 'escape-dir', 'src/key.pem']);
    assert.equal(result.truncated, false);
  });

  it('stops at the file limit and says so', async () => {
    const result = await walkWorkspace(root, { maxFiles: 2 });
    assert.equal(result.files.length, 2);
    assert.equal(result.truncated, true);
  });

  it('a profile path naming the escaped file maps to nothing, and the reader refuses to follow the link', async () => {
    const { files } = await walkWorkspace(root);
    const index = new WorkspaceIndex([{ name: 'ws', files }]);
    const resolver = new PathResolver({ index });
    assert.equal(resolver.resolve('/prod/app/src/key.pem').class, 'unknown');
    assert.equal(resolver.resolve('/prod/app/escape-dir/sub/creds.json').class, 'unknown');
    const read = await fileSystemReader([root]);
    assert.equal(await read({ root: 0, path: 'src/key.pem' }), undefined);
    assert.equal(await read({ root: 0, path: '../secret/key.pem' }), undefined);
    assert.equal(await read({ root: 0, path: 'src/a.ts' }), 'a');
  });
});
