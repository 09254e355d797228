// Runs the in-host integration suites inside the real VS Code (the code-server package's VS Code server), driven
// by headless Chromium. Prints the suites' output, one count line, and exits non-zero on failure.
//
// Three passes, each a fresh server, browser and workspace:
//   1. the main suite (out/test/integration/index.js) in a trusted workspace (trust off, as most users have it);
//   2. the workspace-trust suite (trust.js) in a folder VS Code has never trusted: Restricted Mode;
//   3. the same trust suite with trust off, so each of its checks is shown to flip when the workspace is trusted.
// Passes 2 and 3 set GIT_TRACE for the server, so git logs every command it runs there and the
// suite can tell whether PerfLens ran git on the user's behalf.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { makeGitSpy } from '../harness/gitSpy.mjs';
import { launchChromium, startVSCodeServer } from '../harness/vscode-server.mjs';
import { makeShopWorkspace, makeTrustWorkspace } from '../harness/workspaces.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'out/test/integration');
for (const f of ['index.js', 'trust.js']) {
  if (!existsSync(join(out, f))) { console.error(`missing ${join(out, f)}: run \`node scripts/build.mjs\` first`); process.exit(2); }
}

// The workbench's own chatter (offline marketplace look-ups, socket set-up) is not the suite's output.
const WORKBENCH_NOISE = /^(Resolv|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|getaddrinfo ENOTFOUND|\s+at )|open-vsx\.org/;
const timeoutMs = Number(process.env.PERFLENS_IT_TIMEOUT_MS ?? 1_800_000);

/** One pass: a server, a browser, a fresh workspace; returns the suite's counts (a dead host counts as a failure). */
async function runPass({ name, suite, workspace, workspaceTrust = false, env = {} }) {
  console.log(`\n--- ${name} ---`);
  const server = await startVSCodeServer({ mode: 'oss', workspaceTrust, env });
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
      ['extensionTestsPath', server.remote(join(out, suite))],
    ]));
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error(`suite did not finish in ${timeoutMs / 1000} s`)), timeoutMs))]);
  } catch (e) {
    console.error(`integration harness (${name}): ${e.message}`);
    exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  if (exitCode !== 0 && failed === 0) failed = 1; // the host died or timed out: never report green
  return { passed, failed };
}

const totals = { passed: 0, failed: 0 };
const add = (r) => { totals.passed += r.passed; totals.failed += r.failed; };
// PERFLENS_IT_ONLY=main|trust runs one kind of pass (while working on it); CI runs all three.
const only = process.env.PERFLENS_IT_ONLY;
if (only !== 'trust') add(await runPass({ name: 'main suite, trusted workspace', suite: 'index.js', workspace: makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-it-ws-'))) }));
for (const trusted of only === 'main' ? [] : [false, true]) {
  const spy = makeGitSpy();
  try {
    add(await runPass({
      name: `workspace trust suite, ${trusted ? 'trusted' : 'untrusted (Restricted Mode)'} workspace`,
      suite: 'trust.js',
      workspace: makeTrustWorkspace(mkdtempSync(join(tmpdir(), 'perflens-it-trust-'))),
      workspaceTrust: !trusted,
      env: { ...spy.env, PERFLENS_EXPECT_TRUSTED: trusted ? '1' : '0' },
    }));
  } finally {
    spy.dispose();
  }
}
console.log(`integration: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
