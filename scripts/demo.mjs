// `npm run demo`: the README's main job. Real profiles of a real service across two releases, in VS Code:
//   1. build and package PerfLens;
//   2. make the demo workspace a git repository: the sample service (examples/shop) committed and tagged v1, then
//      the commits of examples/releases/shop-v2.patch (an unrelated one, and the one that plants the regression)
//      tagged v2; each release is built (Go, -trimpath) from its tag into .demo/;
//   3. run release v1 under load and collect profiles continuously into the demo workspace's local store;
//   4. run release v2 the same way;
//   5. check the store with `perflens diff` (the regression must be on top, naming the commit behind it) and open
//      the workspace in VS Code with
//      PerfLens: VS Code desktop when `code` is on the PATH, else code-server in the browser (URL printed).
//   npm run demo                 everything; keeps the editor server running until Ctrl-C
//   npm run demo -- --no-open    everything but opening an editor (for CI)
//   npm run demo -- --seconds N  collect N seconds per release (default 30)
// Everything it writes is under .demo/; every child process is stopped on exit or Ctrl-C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, '.demo');
const workspace = join(demoDir, 'workspace');
const store = join(workspace, '.perflens', 'store');
const args = process.argv.slice(2);
const noOpen = args.includes('--no-open');
const seconds = Number(args[args.indexOf('--seconds') + 1]) > 0 && args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 30;
const started = Date.now();
const step = (msg) => console.log(`[demo ${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s] ${msg}`);

const children = new Set();
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  process.exit(code);
}
process.on('SIGINT', () => { step('stopping (Ctrl-C)'); void stopAll(130); });
process.on('SIGTERM', () => void stopAll(143));

function sh(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) { console.error(`[demo] failed: ${cmd} ${cmdArgs.join(' ')}`); void stopAll(1); throw new Error('step failed'); }
}

/** A child process that is stopped when the demo stops; its output is prefixed (or dropped). */
function start(name, cmd, cmdArgs, { quiet = false, cwd = workspace } = {}) {
  const child = spawn(cmd, cmdArgs, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  const relay = (d) => { if (!quiet) for (const line of String(d).split('\n')) if (line.trim()) console.log(`  [${name}] ${line}`); };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  child.on('exit', () => children.delete(child));
  return child;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolvePort(port)); });
  });
}

async function waitForHttp(url, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const exited = (child) => new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));

/** Run one release under load while the collector scrapes it into the store. */
async function runRelease(binary, release) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  step(`release ${release}: starting the shop service on ${url} with load, collecting for ${seconds} s`);
  const service = start(`shop ${release}`, binary, ['-release', release, '-addr', `127.0.0.1:${port}`], { quiet: true });
  await waitForHttp(`${url}/version`);
  const load = start('load', binary, ['-load', url, '-duration', `${seconds + 5}s`, '-concurrency', '4'], { quiet: true });
  const collect = start('collect', process.execPath, [join(root, 'dist/cli.js'), 'collect', '--store', store, '--target', url,
    '--service', 'shop', '--version', release, '--cpu-seconds', '5', '--interval', '10s', '--duration', `${seconds}s`, '--quiet']);
  await exited(collect);
  if (collect.exitCode !== 0) throw new Error(`the collector exited with ${collect.exitCode}`);
  load.kill('SIGTERM');
  service.kill('SIGTERM');
  await Promise.all([exited(load), exited(service)]);
}

try {
  step('building and packaging PerfLens');
  sh('npm', ['run', '--silent', 'package']);
  // The production build above cleared dist/; the CLI is part of it (dist/cli.js).
  sh('bash', ['scripts/setup-test-env.sh', '--min-only']); // Go for the sample service; Chromium and code-server for the editor

  step(`preparing the demo workspace in ${workspace}`);
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(store, { recursive: true });
  cpSync(join(root, 'examples/shop'), workspace, { recursive: true });
  // The releases are real commits: v1 is the sample service as it is, v2 adds the commits of the release patch.
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'PerfLens demo', GIT_AUTHOR_EMAIL: 'demo@perflens.invalid', GIT_COMMITTER_NAME: 'PerfLens demo', GIT_COMMITTER_EMAIL: 'demo@perflens.invalid', GIT_AUTHOR_DATE: '2026-03-01T10:00:00+01:00' };
  const git = (...gitArgs) => sh('git', ['-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false', ...gitArgs], { cwd: workspace, env: gitEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(join(workspace, '.gitignore'), '.perflens/\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'shop: catalogue, search, checkout and report');
  git('tag', 'v1');
  const buildRelease = (release) => {
    const binary = join(demoDir, `shop-${release}`);
    sh('go', ['build', '-trimpath', '-o', binary, '.'], {
      cwd: workspace,
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPATH: join(demoDir, 'gopath'), GOCACHE: join(demoDir, 'gocache'), GO111MODULE: 'on', GOPROXY: 'off' },
    });
    return binary;
  };
  const v1 = buildRelease('v1');
  git('am', '-q', '--committer-date-is-author-date', join(root, 'examples/releases/shop-v2.patch'));
  git('tag', 'v2');
  const v2 = buildRelease('v2');

  await runRelease(v1, 'v1');
  await runRelease(v2, 'v2');

  step('the release diff of the collected profiles (perflens diff v1 → v2, top 5, with the commits behind each):');
  const diff = JSON.parse(execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'diff', '--base', join(store, 'shop/v1/cpu'),
    '--head', join(store, 'shop/v2/cpu'), '--root', workspace, '--json'].flatMap((a) => (a.endsWith('/cpu') ? listProfiles(a) : [a])), { encoding: 'utf8' }));
  for (const f of diff.functions.slice(0, 5)) {
    console.log(`    ${(f.delta * 100).toFixed(1).padStart(6)} pts  ${f.significant ? '*' : ' '} ${f.function}  (${f.file}${f.line ? `:${f.line}` : ''})`);
    for (const c of f.commits ?? []) console.log(`               commit ${c.hash.slice(0, 12)} ${c.author}: ${c.subject}`);
  }
  for (const note of diff.commits?.notes ?? []) console.log(`    commits: ${note}`);

  if (noOpen) {
    step(`done (--no-open). Workspace: ${workspace}; extension: ${join(root, 'perflens.vsix')}`);
    process.exit(0);
  }
  if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
    step('VS Code desktop found: installing PerfLens and opening the workspace');
    execFileSync('code', ['--install-extension', join(root, 'perflens.vsix'), '--force'], { stdio: 'inherit' });
    execFileSync('code', [workspace], { stdio: 'inherit' });
    step('opened in VS Code. Nothing is left running.');
    process.exit(0);
  }
  const { codeServerDir, codeServerNode, startVSCodeServer } = await import('../test/harness/vscode-server.mjs');
  const extensionsDir = join(demoDir, 'extensions');
  execFileSync(codeServerNode(), [join(codeServerDir(), 'out/node/entry.js'), '--extensions-dir', extensionsDir,
    '--install-extension', join(root, 'perflens.vsix')], { stdio: 'ignore' });
  if (!existsSync(extensionsDir)) throw new Error('PerfLens did not install into code-server');
  const server = await startVSCodeServer({ mode: 'code-server', workspace, extensionsDir, dataDir: join(demoDir, 'code-server') });
  step(`VS Code with PerfLens and the shop's profiles: ${server.base}/?folder=${encodeURIComponent(workspace)}`);
  step('open a .go file (search.go) for heat; "PerfLens: Show Flame Graph"; "PerfLens: Compare with Previous Release".');
  step('press Ctrl-C to stop (it ends the editor server; nothing else is running)');
  process.on('SIGINT', async () => { await server.stop(); process.exit(130); });
} catch (e) {
  console.error(`[demo] ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
}

function listProfiles(dir) {
  return execFileSync('find', [dir, '-name', '*.pb.gz'], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
