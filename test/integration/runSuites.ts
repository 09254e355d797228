// Runs in-host suites with mocha: the `run()` contract of @vscode/test-electron suites, shared by the entries
// (index.ts: the main suites; trust.ts: the workspace-trust suite, run in its own VS Code window).
import Mocha from 'mocha';
import { DEADLINE_MS } from '../harness/wait';

export function runSuites(suites: ReadonlyArray<() => void>): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 2 * DEADLINE_MS, reporter: 'spec' });
  // Suites are bundled into the entry file, so register mocha's globals (describe/it) before loading them.
  mocha.suite.emit('pre-require', globalThis, 'perflens-integration', mocha);
  // PERFLENS_IT_GREP=<text>: only the tests whose full title contains it (while working on one suite).
  if (process.env.PERFLENS_IT_GREP) mocha.grep(process.env.PERFLENS_IT_GREP);
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
