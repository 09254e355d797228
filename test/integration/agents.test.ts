// The language-model tools in the real VS Code: called through vscode.lm.invokeTool as a chat agent would, on the
// loaded profile; bounded, and refusing paths outside the workspace.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../src/extension';
import { loadedApi } from './workbenchHelpers';

async function call(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('\n');
}

describe('language-model tools', () => {
  let api: PerfLensApi;
  before(async () => {
    api = await loadedApi();
    // The shop's CPU profile from the workspace's store (an earlier suite may have left another one loaded).
    const cpuFolder = join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.perflens/store/shop/v1/cpu');
    await api.session.load({ sources: readdirSync(cpuFolder).map((f) => join(cpuFolder, f)), type: 'cpu', hints: { service: 'shop', version: 'v1' } });
  });

  it('are listed with their input schemas', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('perflens_')).map((t) => t.name).sort();
    assert.deepEqual(ours, ['perflens_compare', 'perflens_function_detail', 'perflens_line_costs', 'perflens_top_functions']);
  });

  it('top_functions answers from the loaded profile, bounded', async () => {
    const p = api.session.current!.profile;
    const text = await call('perflens_top_functions', { limit: 1e9 });
    assert.match(text, /limit 1000000000 capped at 100/);
    const costliest = [...p.functions].sort((a, b) => b.flat - a.flat)[0];
    assert.ok(text.includes(`1. ${costliest.name} `), text.slice(0, 400));
    const structured = JSON.parse(/Structured: (.*)$/m.exec(text)![1]) as { functions: unknown[] };
    assert.equal(structured.functions.length, Math.min(100, p.functions.length));
  });

  it('function_detail names callers and callees; line_costs gives the file\'s lines and refuses paths outside the workspace', async () => {
    const p = api.session.current!.profile;
    await p.functionDetails?.(); // the functions' callers, callees and span names come after the heat
    const fn = p.functions.find((f) => f.callers.length > 0 && f.callees.length > 0)!;
    const detail = await call('perflens_function_detail', { function: fn.name });
    assert.ok(detail.includes(`Called by: ${p.functions[fn.callers[0].fn].name}`), detail);
    const file = p.files[0];
    const lines = await call('perflens_line_costs', { file: file.relativePath });
    assert.match(lines, new RegExp(`${file.relativePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: self`));
    assert.match(await call('perflens_line_costs', { file: '../../etc/passwd' }), /Refused: .*leaves the workspace/);
    assert.match(await call('perflens_compare', {}), /No comparison is shown/);
  });
});
