// Entry of the in-host integration suite: the `run()` contract of @vscode/test-electron suites, so the same file
// runs under test-electron (run-electron.mjs) and under the VS Code server driven by Chromium (run-server.mjs).
import Mocha from 'mocha';
import { suites } from './suites';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Suites are bundled into this file, so register mocha's globals (describe/it) before loading them.
  mocha.suite.emit('pre-require', globalThis, 'perflens-integration', mocha);
  for (const load of suites) load();
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      // One machine-readable line for the harness, whatever the reporter prints.
      console.log(`integration: ${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} integration tests failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
}
