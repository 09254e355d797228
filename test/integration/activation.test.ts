import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('PerfLens in the VS Code extension host', () => {
  it('activates and contributes its commands', async () => {
    const ext = vscode.extensions.getExtension('perflens.perflens');
    assert.ok(ext, 'the PerfLens extension is installed in the host');
    await ext.activate();
    assert.ok(ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    for (const id of contributed) assert.ok(commands.includes(id), `command ${id} is registered`);
  });
});
