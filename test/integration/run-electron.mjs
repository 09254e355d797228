// The same in-host suite under @vscode/test-electron, for machines that can download VS Code (or have it:
// set VSCODE_EXECUTABLE_PATH). CI here uses run-server.mjs instead: VS Code's download host is unreachable.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { makeShopWorkspace } from '../harness/workspaces.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-it-ws-')));
try {
  await runTests({
    version: '1.100.3',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`integration (electron): ${e.message}`);
  process.exit(1);
}
