// `perflens top` and the command dispatcher, as a user meets them: help, options, errors, output shapes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { realProfileFixtures } from '../core/helpers/fixtures';
import { stackProfileBytes } from '../core/helpers/stackProfile';
import { runCliCaptured } from './helpers/runCliInProcess';

const fixtures = realProfileFixtures();
const goCpu = fixtures.find((f) => f.endsWith('go/cpu.pb.gz'))!;
const goHeap = fixtures.find((f) => f.endsWith('go/heap.pb.gz'))!;
const nodeWall = fixtures.find((f) => f.endsWith('node/wall.pb.gz'))!;
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function tempProfile(name: string, bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'perflens-cli-')), name);
  writeFileSync(path, bytes);
  return path;
}

describe('perflens (dispatcher)', () => {
  it('--help lists the commands', async () => {
    const r = await runCliCaptured(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: perflens <command>/);
    assert.match(r.stdout, /^ {2}top {2}/m);
  });

  it('no command prints the help to stderr with exit 2; an unknown one says so', async () => {
    const none = await runCliCaptured([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Commands:/);
    const unknown = await runCliCaptured(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, "perflens: unknown command 'frobnicate'. Run 'perflens --help' for the list of commands.\n");
  });

  it("'help top' and 'top --help' document every option", async () => {
    const a = await runCliCaptured(['help', 'top']);
    const b = await runCliCaptured(['top', '--help']);
    assert.equal(a.stdout, b.stdout);
    for (const option of ['--type', '--by', '--limit', '--json', '--help']) assert.ok(b.stdout.includes(option), option);
  });
});

describe('perflens top', () => {
  it('prints a pprof-like table: header, then flat, flat%, sum%, cum, cum% and name', async () => {
    const r = await runCliCaptured(['top', goCpu, '--limit', '3']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Type: cpu (nanoseconds)');
    assert.match(lines[2], /^Total: \d+(\.\d+)? (s|ms)$/);
    assert.match(lines[3], /^Showing 3 of \d+ functions/);
    assert.match(lines[4], /^\s*flat\s+flat%\s+sum%\s+cum\s+cum%\s+name$/);
    assert.equal(lines.length, 8);
    for (const row of lines.slice(5)) assert.match(row, /^\s*[\d.]+ (s|ms|µs|ns) +[\d.]+% +[\d.]+% +[\d.]+ (s|ms|µs|ns) +[\d.]+%  \S/);
  });

  it('--json prints exactly the documented shape, rows sorted by flat', async () => {
    const r = await runCliCaptured(['top', nodeWall, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['type', 'unit', 'total', 'rows']);
    assert.equal(out.type, 'wall');
    assert.equal(out.unit, 'nanoseconds');
    assert.ok(out.rows.length > 1);
    for (const row of out.rows) {
      assert.deepEqual(Object.keys(row), ['function', 'file', 'line', 'flat', 'cum']);
      assert.ok(row.line === null || Number.isInteger(row.line));
      assert.ok(row.cum >= row.flat || row.flat < 0);
    }
    for (let i = 1; i < out.rows.length; i++) assert.ok(out.rows[i - 1].flat >= out.rows[i].flat);
    assert.ok(Math.abs(out.rows.reduce((s: number, x: { flat: number }) => s + x.flat, 0) - out.total) < 1e-6 * out.total);
  });

  it('--by line gives file:line rows; --by file gives file rows with an empty function', async () => {
    const lines = JSON.parse((await runCliCaptured(['top', goCpu, '--by', 'line', '--json'])).stdout);
    assert.ok(lines.rows.every((r: { line: number | null; file: string }) => r.file === '' || Number.isInteger(r.line)));
    const files = JSON.parse((await runCliCaptured(['top', goCpu, '--by', 'file', '--json'])).stdout);
    assert.ok(files.rows.every((r: { function: string; line: null }) => r.function === '' && r.line === null));
    assert.equal(new Set(files.rows.map((r: { file: string }) => r.file)).size, files.rows.length);
  });

  it('--type picks a sample type; the default is the last one', async () => {
    const byDefault = JSON.parse((await runCliCaptured(['top', goHeap, '--json'])).stdout);
    assert.equal(byDefault.type, 'inuse_space');
    const alloc = JSON.parse((await runCliCaptured(['top', goHeap, '--type', 'alloc_objects', '--json'])).stdout);
    assert.equal(alloc.type, 'alloc_objects');
    assert.equal(alloc.unit, 'count');
    const bad = await runCliCaptured(['top', goHeap, '--type', 'cpu']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no sample type 'cpu'; the profile has alloc_objects \(count\)/);
  });

  it('--limit caps the rows; 0 means all', async () => {
    const two = JSON.parse((await runCliCaptured(['top', goCpu, '--json', '--limit', '2'])).stdout);
    assert.equal(two.rows.length, 2);
    const all = JSON.parse((await runCliCaptured(['top', goCpu, '--json', '--limit', '0'])).stdout);
    const text = await runCliCaptured(['top', goCpu, '--limit', '0']);
    assert.match(text.stdout, new RegExp(`Showing all ${all.rows.length} functions`));
  });

  it('merges several profiles, summing values', async () => {
    const one = JSON.parse((await runCliCaptured(['top', goCpu, '--json'])).stdout);
    const two = JSON.parse((await runCliCaptured(['top', goCpu, goCpu, '--json'])).stdout);
    assert.equal(two.total, 2 * one.total);
    assert.deepEqual(two.rows.map((r: { flat: number }) => r.flat), one.rows.map((r: { flat: number }) => 2 * r.flat));
  });

  it('a bad file: exit 2 and one line naming the file and the problem', async () => {
    const garbage = tempProfile('bad.pb.gz', new TextEncoder().encode('not a profile at all'));
    const r = await runCliCaptured(['top', goCpu, garbage]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').length, 2, 'one line and its newline');
    assert.match(r.stderr, new RegExp(`^perflens top: ${garbage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a profile PerfLens reads: text starting "not a profile at all"`));

    const missing = await runCliCaptured(['top', '/nonexistent/cpu.pb.gz']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'perflens top: /nonexistent/cpu.pb.gz: no such file\n');
  });

  it('profiles of different types: exit 2 naming the file that differs', async () => {
    const r = await runCliCaptured(['top', goCpu, goHeap]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /heap\.pb\.gz: cannot merge: its sample types/);
  });

  it('usage errors exit 2 with a hint', async () => {
    for (const args of [['top', goCpu, '--frob'], ['top'], ['top', goCpu, '--by', 'module'], ['top', goCpu, '--limit', 'ten']]) {
      const r = await runCliCaptured(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /Run 'perflens top --help' for usage\.\n$/, args.join(' '));
    }
  });

  it('merges same-named functions of different files by default, as go tool pprof -top; --by function-file keeps them apart with their file', async () => {
    const path = tempProfile('dup.pb', stackProfileBytes({ samples: [
      { stack: ['init@a.go:1'], values: [1, 2e6] },
      { stack: ['init@b.go:1'], values: [1, 1e6] },
      { stack: ['@c.go:3'], values: [1, 4e6] },
    ] }));
    const merged = await runCliCaptured(['top', path]);
    assert.match(merged.stdout, /3 ms .* init\n/);
    assert.match(merged.stdout, /4 ms .* <unknown>\n/);
    const apart = await runCliCaptured(['top', path, '--by', 'function-file']);
    assert.match(apart.stdout, /2 ms .* init \(a\.go\)\n/);
    assert.match(apart.stdout, /1 ms .* init \(b\.go\)\n/);
    const json = JSON.parse((await runCliCaptured(['top', path, '--json'])).stdout) as { rows: { function: string; file: string }[] };
    assert.deepEqual(json.rows.map((r) => [r.function, r.file]), [['<unknown>', 'c.go'], ['init', '']]);
  });
});

describe('perflens top as a real process (dist/cli.js)', () => {
  const cli = join(repoRoot, 'dist/cli.js');
  const newestSource = () => Math.max(...['src/cli', 'src/core'].flatMap((dir) => readdirSync(join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs)));

  it('runs, prints JSON and exits 0; a bad file exits 2', () => {
    if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource()) {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'ignore' });
    }
    const ok = spawnSync(process.execPath, [cli, 'top', goCpu, '--json', '--limit', '1'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).rows.length, 1);
    const bad = spawnSync(process.execPath, [cli, 'top', '/nonexistent.pb'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'perflens top: /nonexistent.pb: no such file\n');
  });
});
