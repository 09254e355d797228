// The flame graph's commands for the in-host tests and the load bench (not in the command palette, registered only
// when the harness asks: editor/testHooks.ts): what the panels show, and the memory of the extension host and the
// profile worker.
import { readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProfileAnalyzer } from '../../editor/profileAnalyzer';
import { memoryFigures } from '../../worker/workerMemory';
import type { FlameGraphPanel } from './flameGraphPanel';
import type { PanelFigureBook } from './panelFigures';

export function registerFlameGraphTestCommands(
  panels: ReadonlyMap<string, FlameGraphPanel>, figures: PanelFigureBook, analyzer: ProfileAnalyzer, treeFolder: vscode.Uri | undefined,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('perflens.flameGraph.describePanels', () => [...panels.values()].map((p) => ({
      key: p.key, title: p.panel.title, visible: p.panel.visible, active: p.panel.active, groupBy: p.groupBy, ...figures.of(p),
    }))),
    // The tree files not deleted yet (each is deleted once its page has read it).
    vscode.commands.registerCommand('perflens.flameGraph.treeFiles', () => (treeFolder ? readdirSync(treeFolder.fsPath) : [])),
    vscode.commands.registerCommand('perflens.flameGraph.describeMemory', async () => ({
      host: await memoryFigures(), worker: await analyzer.workerMemory(),
    })),
  ];
}
