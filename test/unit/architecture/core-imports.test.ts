import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error -- plain ESM script shared with `npm run lint`
import { findCoreEscapes, findImportCycles, findRuntimeCode, findVSCodeImports } from '../../../scripts/check-core-imports.mjs';

const repo = resolve(__dirname, '../../..');

/** A throw-away tree of source files: { 'a/b.ts': 'text' }. */
function tree(files: Record<string, string>): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-arch-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('architecture: the seams of src/', () => {
  it('src/core imports neither vscode nor the extension\'s code, src/shared holds types only, and src/ has no import cycle', () => {
    assert.deepEqual(findVSCodeImports(join(repo, 'src/core')), []);
    assert.deepEqual(findCoreEscapes(join(repo, 'src/core'), repo), []);
    assert.deepEqual(findRuntimeCode(join(repo, 'src/shared')), []);
    assert.deepEqual(findImportCycles(join(repo, 'src'), repo), []);
  });

  it('the check catches each way of importing vscode', () => {
    const t = tree({
      'a.ts': "import * as vscode from 'vscode';\n",
      'nested/b.ts': "const v = require(\"vscode\");\n",
      'c.ts': "export const x = await import('vscode');\n",
      'ok.ts': "import { x } from './vscode-like';\n// import * as vscode from 'vscode' in a comment\n",
    });
    try {
      assert.deepEqual(findVSCodeImports(t.dir).sort(), ['a.ts', 'c.ts', join('nested', 'b.ts')].sort());
    } finally {
      t.done();
    }
  });

  it('the check catches a core file importing the extension\'s code, type-only imports and re-exports included', () => {
    const t = tree({
      'src/core/a.ts': "import type { X } from '../shared/types';\nexport type { Y } from '../editor/y';\nimport { z } from './z';\n",
      'src/core/z.ts': 'export const z = 1;\n',
      'src/shared/types.ts': "import type { Z } from '../core/z';\nexport type X = Z;\n",
      'src/editor/y.ts': 'export type Y = number;\n',
    });
    try {
      assert.deepEqual(findCoreEscapes(join(t.dir, 'src/core'), t.dir).sort(), [
        `${join('src/core/a.ts')} -> ${join('src/editor/y.ts')}`,
        `${join('src/core/a.ts')} -> ${join('src/shared/types.ts')}`,
      ]);
    } finally {
      t.done();
    }
  });

  it('the check catches code in a types-only folder, and lets types, interfaces and type re-exports through', () => {
    const t = tree({
      'types.ts': "import type { A } from './a';\nexport type { B } from './b';\nexport interface C { readonly a: A }\nexport type D = 'x' | 'y';\n// export const inComment = 1;\n",
      'constant.ts': "export const KIND = 'x';\n",
      'fn.ts': 'export function f(): number { return 1; }\n',
      'valueImport.ts': "import { helper } from './helper';\nexport type H = ReturnType<typeof helper>;\n",
      'reexport.ts': "export { helper } from './helper';\n",
      'sideEffect.ts': "import './setup';\n",
      'enum.ts': 'export enum E { A }\n',
    });
    try {
      assert.deepEqual(findRuntimeCode(t.dir).sort(), ['constant.ts', 'enum.ts', 'fn.ts', 'reexport.ts', 'sideEffect.ts', 'valueImport.ts']);
    } finally {
      t.done();
    }
  });

  it('the check finds import cycles and names their files in order', () => {
    const t = tree({
      'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/b.ts': "import type { C } from './sub/c';\nexport const b = 1;\n",
      'src/sub/c.ts': "import { a } from '../a';\nexport type C = typeof a;\n",
      'src/d.ts': "import { a } from './a';\n// import { d } from './d';\n",
      'src/self.ts': "export * from './self';\n",
    });
    try {
      const cycles = findImportCycles(join(t.dir, 'src'), t.dir).map((c: string[]) => c.join(' -> ')).sort();
      assert.deepEqual(cycles, [
        [join('src/a.ts'), join('src/b.ts'), join('src/sub/c.ts'), join('src/a.ts')].join(' -> '),
        [join('src/self.ts'), join('src/self.ts')].join(' -> '),
      ]);
    } finally {
      t.done();
    }
  });
});
