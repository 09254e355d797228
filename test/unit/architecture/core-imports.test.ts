import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error -- plain ESM script shared with `npm run lint`
import { findVSCodeImports } from '../../../scripts/check-core-imports.mjs';

describe('architecture: src/core never imports vscode', () => {
  it('src/core has no vscode import', () => {
    assert.deepEqual(findVSCodeImports(resolve(__dirname, '../../../src/core')), []);
  });

  it('the check catches each way of importing vscode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-arch-'));
    try {
      mkdirSync(join(dir, 'nested'));
      writeFileSync(join(dir, 'a.ts'), "import * as vscode from 'vscode';\n");
      writeFileSync(join(dir, 'nested', 'b.ts'), "const v = require(\"vscode\");\n");
      writeFileSync(join(dir, 'c.ts'), "export const x = await import('vscode');\n");
      writeFileSync(join(dir, 'ok.ts'), "import { x } from './vscode-like';\n// mentions vscode in a comment\n");
      assert.deepEqual(findVSCodeImports(dir).sort(), ['a.ts', 'c.ts', join('nested', 'b.ts')].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
