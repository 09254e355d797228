// Cost on hover: on any line with cost (flat and cum), and on a function's name (its total and self, share of
// the service, top callers and callees, and what profile the figures come from). Profile strings are untrusted:
// they go through appendText / escaped table cells, never raw markdown.
import * as vscode from 'vscode';
import { formatPercent, formatValue } from '../core/format/units';
import type { FunctionCost } from '../shared/workspaceProfile';
import { declaredName } from './functionNames';
import type { HeatController } from './heat/heatController';
import type { LoadedProfile, ProfileSession } from './profileSession';
import { describeProfile } from './profileLabel';
import { displayFunctionName, visibleControls } from '../core/format/displayText';
import type { FunctionTrend } from './trends/trendsController';

const MAX_EDGES = 5;

export class CostHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly session: ProfileSession,
    private readonly heat: HeatController,
    private readonly openInLink: () => string | undefined = () => undefined,
    /** The function's trend, or what the hover says while it is asked (a remote source's, in the background). */
    private readonly trendOf: (fn: FunctionCost) => FunctionTrend | string | undefined = () => undefined,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const loaded = this.session.current;
    const file = this.session.fileCost(document.uri);
    if (!loaded || !file) return undefined;
    const md = new vscode.MarkdownString('', true);
    md.supportThemeIcons = true;

    const fn = this.functionAt(document, position);
    if (fn) {
      // Its callers, callees and span names may still be on their way (the heat did not wait for them): a user waits
      // now, so they are counted before other background work.
      await loaded.profile.functionDetails?.();
      appendFunction(md, loaded, fn, this.trendOf(fn));
    }

    const live = await this.heat.liveLinesFor(document);
    const committed = live?.committedLineAt(position.line);
    const line = committed === undefined ? undefined : file.lines.find((l) => l.line === committed);
    if (line) {
      const { unit, total, type } = loaded.profile;
      if (fn) md.appendMarkdown('\n\n---\n\n');
      md.appendMarkdown(`$(flame) **This line** · ${escape(type)}: ${formatValue(line.cum, unit)} total (${formatPercent(line.cum / total)})` +
        ` · self ${formatValue(line.flat, unit)} (${formatPercent(line.flat / total)})`);
      if (line.changed) md.appendMarkdown('\n\n$(warning) This line changed since the profiled commit: the figure is for its old text.');
    }
    if (!fn && !line) return undefined;
    md.appendMarkdown(`\n\n${escape(describeProfile(loaded.profile))}`);
    const openIn = this.openInLink();
    if (openIn) {
      md.appendMarkdown(` · ${openIn}`);
      const enabled = typeof md.isTrusted === 'object' ? md.isTrusted.enabledCommands : [];
      md.isTrusted = { enabledCommands: [...enabled, 'perflens.openInBackend'] };
    }
    return new vscode.Hover(md);
  }

  /** The profile function whose declared name is the word under the cursor, in this file. */
  private functionAt(document: vscode.TextDocument, position: vscode.Position): FunctionCost | undefined {
    const range = document.getWordRangeAtPosition(position, /[\p{L}_$][\p{L}\p{N}_$]*/u);
    if (!range) return undefined;
    const word = document.getText(range);
    const candidates = this.session.functionsIn(document.uri).filter((f) => declaredName(f.name) === word);
    if (candidates.length === 0) return undefined;
    // Same name twice in a file (methods of two types): the one whose cost starts closest below the cursor.
    const below = candidates.filter((f) => f.firstLine - 1 >= position.line).sort((a, b) => a.firstLine - b.firstLine);
    return below[0] ?? candidates.sort((a, b) => b.cum - a.cum)[0];
  }
}

function appendFunction(md: vscode.MarkdownString, loaded: LoadedProfile, fn: FunctionCost, trend: FunctionTrend | string | undefined): void {
  const { unit, total, type, functions } = loaded.profile;
  md.appendMarkdown('$(flame) **');
  md.appendText(visibleControls(fn.name));
  md.appendMarkdown(`** · ${escape(type)}\n\n`);
  md.appendMarkdown('| | cost | share |\n|---|---:|---:|\n');
  md.appendMarkdown(`| total (with callees) | ${formatValue(fn.cum, unit)} | ${formatPercent(fn.cum / total)} |\n`);
  md.appendMarkdown(`| self | ${formatValue(fn.flat, unit)} | ${formatPercent(fn.flat / total)} |\n`);
  const edges = (title: string, list: FunctionCost['callers']) => {
    if (list.length === 0) return;
    md.appendMarkdown(`\n**${title}:** `);
    md.appendMarkdown(list.slice(0, MAX_EDGES).map((e) => `${escape(shortName(functions[e.fn].name))} ${formatPercent(e.value / total)}`).join(' · '));
    md.appendMarkdown('\n');
  };
  if (typeof trend === 'string') md.appendMarkdown(`\n$(graph-line) ${escape(trend)}\n`);
  else if (trend) {
    const first = trend.shares[0];
    const last = trend.shares[trend.shares.length - 1];
    md.appendMarkdown(`\n$(graph-line) ${escape(trend.caption)} \`${trend.sparkline}\` ${formatPercent(first)} → ${formatPercent(last)}\n`);
  }
  edges('Calls', fn.callees);
  edges('Called by', fn.callers);
  // The endpoints (span names, or the most telling label) whose requests spend the most here, as a share of the
  // function's own total.
  if (fn.spanNames && fn.spanNames.length > 0 && fn.cum !== 0) {
    md.appendMarkdown(`\n**Spent in (${escape(visibleControls(fn.spanNames[0].key ?? 'span'))}):** `);
    md.appendMarkdown(fn.spanNames.map((s) => `${escape(visibleControls(s.name))} ${formatPercent(s.value / fn.cum)}`).join(' · '));
    md.appendMarkdown('\n');
  }
  // The only trusted commands: profile text reaches them only as JSON in the (percent-encoded) link target.
  md.isTrusted = { enabledCommands: ['perflens.showInFlameGraph', 'perflens.compareWithPrevious'] };
  const args = encodeURIComponent(JSON.stringify([{ name: fn.name, profileFile: fn.profileFile }])).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  md.appendMarkdown(`\n[$(flame) Show in Flame Graph](command:perflens.showInFlameGraph?${args} "Callers and callees of this function")`);
  md.appendMarkdown(' · [$(diff) Compare with Previous Release](command:perflens.compareWithPrevious "This version against the release deployed before it")\n');
}

function shortName(name: string): string {
  return displayFunctionName(name);
}

/** Escape text for markdown (profile strings are untrusted and may contain markup). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}
