// Extension entry: wires the editor features to the core. Everything heavy lives in src/core and runs off the
// extension host's main thread; this file only creates and disposes.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('PerfLens', { log: true });
  context.subscriptions.push(output);
  output.info(`PerfLens ${context.extension.packageJSON.version} activated in VS Code ${vscode.version}`);
  context.subscriptions.push(
    vscode.commands.registerCommand('perflens.openProfileFile', async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Load profile', filters: { 'pprof profiles': ['pb.gz', 'pprof', 'pb', 'gz'] } });
      if (picked) output.info(`selected ${picked.length} profile(s)`);
    }),
    vscode.commands.registerCommand('perflens.showLog', () => output.show(true)),
  );
}

export function deactivate(): void {}
