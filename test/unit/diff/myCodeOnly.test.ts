// "My code only" in comparisons: `perflens diff` / `perflens check --preset app-only --root` compare the workspace's
// own functions, every run of runtime or dependency frames folded into one frame of its kind on both sides (as the
// editor's "My Code Only" folds them), on the real Go CPU profiles of two builds of the checkout fixture.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCheck } from '../../../src/cli/commands/check';
import { runDiff, type DiffJsonRow } from '../../../src/cli/commands/diff';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import { buildReleaseDiffView } from '../../../src/core/workspace/buildReleaseDiffView';
import { captureOutput } from '../cli/helpers/runCliInProcess';

const fixtures = join(__dirname, '../../fixtures/diff');
const sides = ['--base', join(fixtures, 'v1-a.pb.gz'), '--head', join(fixtures, 'v2.pb.gz')];
const root = join(fixtures, 'checkout');

const diffRows = async (args: string[]) => {
  const r = await captureOutput((io) => runDiff([...sides, ...args, '--json'], io, {}));
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { functions: DiffJsonRow[] }).functions;
};

describe('perflens diff / check with "my code only" (--preset app-only)', () => {
  it('compares the workspace\'s functions, runtime and dependency runs folded into one frame of their kind', async () => {
    const all = await diffRows(['--root', root]);
    const mine = await diffRows(['--root', root, '--preset', 'app-only']);
    assert.ok(all.some((r) => r.function.startsWith('runtime.')), 'without the preset the runtime\'s functions are compared');
    const names = mine.map((r) => r.function);
    assert.ok(!names.some((n) => /^(runtime|strings|strconv|crypto|fmt|sync)\./.test(n)), `no runtime or library function: ${names.join(', ')}`);
    assert.ok(names.includes('[runtime]'), `the runtime's runs are one frame: ${names.join(', ')}`);
    // The workspace's functions keep their figures: their cost, what they call included, is the same.
    const app = all.filter((r) => r.function.startsWith('main.'));
    assert.ok(app.length >= 5);
    for (const r of app) {
      const m = mine.find((x) => x.function === r.function);
      assert.ok(m, `${r.function} is compared`);
      assert.deepEqual([m.base, m.head, m.file], [r.base, r.head, r.file], r.function);
    }
    // Shares are of the same totals: the planted regression still tops the list.
    assert.equal(mine[0].function, 'main.applyTax');
  });

  it('perflens check gates on the same rows', async () => {
    const r = await captureOutput((io) => runCheck([...sides, '--root', root, '--preset', 'app-only', '--max-regression', '5'], io, {}));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /main\.applyTax/);
    assert.doesNotMatch(r.stdout, /runtime\.\w/);
  });

  it('says that my code only needs the workspace when --root is missing', async () => {
    for (const [run, own] of [[runDiff, []], [runCheck, ['--max-regression', '5']]] as const) {
      const r = await captureOutput((io) => run([...sides, '--preset', 'app-only', ...own], io, {}));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--preset app-only \(my code only\) needs --root DIR: the workspace says which code is yours/);
    }
  });

  it('says a mistyped filter before mapping the workspace (a mapping walks the folder and may run git)', async () => {
    // A workspace whose mapping warns (a broken .pyroscope.yaml): the warning shows that the mapping ran.
    const workspace = mkdtempSync(join(tmpdir(), 'perflens-mistyped-'));
    try {
      writeFileSync(join(workspace, '.pyroscope.yaml'), 'source_code:\n  mappings: [\n');
      const ok = await captureOutput((io) => runDiff([...sides, '--root', workspace], io, {}));
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /warning: \.pyroscope\.yaml/);
      for (const own of [[], ['--preset', 'app-only']]) {
        const r = await captureOutput((io) => runDiff([...sides, '--root', workspace, '--labels', '{endpiont="/checkout"}', ...own], io, {}));
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^perflens diff: the base side: no sample matches \{endpiont="\/checkout"\}$/m);
        assert.doesNotMatch(r.stderr, /warning/, `refused before the mapping: ${r.stderr}`);
      }
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('the editor\'s comparison with "my code only" on and no workspace folder open', () => {
  it('compares every frame and says that my code only was not applied', async () => {
    const frames = { presets: ['app-only'] };
    const view = await buildReleaseDiffView({
      base: { label: 'v1', sources: [sides[1]], query: { frames } }, head: { label: 'v2', sources: [sides[3]], query: { frames } },
      roots: [], pathMappings: [], allowGit: false, limits: DEFAULT_PROFILE_LIMITS,
    });
    assert.equal(view.appOnlyLeftOut, true);
    const names = view.functions.map((f) => f.function);
    assert.ok(names.some((n) => n.startsWith('runtime.')) && !names.includes('[runtime]'), `every frame is compared: ${names.join(', ')}`);
    assert.equal(names[0], 'main.applyTax');
  });
});
