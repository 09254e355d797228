// Fetching both sides of a comparison and showing it: each side's files (a store's listed where they are, a
// remote source's fetched for the side's versions, window and label filter), then the worker's diff (the core's one
// diff, as `perflens diff`), shown in the panel and the gutter; then the commits behind its regressions, filled in
// when git has named them.
import * as vscode from 'vscode';
import type { SideQuery } from '../../core/diff/releaseDiff';
import type { SideAsked } from '../../core/diff/sideSelection';
import { isSourceError, StoreSource, type ProfileSource } from '../../sources';
import { workspaceOptions } from '../analysisRequest';
import type { ProfileSession } from '../profileSession';
import type { LoadOrigins } from '../links/loadOrigin';
import { fetchSelection, type SourceContext } from '../sources/loadFromSource';
import { describeWindow } from '../timeRange/rangeChoice';
import type { DiffPageHeader } from '../../shared/diffPanelProtocol';
import type { ReleaseDiffView } from '../../shared/releaseDiffView';
import { sideLabel, type CompareSide, type Comparison } from './comparison';
import { comparisonHeader } from './comparisonHeader';
import { followUpCommits } from '../trends/commitsFollowUp';
import type { ViewCommits } from '../../core/diff/commitsInView';
import type { DiffController } from './diffController';

export interface CompareContext extends SourceContext {
  /** Where the session's profiles came from: their server offers its labels for "a label value vs the rest". */
  readonly origins?: LoadOrigins;
  readonly diff: DiffController;
  /** Where the comparison is shown (the diff panel, a webview the editor does not know), with its header. */
  readonly panel: { show(view: ReleaseDiffView, header?: DiffPageHeader): void; fillCommits(view: ReleaseDiffView, filled: ReleaseDiffView, found: ViewCommits): void };
  readonly session: ProfileSession;
}

interface FetchedSide {
  readonly sources: readonly string[];
  readonly query: SideQuery;
  readonly asked: SideAsked;
  readonly fromStore: boolean;
}

const sideName = (name: 'base' | 'head', side: CompareSide, other: CompareSide) => `the ${name === 'base' ? 'before' : 'after'} side (${sideLabel(side, other)})`;

/** One side's files and the query that selects its samples among them. */
async function fetchSide(ctx: CompareContext, source: ProfileSource, side: CompareSide, what: string,
  progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<FetchedSide> {
  const asked: SideAsked = { range: side.range, labels: side.labels, frames: side.frames };
  try {
    if (source instanceof StoreSource) {
      // The store's files are named by when they were taken: listed for the range, they are the side's profiles
      // (as the time range shown and `perflens diff --source <store>` select them).
      const listed = await fetchSelection(ctx, source, { service: side.service, type: side.type, versions: side.versions, range: side.range }, progress, token);
      return { sources: listed.sources, query: { labels: side.labels, frames: side.frames }, asked, fromStore: true };
    }
    const fetched = await fetchSelection(ctx, source, { service: side.service, type: side.type, versions: side.versions, range: side.range, labels: side.labels }, progress, token);
    // Fetched for the side's window (and stamped with it); what the server did not filter by label is filtered here.
    return { sources: fetched.sources, query: { labels: fetched.labels ?? [], frames: side.frames }, asked, fromStore: false };
  } catch (e) {
    if (isSourceError(e) && e.kind === 'no-data') {
      const when = side.range ? ` between ${describeWindow(side.range.fromMs, side.range.toMs)}` : '';
      const versions = side.versions?.length ? ` of version ${side.versions.join(', ')}` : '';
      throw new Error(`${what}: ${source.displayName} has no ${side.type} profiles of ${side.service}${versions}${when}.`);
    }
    throw e;
  }
}

/** Fetches both sides, compares them in the worker and shows the result; throws with a sentence on bad input. */
export async function showComparison(ctx: CompareContext, comparison: Comparison, sources: { readonly base: ProfileSource; readonly head: ProfileSource }): Promise<void> {
  const { base, head } = comparison;
  const labels = { base: sideLabel(base, head), head: sideLabel(head, base) };
  ctx.log.info(`comparing ${base.service} ${base.sampleType}: ${labels.base} → ${labels.head} (${comparison.preset})`);
  let ask: Parameters<typeof followUpCommits>[2] | undefined;
  const view = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `PerfLens: ${base.service} ${labels.base} → ${labels.head}`, cancellable: true },
    async (progress, token) => {
      progress.report({ message: `fetching ${labels.base}` });
      const b = await fetchSide(ctx, sources.base, base, sideName('base', base, head), progress, token);
      progress.report({ message: `fetching ${labels.head}` });
      const h = await fetchSide(ctx, sources.head, head, sideName('head', head, base), progress, token);
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      progress.report({ message: 'comparing' });
      const { roots, pathMappings, allowGit, limits } = workspaceOptions();
      ask = { base: b.sources, head: h.sources, typeName: base.sampleType, limits, skipUnreadable: b.fromStore || h.fromStore, roots, allowGit };
      return ctx.analyzer.request('releaseDiff', {
        base: { label: labels.base, sources: b.sources, query: b.query, asked: b.asked },
        head: { label: labels.head, sources: h.sources, query: h.query, asked: h.asked },
        typeName: base.sampleType, roots, pathMappings, allowGit, limits, skipUnreadable: b.fromStore || h.fromStore,
      }, { token, onProgress: (message) => progress.report({ message }), lane: 'releaseDiff' });
    },
  );
  ctx.diff.show(view, comparison);
  const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  ctx.panel.show(view, comparisonHeader(comparison, root, view.appOnlyLeftOut));
  if (ask) void followUpCommits(ctx.analyzer, view, ask, ctx.diff, ctx.panel, ctx.log);
}
