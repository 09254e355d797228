// Entry of the workspace-trust suite. run-server.mjs runs it twice, each time in a new VS Code window on a fresh
// git workspace: once in Restricted Mode (an untrusted folder) and once trusted, with PERFLENS_EXPECT_TRUSTED
// saying which, so every check is seen both ways.
import { runSuites } from './runSuites';

export function run(): Promise<void> {
  return runSuites([() => require('./trust.test')]);
}
