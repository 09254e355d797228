import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error -- plain ESM script shared with `npm run lint`
import { hostBundleInputs, profileWorkIn } from '../../../scripts/check-host-bundle.mjs';

const repo = resolve(__dirname, '../../..');

describe('architecture: the extension host never decodes a profile', () => {
  it('the bundle the extension host runs holds no reader, decoder, gunzip, model or aggregator', async () => {
    const inputs = await hostBundleInputs(join(repo, 'src/extension.ts'));
    assert.ok(inputs.files.includes('src/editor/heat/heatController.ts'), 'the check reads the real host bundle');
    assert.deepEqual(profileWorkIn(inputs), []);
  });

  it('the check catches a host file that reaches the readers or zlib, however indirectly', async () => {
    const dir = mkdtempSync(join(repo, 'out-host-check-'));
    try {
      const entry = join(dir, 'entry.ts');
      const rel = (p: string) => relative(dir, join(repo, p)).split('\\').join('/');
      writeFileSync(entry, [
        // The in-process describer reaches readProfiles through two files.
        `import { describeHere } from '${rel('src/sources/describe-here')}';`,
        "import { gzipSync } from 'node:zlib';",
        'export const d = describeHere();',
        'export const z = gzipSync(new Uint8Array(1));',
      ].join('\n'));
      const found: string[] = profileWorkIn(await hostBundleInputs(entry));
      assert.ok(found.includes('src/core/readers/index.ts'), found.join(', '));
      assert.ok(found.includes('src/core/profile/decode.ts'), found.join(', '));
      assert.ok(found.some((f) => f.endsWith('entry.ts (zlib)')), found.join(', '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
