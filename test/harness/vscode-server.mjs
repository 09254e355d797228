// Starts the real VS Code (the server inside the code-server npm package, installed by
// scripts/setup-test-env.sh) and a headless Debian Chromium pointed at it. Used by the integration tier
// (in-host mocha suite), the e2e tier (UI checks on the packaged .vsix) and `npm run demo`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerDir() {
  const cache = process.env.PERFLENS_TEST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'perflens-test');
  const dir = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  if (!existsSync(join(dir, 'lib/vscode/out/server-main.js'))) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${dir}: run scripts/setup-test-env.sh`);
  }
  return dir;
}

/**
 * Start a VS Code server on 127.0.0.1 with a random port. `mode: 'oss'` runs VS Code's own server-main (accepts
 * extensionDevelopmentPath / extensionTestsPath payloads); `mode: 'code-server'` runs the code-server CLI, the way a
 * user would, with the packaged extension installed in `extensionsDir`.
 * `workspaceTrust: true` turns VS Code's workspace trust on without its start-up question, so a folder opened for
 * the first time stays in Restricted Mode (untrusted); by default trust is off and every folder is trusted.
 * `env`: extra environment for the server and so for its extension host (e.g. a PATH with a spy in front).
 */
export async function startVSCodeServer({ mode = 'oss', workspace, extensionsDir, dataDir, settings = {}, workspaceTrust = false, env = {}, log = () => {} } = {}) {
  const cs = codeServerDir();
  const data = dataDir ?? mkdtempSync(join(tmpdir(), 'perflens-vscode-'));
  const ext = extensionsDir ?? join(data, 'ext');
  // A quiet workbench: no welcome page, no notifications about the offline marketplace.
  for (const dir of [join(data, 'ud', 'User'), join(data, 'srv', 'data', 'User')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'extensions.autoCheckUpdates': false,
      'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': workspaceTrust,
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
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false, env: { ...process.env, ...env } });
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
