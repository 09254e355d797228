// The flame graph's commands for the in-host tests and the load bench (not in the command palette, registered only
// when the harness asks: editor/testHooks.ts): what the panels show, and the memory of the extension host and the
// profile worker.
import * as vscode from 'vscode';
import type { ProfileAnalyzer } from '../../editor/profileAnalyzer';
import { memoryFigures } from '../../worker/workerMemory';
import type { FlameGraphPanel } from './flameGraphPanel';
import type { PanelFigureBook } from './panelFigures';

export function registerFlameGraphTestCommands(
  panels: ReadonlyMap<string, FlameGraphPanel>, figures: PanelFigureBook, analyzer: ProfileAnalyzer,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('perflens.flameGraph.describePanels', () => [...panels.values()].map((p) => ({
      key: p.key, title: p.panel.title, visible: p.panel.visible, active: p.panel.active, groupBy: p.groupBy, ...figures.of(p),
    }))),
    vscode.commands.registerCommand('perflens.flameGraph.describeMemory', async () => ({
      host: await memoryFigures(), worker: await analyzer.workerMemory(),
    })),
  ];
}
