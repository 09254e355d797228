// Tests and benchmarks read what PerfLens shows through a few hooks (the flame graph panels' figures, the memory of
// the extension host and the profile worker, the pages' frames on screen): offered only when the harness asks, never
// in a user's window. test/harness/vscode-server.mjs sets PERFLENS_TEST_HOOKS=1 for every VS Code it starts.
export function testHooksEnabled(): boolean {
  return process.env.PERFLENS_TEST_HOOKS === '1';
}
