// `perflens lines` end to end, in-process: real fixture profiles, temp workspace copies, a real git history.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { linesCommand } from '../../../src/cli/commands/lines';
import { findMarker, fixturesDir, readFixture, total, valueIndex } from '../fixtures/read-fixture';
import { copyTree, makeTempDir } from './workspace-helpers';

interface LinesJson {
  type: string;
  unit: string;
  total: number;
  files: { path: string; lines: { line: number; flat: number; cum: number; changed: boolean }[] }[];
  coverage: { app: number; dependency: number; runtime: number; unmapped: number };
  unmapped: { path: string; cost: number; reason: string }[];
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await linesCommand(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

async function runJson(...argv: string[]): Promise<LinesJson> {
  const r = await run(...argv, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as LinesJson;
}

const fixture = (p: string) => join(fixturesDir, p);
const shopSource = fixture('go/shop');
let temp: ReturnType<typeof makeTempDir>;
before(() => {
  temp = makeTempDir('lines-cli');
});
after(() => temp.dispose());

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

describe('perflens lines', () => {
  it('--json: a -trimpath Go profile lands on the module files, hottest file first', async () => {
    const root = join(temp.dir, 'trimpath');
    copyTree(shopSource, root);
    const result = await runJson(fixture('go/cpu-trimpath.pb.gz'), '--root', root);
    const decoded = readFixture('go/cpu-trimpath.pb.gz');
    assert.equal(result.type, 'cpu');
    assert.equal(result.unit, 'nanoseconds');
    assert.equal(result.total, total(decoded, valueIndex(decoded, 'cpu/nanoseconds')));
    const fileFlat = result.files.map((f) => f.lines.reduce((s, l) => s + l.flat, 0));
    assert.deepEqual([...fileFlat].sort((a, b) => b - a), fileFlat, 'files sorted by total cost');
    const busy = findMarker(shopSource, 'HOT:cpu busy-loop');
    const file = result.files.find((f) => f.path === busy.file)!;
    const line = file.lines.find((l) => l.line === busy.line)!;
    const maxFlat = Math.max(...result.files.flatMap((f) => f.lines.map((l) => l.flat)));
    assert.equal(line.flat, maxFlat);
    assert.equal(line.changed, false);
    assert.ok(result.files.every((f) => !f.path.includes('\\') && !f.path.startsWith('/')));
    assert.equal(result.coverage.unmapped, 0);
    assert.ok(Math.abs(result.coverage.app + result.coverage.runtime + result.coverage.dependency - 1) < 1e-9);
    assert.deepEqual(result.unmapped, []);
  });

  it('--ref: lines follow the code to the current commit, and edited lines are flagged changed', async () => {
    const root = join(temp.dir, 'drifted');
    copyTree(shopSource, root);
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'deployed');
    const deployed = git(root, 'rev-parse', 'HEAD').trim();
    const prices = join(root, 'pricing/prices.go');
    const recursive = findMarker(shopSource, 'HOT:cpu recursive');
    const before = readFileSync(prices, 'utf8').split('\n');
    before[recursive.line - 1] = before[recursive.line - 1].replace('Fib(n-1) + Fib(n-2)', 'Fib(n-2) + Fib(n-1)');
    writeFileSync(prices, ['// Two new lines above everything', '// shift every line of this file.', ...before].join('\n'));
    git(root, 'commit', '-q', '-am', 'edit');

    const result = await runJson(fixture('go/cpu.pb.gz'), '--root', root, '--ref', deployed);
    const lines = result.files.find((f) => f.path === 'pricing/prices.go')!.lines;
    const now = readFileSync(prices, 'utf8').split('\n');
    const busyNow = now.findIndex((l) => l.includes('HOT:cpu busy-loop')) + 1;
    const recursiveNow = now.findIndex((l) => l.includes('HOT:cpu recursive')) + 1;
    const busy = lines.find((l) => l.line === busyNow);
    assert.ok(busy && busy.flat > 0 && !busy.changed, `busy-loop cost at its new line ${busyNow}`);
    const fib = lines.find((l) => l.line === recursiveNow);
    assert.ok(fib && fib.changed, 'the edited recursive line is flagged');
    assert.ok(lines.filter((l) => l.line !== recursiveNow).every((l) => !l.changed));
    // Without --ref the same profile shows the old numbers (busy-loop two lines higher).
    const plain = await runJson(fixture('go/cpu.pb.gz'), '--root', root);
    const plainLines = plain.files.find((f) => f.path === 'pricing/prices.go')!.lines;
    assert.equal(plainLines.find((l) => l.line === busyNow - 2)?.flat, busy.flat);
  });

  it('text: the hottest lines with file:line, cost, share and source; --map picks the deployed bundle', async () => {
    const root = join(temp.dir, 'node');
    copyTree(fixture('node'), root);
    const bundlePath = readFixture('node/wall-bundled.pb.gz').fileNames.find((f) => f.endsWith('/dist/server.js'))!;
    const r = await run(fixture('node/wall-bundled.pb.gz'), '--root', root, '--map', `${bundlePath.slice(0, -'/server.js'.length)}=bundled`);
    assert.equal(r.code, 0, r.err);
    const loop = findMarker(fixture('node/app'), 'HOT:wall cpu-loop');
    const firstRow = r.out.split('\n').find((l) => l.includes(':') && /\d/.test(l) && !l.startsWith('Type') && !l.startsWith('Mapped'))!;
    assert.ok(firstRow.startsWith(`app/${loop.file}:${loop.line} `), firstRow);
    assert.ok(firstRow.includes('HOT:wall cpu-loop'));
    assert.match(firstRow, /\d+(\.\d+)?%/);
  });

  it('reports unmapped cost with the reason', async () => {
    const root = join(temp.dir, 'partial');
    copyTree(shopSource, root);
    rmSync(join(root, 'pricing'), { recursive: true });
    rmSync(join(root, 'go.mod'));
    const result = await runJson(fixture('go/cpu.pb.gz'), '--root', root);
    assert.ok(result.coverage.unmapped > 0.3);
    const prices = result.unmapped.find((u) => u.path.endsWith('/pricing/prices.go'));
    assert.ok(prices && prices.cost > 0);
    assert.match(prices.reason, /prices\.go/);
    assert.ok(result.unmapped.every((u, i) => i === 0 || result.unmapped[i - 1].cost >= u.cost));
  });

  it('never shows cost on a line the current file does not have', async () => {
    const root = join(temp.dir, 'truncated');
    copyTree(shopSource, root);
    const prices = join(root, 'pricing/prices.go');
    writeFileSync(prices, readFileSync(prices, 'utf8').split('\n').slice(0, 5).join('\n'));
    const result = await runJson(fixture('go/cpu-trimpath.pb.gz'), '--root', root);
    assert.ok((result.files.find((f) => f.path === 'pricing/prices.go')?.lines ?? []).every((l) => l.line <= 5));
    assert.ok(result.unmapped.some((u) => /does not exist in that file/.test(u.reason)), JSON.stringify(result.unmapped));
  });

  it('usage errors exit 2 with one clear line', async () => {
    const root = join(temp.dir, 'trimpath');
    assert.match((await run(fixture('go/cpu.pb.gz'))).err, /--root/);
    assert.equal((await run(fixture('go/cpu.pb.gz'), '--root', join(temp.dir, 'nope'))).code, 2);
    assert.match((await run(fixture('go/cpu.pb.gz'), '--root', root, '--map', 'no-equals-sign')).err, /FROM=TO/);
    assert.match((await run(fixture('go/cpu.pb.gz'), '--root', root, '--map', '/app=../outside')).err, /leaves the workspace/);
    const notProfile = join(temp.dir, 'not-a-profile.pb.gz');
    writeFileSync(notProfile, 'hello');
    const bad = await run(notProfile, '--root', root);
    assert.equal(bad.code, 2);
    assert.ok(bad.err.includes('not-a-profile.pb.gz'), bad.err);
    const noRepo = await run(fixture('go/cpu.pb.gz'), '--root', root, '--ref', 'deadbeef');
    assert.equal(noRepo.code, 2);
    assert.match(noRepo.err, /--ref deadbeef/);
  });
});
