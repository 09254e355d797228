// Runs the in-host integration suite inside the real VS Code (the code-server package's VS Code server),
// driven by headless Chromium. Prints the suite's output, a count line, and exits non-zero on failure.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { launchChromium, startVSCodeServer } from '../harness/vscode-server.mjs';
import { makeShopWorkspace } from '../harness/workspaces.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const suite = join(root, 'out/test/integration/index.js');
if (!existsSync(suite)) { console.error(`missing ${suite}: run \`node scripts/build.mjs\` first`); process.exit(2); }

// The suite works on a fresh sample workspace (the Go shop module with its profiles in the local store), so tests
// may write into it without touching the repo.
const workspace = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-it-ws-')));

// The workbench's own chatter (offline marketplace look-ups, socket set-up) is not the suite's output.
const WORKBENCH_NOISE = /^(Resolv|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|getaddrinfo ENOTFOUND|\s+at )|open-vsx\.org/;
const timeoutMs = Number(process.env.PERFLENS_IT_TIMEOUT_MS ?? 600_000);
const server = await startVSCodeServer({ mode: 'oss' });
const browser = await launchChromium();
let exitCode = 1;
let passed = 0;
let failed = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const done = new Promise((r) => page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; r(); }));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...args);
    if (WORKBENCH_NOISE.test(line)) return;
    const m = line.match(/integration: (\d+) passed, (\d+) failed/);
    if (m) { passed = Number(m[1]); failed = Number(m[2]); return; }
    console.log(line);
  });
  await page.goto(server.workbenchUrl(workspace, [
    ['extensionDevelopmentPath', server.remote(root)],
    ['extensionTestsPath', server.remote(suite)],
  ]));
  await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error(`suite did not finish in ${timeoutMs / 1000} s`)), timeoutMs))]);
} catch (e) {
  console.error(`integration harness: ${e.message}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
}
if (exitCode !== 0 && failed === 0) failed = 1; // the host died or timed out: never report green
console.log(`integration: ${passed} passed, ${failed} failed`);
process.exit(exitCode === 0 && failed === 0 ? 0 : 1);
