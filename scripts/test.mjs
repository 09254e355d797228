// The one test command (README, `npm test`, .ci/run): sets up the test environment, then runs the tiers —
// unit (plain node), peers (real servers and SDKs: test/peers), integration (the in-host suite inside the real
// VS Code), e2e (the packaged .vsix in code-server, driven by Chromium) — and ends with one count line over all.
//   node scripts/test.mjs [--only unit|peers|integration|e2e] [--vscode min|latest] [--skip-setup]
// The peers' set-up (every scripts/setup-peers/*.sh, e.g. building Parca and Pyroscope from the Go module proxy)
// runs in the background while the unit tier runs: node's test runner uses one of the two cores, the Go builds
// the other.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VSCODE_TARGETS } from '../test/harness/vscode-server.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const skipSetup = args.includes('--skip-setup') || process.env.PERFLENS_SKIP_SETUP === '1';
const wants = (tier) => !only || only === tier;

/** Run a command, streaming its output (or only collecting it, `quiet`), and return its exit code and output. */
function run(cmd, cmdArgs, { env, quiet = false } = {}) {
  return new Promise((resolve) => {
    const line = `$ ${[cmd, ...cmdArgs].join(' ')}`;
    if (!quiet) console.log(`\n${line}`);
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = quiet ? `${line}\n` : '';
    child.stdout.on('data', (d) => { out += d; if (!quiet) process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; if (!quiet) process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function findFiles(dir, suffix, { recursive = true } = {}) {
  const found = [];
  if (!existsSync(dir)) return found;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) { if (recursive) walk(p); }
      else if (e.isFile() && e.name.endsWith(suffix)) found.push(p);
    }
  };
  walk(dir);
  return found.sort();
}

/** Counts from node's test runner (spec reporter summary). */
function nodeTestCounts(out) {
  const num = (name) => Number(out.match(new RegExp(`ℹ ${name} (\\d+)`))?.[1] ?? 0);
  return { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') };
}

const results = [];
async function tier(name, fn) {
  const started = Date.now();
  const r = await fn();
  results.push({ name, seconds: Math.round((Date.now() - started) / 1000), ...r });
}
const nodeTest = (files, extra = [], env = {}) =>
  run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files], { env });

let setupFailed = false;
if (!skipSetup) {
  // Unit and peers tests build Go programs and compare with `go tool pprof`: the set-up checks the Go on PATH.
  const { code } = await run('bash', ['scripts/setup-test-env.sh']);
  setupFailed = code !== 0;
}

/** Every peer's set-up script, one after another (two Go builds at once would only fight over the cores). */
async function setupPeers() {
  let out = '';
  const failed = [];
  for (const script of findFiles('scripts/setup-peers', '.sh', { recursive: false })) {
    const r = await run('bash', [script], { quiet: true });
    out += r.out;
    if (r.code !== 0) failed.push(script);
  }
  return { failed, out };
}

const build = await run('npm', ['run', '--silent', 'lint']);
const built = build.code === 0 && (await run(process.execPath, ['scripts/build.mjs'])).code === 0;
if (!built || setupFailed) {
  console.error(setupFailed ? 'test set-up failed' : 'lint or build failed');
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

let peersSetup = Promise.resolve({ failed: [], out: '' });
if (wants('peers') && !skipSetup) {
  console.log('\npeers set-up (scripts/setup-peers/*.sh) runs in the background; its output comes with the peers tier');
  peersSetup = setupPeers();
}

if (wants('unit')) {
  await tier('unit', async () => {
    const { code, out } = await nodeTest(findFiles('test/unit', '.test.ts'));
    const c = nodeTestCounts(out);
    return { ...c, failed: c.failed || (code !== 0 ? 1 : 0) };
  });
}
if (wants('peers')) {
  await tier('peers', async () => {
    const setup = await peersSetup;
    if (setup.out) console.log(`\n${setup.out.trimEnd()}`);
    for (const script of setup.failed) console.error(`peers set-up failed: ${script} (its output is above); the tests of that peer fail`);
    const files = findFiles('test/peers', '.test.ts');
    const { code, out } = files.length ? await nodeTest(files, ['--test-concurrency=1']) : { code: 0, out: '' };
    const c = nodeTestCounts(out);
    return { ...c, failed: c.failed + setup.failed.length || (code !== 0 ? 1 : 0) };
  });
}
// The in-host and e2e tiers run on the oldest VS Code engines.vscode allows and on the newest (VSCODE_TARGETS);
// `--vscode min|latest` picks one.
const vscodeTargets = args.includes('--vscode') ? [args[args.indexOf('--vscode') + 1]] : Object.keys(VSCODE_TARGETS);
let packaged;
for (const target of vscodeTargets) {
  const env = { PERFLENS_VSCODE: target };
  const label = target === 'min' ? '' : ` @${target}`;
  if (wants('integration')) {
    await tier(`integration${label}`, async () => {
      const { code, out } = await run(process.execPath, ['test/integration/run-server.mjs'], { env });
      const m = [...out.matchAll(/integration: (\d+) passed, (\d+) failed/g)].pop();
      const passed = Number(m?.[1] ?? 0);
      const failed = Number(m?.[2] ?? 0) || (code !== 0 ? 1 : 0);
      return { passed, failed, skipped: 0 };
    });
  }
  if (wants('e2e')) {
    await tier(`e2e${label}`, async () => {
      packaged ??= (await run('npm', ['run', '--silent', 'package'])).code === 0;
      if (!packaged) return { passed: 0, failed: 1, skipped: 0 };
      const { code, out } = await nodeTest(findFiles('test/e2e', '.e2e.ts'), ['--test-concurrency=1'], env);
      const c = nodeTestCounts(out);
      return { ...c, failed: c.failed || (code !== 0 ? 1 : 0) };
    });
  }
}

console.log('\nPerfLens tests');
for (const r of results) {
  console.log(`  ${r.name.padEnd(20)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds} s)`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
const skipped = results.reduce((s, r) => s + r.skipped, 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
