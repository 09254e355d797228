// Entry of the main in-host integration suite: the `run()` contract of @vscode/test-electron suites, so the same
// file runs under test-electron (run-electron.mjs) and under the VS Code server driven by Chromium (run-server.mjs).
import { runSuites } from './runSuites';
import { suites } from './suites';

export function run(): Promise<void> {
  return runSuites(suites);
}
