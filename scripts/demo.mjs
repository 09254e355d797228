// `npm run demo`: the README's main job. Builds and packages PerfLens, prepares the demo workspace (a sample
// service with its profiles in the embedded local store), then opens it in VS Code with PerfLens installed:
// VS Code desktop when `code` is on the PATH, else code-server in the browser (the URL is printed).
//   npm run demo                 everything, then keeps the editor server running until Ctrl-C
//   npm run demo -- --no-open    everything but opening an editor (for CI)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, '.demo');
const noOpen = process.argv.includes('--no-open');
const step = (msg) => console.log(`[demo] ${msg}`);

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) { console.error(`[demo] failed: ${cmd} ${args.join(' ')}`); process.exit(r.status ?? 1); }
}

step('building and packaging PerfLens');
sh('npm', ['run', '--silent', 'package']);

step(`preparing the demo workspace in ${demoDir}`);
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(demoDir, { recursive: true });
const workspace = join(demoDir, 'workspace');
const { makeShopWorkspace } = await import('../test/harness/workspaces.mjs');
mkdirSync(workspace, { recursive: true });
makeShopWorkspace(workspace);

if (noOpen) {
  step(`done (--no-open): workspace ${workspace}, extension ${join(root, 'perflens.vsix')}`);
  process.exit(0);
}

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  step('VS Code desktop found: installing PerfLens and opening the workspace');
  execFileSync('code', ['--install-extension', join(root, 'perflens.vsix'), '--force'], { stdio: 'inherit' });
  execFileSync('code', [workspace], { stdio: 'inherit' });
  step('opened in VS Code. Nothing is left running.');
  process.exit(0);
}

sh('bash', ['scripts/setup-test-env.sh']);
const { codeServerDir, startVSCodeServer } = await import('../test/harness/vscode-server.mjs');
const extensionsDir = join(demoDir, 'extensions');
execFileSync(process.execPath, [join(codeServerDir(), 'out/node/entry.js'), '--extensions-dir', extensionsDir,
  '--install-extension', join(root, 'perflens.vsix')], { stdio: 'ignore' });
if (!existsSync(extensionsDir)) throw new Error('PerfLens did not install into code-server');
const server = await startVSCodeServer({ mode: 'code-server', workspace, extensionsDir, dataDir: join(demoDir, 'code-server') });
step(`VS Code (code-server) with PerfLens: ${server.base}/?folder=${encodeURIComponent(workspace)}`);
step('press Ctrl-C to stop it (the server is the only process started)');
const stop = async () => { step('stopping'); await server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
