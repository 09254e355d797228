// Which service a workspace folder is, from its files.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectWorkspaceService } from '../../../src/sources/workspace-service';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const files = (map: Record<string, string>) => (p: string) => map[p];

describe('workspace service detection', () => {
  it('prefers the setting', () => {
    assert.deepEqual(detectWorkspaceService(files({ 'go.mod': 'module x/y\n' }), ' billing '), { name: 'billing', alternatives: [], from: 'setting' });
  });

  it('reads go.mod (the real fixture module too), skipping a major-version suffix', () => {
    const shopMod = readFileSync(resolve(__dirname, '../../fixtures/go/shop/go.mod'), 'utf8');
    assert.deepEqual(detectWorkspaceService(files({ 'go.mod': shopMod })), { name: 'shop', alternatives: ['example.com/shop'], from: 'go.mod' });
    assert.deepEqual(detectWorkspaceService(files({ 'go.mod': '// comment\nmodule "github.com/acme/checkout/v2" // trailing\n\ngo 1.22\n' })),
      { name: 'checkout', alternatives: ['github.com/acme/checkout/v2'], from: 'go.mod' });
    assert.deepEqual(detectWorkspaceService(files({ 'go.mod': 'module tool\n' })), { name: 'tool', alternatives: [], from: 'go.mod' });
  });

  it('reads package.json and pyproject.toml', () => {
    assert.deepEqual(detectWorkspaceService(files({ 'package.json': '{"name": "@acme/cart-api", "version": "1.0.0"}' })), { name: 'cart-api', alternatives: ['@acme/cart-api'], from: 'package.json' });
    assert.deepEqual(detectWorkspaceService(files({ 'pyproject.toml': '[build-system]\nname = "not-this"\n\n[project]\nname = "order_service"  # the service\nversion = "1"\n' })),
      { name: 'order_service', alternatives: ['order-service'], from: 'pyproject.toml' });
    assert.deepEqual(detectWorkspaceService(files({ 'pyproject.toml': "[tool.poetry]\nname = 'legacy'\n" })), { name: 'legacy', alternatives: [], from: 'pyproject.toml' });
  });

  it('gives up (undefined) when nothing names the service, or the files are broken', () => {
    assert.equal(detectWorkspaceService(files({})), undefined);
    assert.equal(detectWorkspaceService(files({ 'package.json': '{not json', 'go.mod': 'go 1.21\n' })), undefined);
  });
});
