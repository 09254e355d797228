// The same in-host suites under @vscode/test-electron, for machines that can download VS Code (or have it:
// set VSCODE_EXECUTABLE_PATH). CI here uses run-server.mjs instead: VS Code's download host is unreachable.
// The workspace-trust suite runs here in a trusted workspace only; run-server.mjs also runs it in Restricted Mode.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeGitSpy } from '../harness/gitSpy.mjs';
import { makeShopWorkspace, makeTrustWorkspace } from '../harness/workspaces.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const common = { version: '1.100.3', vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH, extensionDevelopmentPath: root };
const spy = makeGitSpy();
try {
  await runTests({
    ...common,
    extensionTestsPath: join(root, 'out/test/integration/index.js'),
    launchArgs: [makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-it-ws-'))), '--disable-extensions', '--disable-workspace-trust'],
  });
  await runTests({
    ...common,
    extensionTestsPath: join(root, 'out/test/integration/trust.js'),
    extensionTestsEnv: { ...spy.env, PERFLENS_EXPECT_TRUSTED: '1' },
    launchArgs: [makeTrustWorkspace(mkdtempSync(join(tmpdir(), 'perflens-it-trust-'))), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`integration (electron): ${e.message}`);
  process.exit(1);
} finally {
  spy.dispose();
}
