// A code lens above each function that has cost worth a glance: `cpu 12.3% · 1.2 s · self 2.1%`.
// The lens sits on the function's declaration: from the language's document symbols when an extension provides
// them, else found by name above the function's first costly line.
import * as vscode from 'vscode';
import { formatPercent, formatValue } from '../core/format/units';
import { findDeclarationLine, declaredName } from './functionNames';
import { readConfig } from './config';
import type { HeatController } from './heat/heatController';
import { functionKey } from '../core/diff/functionKey';
import type { CompanionProfile, ProfileSession } from './profileSession';
import { visibleControls } from '../core/format/displayText';

export class CostCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly session: ProfileSession, private readonly heat: HeatController) {
    this.subscriptions = [
      session.onDidChange(() => this.changed.fire()),
      session.onDidChangeCompanion(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('perflens.codeLens')) this.changed.fire(); }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const loaded = this.session.current;
    const config = readConfig(document.uri);
    if (!loaded || !config.codeLensEnabled) return [];
    const { total, unit, type } = loaded.profile;
    const live = await this.heat.liveLinesFor(document);
    const lenses: vscode.CodeLens[] = [];
    const used = new Set<number>();
    const functions = this.session.functionsIn(document.uri).filter((f) => f.cum / total >= config.codeLensThreshold).sort((a, b) => b.cum - a.cum);
    for (const fn of functions) {
      const name = declaredName(fn.name);
      if (!name || fn.firstLine <= 0) continue;
      const first = live ? placeLine(live, fn.firstLine) : fn.firstLine - 1;
      if (first === undefined || first >= document.lineCount) continue;
      const line = findDeclarationLine((l) => document.lineAt(l).text, first, name) ?? first;
      if (used.has(line)) continue; // closures share their parent's declaration line
      used.add(line);
      const title = `$(flame) ${type} ${formatPercent(fn.cum / total)} · ${formatValue(fn.cum, unit)} · self ${formatPercent(fn.flat / total)}` +
        companionText(this.session.companion, functionKey(fn.name, fn.profileFile));
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title,
        tooltip: `${visibleControls(fn.name)}: total with callees ${formatValue(fn.cum, unit)}, self ${formatValue(fn.flat, unit)}`,
        command: 'perflens.revealHotspot',
        arguments: [fn.name],
      }), new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: 'Show in Flame Graph',
        tooltip: `Callers and callees of ${fn.name} in the flame graph`,
        command: 'perflens.showInFlameGraph',
        arguments: [{ name: fn.name, profileFile: fn.profileFile }],
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The buffer line (0-based) of a committed line, following unsaved edits; undefined when it was deleted. */
function placeLine(live: { place(lines: readonly { line: number; flat: number; cum: number; changed: boolean }[]): { line: number }[] }, line: number): number | undefined {
  return live.place([{ line, flat: 1, cum: 1, changed: false }])[0]?.line;
}

/** ` · alloc_space 340 MB/min` (a rate when the companion profile says how long it ran), or nothing. */
export function companionText(companion: CompanionProfile | undefined, key: string): string {
  const value = companion?.byFunction.get(key);
  if (!companion || !value) return '';
  const perMinute = companion.durationMs > 0 ? `/min` : '';
  const shown = companion.durationMs > 0 ? value / (companion.durationMs / 60_000) : value;
  return ` · ${companion.type} ${formatValue(shown, companion.unit)}${perMinute}`;
}
