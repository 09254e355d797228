import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './workbench';

describe('the packaged .vsix', () => {
  const vsix = join(repoRoot, 'perflens.vsix');

  it('is under 2 MB and ships dist/ and media/ but no sources, tests, fixtures or node_modules', () => {
    assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `${vsix} is ${statSync(vsix).size} bytes`);
    // A .vsix is a zip whose payload sits under extension/; list the real artifact, not what vsce would pack.
    const listing = execFileSync('python3', ['-m', 'zipfile', '-l', vsix], { encoding: 'utf8' }).split('\n')
      .map((l) => l.trim().split(/\s+/)[0]).filter((f) => f?.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    assert.ok(listing.includes('dist/extension.js'), 'dist/extension.js ships');
    assert.ok(listing.some((f) => f.startsWith('media/')), 'media/ ships');
    const forbidden = listing.filter((f) => /^(src|test|bench|scripts|node_modules|examples|out)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(forbidden, []);
  });
});
