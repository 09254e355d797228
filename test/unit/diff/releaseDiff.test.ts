// `perflens diff` / `perflens check` on real CPU profiles of two builds of test/fixtures/diff/checkout: v2 makes
// applyTax four times slower (see test/fixtures/diff/generate). v1-a and v1-b are two runs of the same v1 build.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES_DIR } from '../core/helpers/fixtures';
import { runCliCaptured } from '../cli/helpers/runCliInProcess';
import { findMarker } from '../fixtures/read-fixture';
import type { DiffJsonRow } from '../../../src/cli/commands/diff';

const dir = join(FIXTURES_DIR, 'diff');
const program = join(dir, 'checkout');
const v1a = join(dir, 'v1-a.pb.gz');
const v1b = join(dir, 'v1-b.pb.gz');
const v2 = join(dir, 'v2.pb.gz');
const hot = findMarker(program, 'HOT:diff tax-series');
const JSON_KEYS = ['function', 'file', 'line', 'base', 'head', 'baseShare', 'headShare', 'baseSelfShare', 'headSelfShare', 'delta', 'significant', 'absolute'];


async function diffJson(args: string[]) {
  const r = await runCliCaptured(['diff', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { type: string; unit: string; baseTotal: number; headTotal: number; absolutePer: string; functions: DiffJsonRow[] };
}

describe('perflens diff: a regression planted in one function', () => {
  it('ranks the slowed function first, significant, with its hot line as profiled', async () => {
    const d = await diffJson(['--base', v1a, '--head', v2]);
    assert.deepEqual(Object.keys(d), ['type', 'unit', 'baseTotal', 'headTotal', 'absolutePer', 'base', 'head', 'functions']);
    assert.equal(d.type, 'cpu');
    assert.equal(d.unit, 'nanoseconds');
    for (const row of d.functions) assert.deepEqual(Object.keys(row), JSON_KEYS);
    const top = d.functions[0];
    assert.equal(top.function, 'main.applyTax');
    assert.equal(top.significant, true);
    assert.ok(top.file.endsWith('/checkout/tax.go'), top.file);
    assert.equal(top.line, hot.line);
    assert.ok(top.delta > 0.1, `applyTax's share should rise by >10 points, rose by ${top.delta}`);
    // Its cost per second of profiled time rose too, beyond noise: four times slower, it more than doubled.
    assert.equal(d.absolutePer, 'second');
    assert.ok(top.absolute.significant && top.absolute.head > 2 * top.absolute.base, JSON.stringify(top.absolute));
  });

  it('computes shares of each side\'s own total and sorts by their change', async () => {
    const d = await diffJson(['--base', v1a, '--head', v2]);
    for (const r of d.functions) {
      assert.ok(Math.abs(r.baseShare - r.base / d.baseTotal) < 1e-12);
      assert.ok(Math.abs(r.headShare - r.head / d.headTotal) < 1e-12);
      assert.ok(Math.abs(r.delta - (r.headShare - r.baseShare)) < 1e-12);
      assert.ok(r.baseSelfShare <= r.baseShare + 1e-12 && r.headSelfShare <= r.headShare + 1e-12);
    }
    for (let i = 1; i < d.functions.length; i++) assert.ok(d.functions[i - 1].delta >= d.functions[i].delta);
    // The unchanged callers of applyTax rise too (their callee got slower) and rank right after it.
    const names = d.functions.slice(0, 3).map((r) => r.function);
    assert.deepEqual(names.slice(1).sort(), ['main.handleOrder', 'main.priceOrder']);
    // The rest of the program's share fell: at least one significant improvement.
    assert.ok(d.functions.some((r) => r.significant && r.delta < 0 && r.function === 'main.receiptDigest'));
  });

  it('with --root, names the workspace file and the hot line in today\'s text', async () => {
    const d = await diffJson(['--base', v1a, '--head', v2, '--root', program]);
    const top = d.functions[0];
    assert.equal(top.function, 'main.applyTax');
    assert.equal(top.file, hot.file);
    assert.equal(top.line, hot.line);
    // Standard-library functions do not map into the workspace: their profile file is kept.
    const block = d.functions.find((r) => r.function === 'crypto/sha256.block')!;
    assert.match(block.file, /crypto\/sha256\//);
  });

  it('merges several profiles per side', async () => {
    const d = await diffJson(['--base', v1a, v1b, '--head', v2]);
    assert.equal(d.functions[0].function, 'main.applyTax');
    assert.equal(d.functions[0].significant, true);
  });

  it('prints a readable table of regressions and improvements with the hot line', async () => {
    const r = await runCliCaptured(['diff', '--base', v1a, '--head', v2, '--root', program]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const regressions = lines.findIndex((l) => l.startsWith('Regressions'));
    const improvements = lines.findIndex((l) => l.startsWith('Improvements'));
    assert.ok(regressions > 0 && improvements > regressions);
    assert.match(lines[regressions + 2], /^\s+\+\d+\.\d\dpp\s.*main\.applyTax$/);
    assert.ok(lines[regressions + 3].includes(`hot line ${hot.file}:${hot.line}`));
    assert.ok(lines[regressions + 3].includes(hot.text.trim()));
  });
});

describe('perflens diff: the same build on both sides', () => {
  for (const [a, b] of [[v1a, v1b], [v1b, v1a]]) {
    it(`flags nothing (${a.slice(-9)} → ${b.slice(-9)})`, async () => {
      const d = await diffJson(['--base', a, '--head', b]);
      assert.deepEqual(d.functions.filter((r) => r.significant).map((r) => r.function), []);
      // Shares still differ a little between runs: they are shown, only not flagged.
      assert.ok(d.functions.some((r) => r.delta !== 0));
    });
  }
});

describe('perflens check', () => {
  it('fails the regressed build and lists the offenders', async () => {
    const r = await runCliCaptured(['check', '--base', v1a, '--head', v2, '--max-regression', '5']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /FAIL: \d+ functions? rose by more than 5 percentage points/);
    assert.match(r.stdout, /main\.applyTax/);
  });

  it('passes the same build, and a regression below the limit', async () => {
    const same = await runCliCaptured(['check', '--base', v1a, '--head', v1b, '--max-regression', '1']);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /^PASS/m);
    const d = await diffJson(['--base', v1a, '--head', v2]);
    const above = Math.ceil(d.functions[0].delta * 100) + 1;
    const lenient = await runCliCaptured(['check', '--base', v1a, '--head', v2, '--max-regression', String(above)]);
    assert.equal(lenient.code, 0, lenient.stdout);
  });

  it('--json gives the verdict and the offenders', async () => {
    const r = await runCliCaptured(['check', '--base', v1a, '--head', v2, '--max-regression', '5', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { passed: boolean; maxRegression: number; offenders: DiffJsonRow[] };
    assert.equal(out.passed, false);
    assert.equal(out.maxRegression, 5);
    assert.equal(out.offenders[0].function, 'main.applyTax');
    assert.ok(out.offenders.every((o) => o.significant && o.delta > 0.05));
  });
});

describe('perflens diff / check: bad input', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'perflens-diff-'));
  const notProfile = join(tmp, 'notes.txt');
  writeFileSync(notProfile, 'this is not a profile\n');
  const cases: [string, string[], RegExp][] = [
    ['a missing file', ['diff', '--base', join(tmp, 'missing.pb.gz'), '--head', v2], /missing\.pb\.gz: no such file/],
    ['a file that is not a profile', ['check', '--base', v1a, '--head', notProfile, '--max-regression', '1'], /notes\.txt: /],
    ['profiles of different types', ['diff', '--base', v1a, '--head', join(FIXTURES_DIR, 'go/heap.pb.gz')], /heap\.pb\.gz: no sample type 'cpu'/],
  ];
  for (const [what, args, message] of cases) {
    it(`exits 2 with one line naming the file: ${what}`, async () => {
      const r = await runCliCaptured(args);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('exits 2 on usage errors: no head, no limit, a bad limit', async () => {
    for (const args of [['diff', '--base', v1a], ['check', '--base', v1a, '--head', v2], ['check', '--base', v1a, '--head', v2, '--max-regression', 'lots']]) {
      const r = await runCliCaptured(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^perflens (diff|check): /);
    }
  });

  it('documents every option in --help', async () => {
    const diff = await runCliCaptured(['diff', '--help']);
    for (const o of ['--base', '--head', '--root', '--type', '--json']) assert.ok(diff.stdout.includes(o), o);
    const check = await runCliCaptured(['check', '--help']);
    for (const o of ['--base', '--head', '--max-regression', '--type']) assert.ok(check.stdout.includes(o), o);
  });
});
